"""The non-compete reminder letter for a former employee (A3/A4): one A4 page in their language.

Built on ``forms.render.Renderer.render`` (the shared, warm environment and fonts); this module
only formats dates and amounts for the reader's locale. The template holds every text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from forms.noncompete_data import NonCompeteLetterData
from forms.render import Renderer
from resources.i18n import babel_locale

TEMPLATE = "noncompete_letter.html"


def _money(amount: Decimal, currency: str | None, locale: str) -> str:
    if currency is None:
        return format_decimal(amount, format="#,##0.00", locale=locale)
    return format_currency(amount, currency, locale=locale)


def render_noncompete_letter(renderer: Renderer, data: NonCompeteLetterData) -> bytes:
    locale = babel_locale(data.language)

    def day(value: date) -> str:
        return format_date(value, format="long", locale=locale)

    return renderer.render(
        TEMPLATE,
        data.language,
        letter=data,
        letter_date=day(data.letter_date),
        last_day=day(data.last_day),
        period=f"{day(data.first_day)} – {day(data.last_bound_day)}",
        first_day=day(data.first_day),
        last_bound_day=day(data.last_bound_day),
        monthly=_money(data.monthly_due, data.currency, locale),
        total=_money(data.total_due, data.currency, locale),
        release_deadline=day(data.release_deadline) if data.release_deadline else None,
    )
