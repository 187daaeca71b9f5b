"""The only way a document reaches outside itself: data: URIs and files below resources/."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

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
    """WeasyPrint logs a refusal and leaves the image or stylesheet out; nothing is fetched."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        # Read the resolved path ourselves, so the file checked is the file served.
        target = resource_path(url)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            target.as_uri(), body=target.read_bytes(), headers={"Content-Type": content_type}
        )
