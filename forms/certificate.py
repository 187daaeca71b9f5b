"""The offboarding completion certificate (A4) as an A4 PDF, drawn by the shared renderer."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_datetime

from forms.certificate_data import CertificateData
from forms.render import Renderer, default_renderer
from resources.i18n import babel_locale


def offboarding_certificate(data: CertificateData, renderer: Renderer | None = None) -> bytes:
    locale = babel_locale(data.language)

    def when(moment: datetime) -> str:
        return format_datetime(moment, format="short", locale=locale)

    return (renderer or default_renderer()).render(
        "offboarding_certificate.html",
        data.language,
        cert=data,
        last_day=format_date(data.last_day, format="long", locale=locale),
        opened_at=when(data.opened_at),
        closed_at=when(data.closed_at),
        items=[
            (item, format_date(item.issued_on, format="short", locale=locale), when(item.closed_at))
            for item in data.items
        ],
        tasks=[
            (task, format_date(task.due_on, format="short", locale=locale), when(task.done_at))
            for task in data.tasks
        ],
        signatures=[(s, when(s.signed_at)) for s in data.signatures],
        events=[(e, when(e.at)) for e in data.events],
    )
