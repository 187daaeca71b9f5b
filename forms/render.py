"""A warm renderer: Jinja2 environment, parsed CSS and font configuration made once, reused.

WeasyPrint takes ~0.6 s to import, so it is imported on first render, never at import time;
callers render from worker threads, and a lock keeps one render at a time per renderer.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from forms.data import BadgeData, NdaData
from forms.qr import png_data_uri, qr_png_data_uri
from resources import ROOT
from resources.i18n import babel_locale, translations

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = lambda text: [p.strip() for p in text.split("\n\n") if p.strip()]
    return env


class Renderer:
    def __init__(self) -> None:
        self._env = _environment()
        self._lock = threading.Lock()
        self._css: dict[str, Any] = {}
        self._fonts: Any = None
        self._fetcher: Any = None

    def _stylesheet(self, name: str) -> Any:
        if name not in self._css:
            from weasyprint import CSS

            self._css[name] = CSS(
                filename=str(TEMPLATES / name),
                font_config=self._fonts,
                url_fetcher=self._fetcher,
            )
        return self._css[name]

    def _render(self, template: str, stylesheet: str, language: str, **values: Any) -> bytes:
        with self._lock:
            from weasyprint import HTML
            from weasyprint.text.fonts import FontConfiguration

            from forms.fetcher import ResourceFetcher

            if self._fonts is None:
                self._fonts, self._fetcher = FontConfiguration(), ResourceFetcher()
            gettext: Callable[[str], str] = translations(language).gettext
            html = self._env.get_template(template).render(
                _=gettext, lang=language.replace("_", "-"), **values
            )
            document = HTML(string=html, base_url=ROOT.as_uri() + "/", url_fetcher=self._fetcher)
            pdf: bytes = document.write_pdf(
                stylesheets=[self._stylesheet(stylesheet)], font_config=self._fonts
            )
            return pdf

    def badge(self, data: BadgeData) -> bytes:
        locale = babel_locale(data.language)
        return self._render(
            "badge.html",
            "badge.css",
            data.language,
            badge=data,
            visit_date=format_date(data.visit_date, format="medium", locale=locale),
            valid_until=format_time(data.valid_until, format="short", locale=locale),
            qr_uri=qr_png_data_uri(data.token),
            photo_uri=png_data_uri(data.photo_png) if data.photo_png else None,
        )

    def nda(self, data: NdaData) -> bytes:
        locale = babel_locale(data.language)
        signed_local = data.signed_at.astimezone(ZoneInfo(data.timezone))
        return self._render(
            "nda.html",
            "nda.css",
            data.language,
            nda=data,
            signed_at=format_datetime(signed_local, format="long", locale=locale),
            signature_uri=png_data_uri(data.signature_png) if data.signature_png else None,
        )


@functools.cache
def default_renderer() -> Renderer:
    return Renderer()
