"""The one gettext catalog (resources/locale/<lang>/LC_MESSAGES/vartio.po), for GUI and forms alike.

Catalogs are read from the .po sources with Babel and compiled in memory once per language,
so a translator's edit is live without a build step and no stale .mo can linger.
"""

from __future__ import annotations

import functools
import io

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from resources import path

DOMAIN = "vartio"
DEFAULT_LANGUAGE = "en"
# Order is the order of the kiosk's language picker; names are shown in their own language.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "fi": "Suomi",
    "sv": "Svenska",
    "zh_Hans": "简体中文",
}


def catalog_path(language: str):  # -> Path
    return path("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")


@functools.cache
def translations(language: str) -> NullTranslations:
    """Translations for ``language``; English (the source language) is the identity."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    po = catalog_path(language)
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def babel_locale(language: str) -> str:
    """The Babel/CLDR locale used for dates and numbers in ``language``."""
    return {"zh_Hans": "zh_Hans_CN", "fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}[language]
