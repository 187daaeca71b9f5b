"""The visitor's language for the whole program: our gettext catalog plus Qt's own .qm files.

Screens ask ``translator.tr(msgid, **params)`` and implement ``retranslate_ui()``; switching
language emits ``languageChanged`` and every screen redraws its text in place, so nothing
typed is lost (the Frescobaldi pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator, Signal

from core.errors import ValidationFailed, VartioError
from core.messages import N_, Message
from resources.i18n import DEFAULT_LANGUAGE, LANGUAGES, babel_locale, translations

# Our language codes -> the suffix of Qt's own catalogs, qtbase_<suffix>.qm.
QT_LANGUAGES = {"en": "en", "fi": "fi", "sv": "sv", "zh_Hans": "zh_CN"}


class Translator(QObject):
    languageChanged = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        catalog: Callable[[str], Any] = translations,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._gettext: Callable[[str], str] = catalog(language).gettext
        self._qt_translator: QTranslator | None = None
        self._install_qt(language)

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self._language:
            return
        self._language = language
        self._gettext = self._catalog(language).gettext
        self._install_qt(language)
        self.languageChanged.emit(language)

    def gettext(self, msgid: str) -> str:
        return self._gettext(msgid)

    def tr(self, msgid: str, **params: Any) -> str:  # type: ignore[override]
        """Translate ``msgid`` and fill ``{name}`` fields from ``params``."""
        text = self._gettext(msgid)
        return text.format(**params) if params else text

    def format_date(self, day: date) -> str:
        """A date as people of the current language write it (25.11.2026, 2026年11月25日)."""
        return format_date(day, format="medium", locale=babel_locale(self._language))

    def render(self, message: Message) -> str:
        return message.render(self._gettext)

    def _install_qt(self, language: str) -> None:
        """Standard dialogs and context menus (OK, Cancel, Copy…) in the same language."""
        app = QCoreApplication.instance()
        if app is None:
            return
        if self._qt_translator is not None:
            app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if language == "en":
            return
        qt = QTranslator(self)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{QT_LANGUAGES[language]}", directory):
            app.installTranslator(qt)
            self._qt_translator = qt


TRY_AGAIN = Message(N_("Please try again."))


def problem_text(i18n: Translator, exc: BaseException) -> str:
    """A refusal's message (every field's for a form), or a plain "try again"."""
    if isinstance(exc, ValidationFailed):
        return " ".join(i18n.render(m) for m in exc.errors.values())
    return i18n.render(exc.message if isinstance(exc, VartioError) else TRY_AGAIN)
