"""The only way a document reaches outside itself: data: URIs and files below resources/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

from resources import ROOT


class RefusedURL(ValueError):
    """A document asked for something other than an embedded value or a shipped resource."""


def resource_path(url: str) -> Path:
    """The file a ``file:`` URL names, if it lies below resources/ (symlinks resolved)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"refused: {url[:80]}")
    target = Path(unquote(parts.path)).resolve()
    if not target.is_relative_to(ROOT.resolve()) or not target.is_file():
        raise RefusedURL(f"refused: {url[:80]}")
    return target


class ResourceFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None):
        if not url.startswith("data:"):
            resource_path(url)
        return super().fetch(url, headers)
