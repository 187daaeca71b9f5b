"""A warm renderer: Jinja2 environment, parsed CSS and font configuration made once, reused.

WeasyPrint (~0.6 s), Jinja2, segno and Pillow (~70 ms together) are imported on first use,
never at import time, so the command line starts fast. Callers render from worker threads;
a lock keeps one render at a time per renderer.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time

from forms.data import BadgeData, InvitationData, MusterData, NdaData
from forms.images import data_uri, photo_data_uri
from forms.qr import qr_png_data_uri
from resources import ROOT
from resources.i18n import babel_locale, translations

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent / "templates"


def paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines (a line of only spaces counts as blank)."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if p.strip()]


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters: CSS draws the visible ellipsis, this only keeps a
    10,000-character name from costing 10,000 glyphs of layout."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_counter(text: str) -> Any:
    """A translated "Page {page} of {pages}" as a CSS ``content`` value with the page counters
    (for a document's own <style>): literal parts hex-escaped, so nothing closes the style."""
    import string

    from markupsafe import Markup

    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        if literal:
            escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in literal)
            parts.append(f'"{escaped}"')
        if name in ("page", "pages"):
            parts.append(f"counter({name})")
    return Markup(" ".join(parts) or '""')  # noqa: S704 (every literal is hex-escaped)


def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["clip"] = clip
    env.filters["page_counter"] = page_counter
    return env


class Renderer:
    def __init__(self) -> None:
        self._env: Environment | None = None
        self._lock = threading.Lock()
        self._css: dict[str, Any] = {}
        self._fonts: Any = None
        self._fetcher: Any = None

    def _warm_up(self) -> Environment:
        """The Jinja environment, fonts and URL fetcher, made on first use (under the lock)."""
        if self._env is None:
            from weasyprint.text.fonts import FontConfiguration

            from forms.fetcher import ResourceFetcher

            self._fonts, self._fetcher = FontConfiguration(), ResourceFetcher()
            self._env = environment()
        return self._env

    def _stylesheet(self, name: str) -> Any:
        if name not in self._css:
            from weasyprint import CSS

            self._css[name] = CSS(
                filename=str(TEMPLATES / name), font_config=self._fonts, url_fetcher=self._fetcher
            )
        return self._css[name]

    def warm(self) -> None:
        """Pay the start-up costs now (WeasyPrint's import, the stylesheets, the Latin and CJK
        fonts) rather than during the first visitor's check-in. Safe from any thread."""
        with self._lock:
            from weasyprint import HTML

            self._warm_up()
            for name in ("badge.css", "nda.css"):
                self._stylesheet(name)
            HTML(string="<p>Vartio <b>访客</b></p>").write_pdf(
                stylesheets=[self._stylesheet("badge.css")], font_config=self._fonts
            )

    def render(self, template: str, language: str, **values: Any) -> bytes:
        """PDF of ``template`` (with its .css beside it) in ``language``."""
        with self._lock:
            from weasyprint import HTML

            env = self._warm_up()
            # The environment is shared, so the language is installed under the lock.
            env.install_gettext_translations(translations(language))  # type: ignore[attr-defined]
            html = env.get_template(template).render(lang=language.replace("_", "-"), **values)
            document = HTML(string=html, base_url=ROOT.as_uri() + "/", url_fetcher=self._fetcher)
            stylesheet = self._stylesheet(Path(template).with_suffix(".css").name)
            pdf: bytes = document.write_pdf(
                stylesheets=[stylesheet], font_config=self._fonts, optimize_images=False
            )
            return pdf

    def badge(self, data: BadgeData) -> bytes:
        locale = babel_locale(data.language)
        if data.valid_until.date() == data.visit_date:
            valid_until = format_time(data.valid_until, format="short", locale=locale)
        else:
            valid_until = format_datetime(data.valid_until, format="short", locale=locale)
        return self.render(
            "badge.html",
            data.language,
            badge=data,
            visit_date=format_date(data.visit_date, format="medium", locale=locale),
            valid_until=valid_until,
            qr_uri=qr_png_data_uri(data.token),
            photo_uri=photo_data_uri(data.photo_png) if data.photo_png else None,
        )

    def nda(self, data: NdaData) -> bytes:
        signed_at = format_datetime(
            data.signed_at,
            format="long",
            tzinfo=ZoneInfo(data.timezone),
            locale=babel_locale(data.language),
        )
        return self.render(
            "nda.html",
            data.language,
            nda=data,
            signed_at=signed_at,
            signature_uri=data_uri(data.signature_png) if data.signature_png else None,
        )

    def invitation(self, data: InvitationData) -> bytes:
        locale = babel_locale(data.language)
        start, end = data.expected_start, data.expected_end
        dates = format_date(start.date(), format="full", locale=locale)
        if end.date() != start.date():
            dates += " – " + format_date(end.date(), format="full", locale=locale)
        times = None
        if not data.all_day:
            times = " – ".join(format_time(t, format="short", locale=locale) for t in (start, end))
        return self.render(
            "invitation.html",
            data.language,
            invitation=data,
            dates=dates,
            times=times,
            qr_uri=qr_png_data_uri(data.token, scale=8),
        )

    def muster(self, data: MusterData) -> bytes:
        locale = babel_locale(data.language)
        day = data.generated_at.date()
        rows = []
        for person in data.people:
            at, since = person.checked_in_at, ""
            if at is not None and at.date() == day:
                since = format_time(at, format="short", locale=locale)
            elif at is not None:  # checked in on an earlier day: the date matters
                since = format_datetime(at, format="short", locale=locale)
            rows.append((person, since))
        return self.render(
            "muster.html",
            data.language,
            muster=data,
            rows=rows,
            generated_at=format_datetime(data.generated_at, format="short", locale=locale),
        )


@functools.cache
def default_renderer() -> Renderer:
    """The process's shared renderer (fonts and stylesheets stay warm between documents)."""
    return Renderer()
