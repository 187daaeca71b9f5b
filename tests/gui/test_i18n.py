import gettext as stdlib_gettext

import pytest
from PySide6.QtCore import QCoreApplication

from core.messages import Message
from gui.i18n import Translator

FI = {
    "Check in": "Ilmoittaudu",
    "Welcome, {first_name}.": "Tervetuloa, {first_name}.",
    "Please enter {field}.": "Anna {field}.",
    "your first name": "etunimesi",
}


class Catalog(stdlib_gettext.NullTranslations):
    """A stand-in catalog that knows a little Finnish."""

    def __init__(self, language):
        super().__init__()
        self.language = language

    def gettext(self, message):
        return FI.get(message, message) if self.language == "fi" else message


@pytest.fixture
def translator(qapp):
    t = Translator(catalog=Catalog)
    yield t
    t.set_language("en")  # also removes Qt's catalog from the application


def test_switching_language_translates_and_signals(translator, qtbot):
    assert translator.tr("Check in") == "Check in"
    with qtbot.waitSignal(translator.languageChanged) as blocker:
        translator.set_language("fi")
    assert blocker.args == ["fi"]
    assert translator.language == "fi"
    assert translator.tr("Check in") == "Ilmoittaudu"
    assert translator.tr("Welcome, {first_name}.", first_name="Kaisa") == "Tervetuloa, Kaisa."
    assert translator.tr("Not in the catalog") == "Not in the catalog"


def test_messages_from_core_render_with_their_parameters(translator):
    message = Message("Please enter {field}.", {"field": Message("your first name")})
    assert translator.render(message) == "Please enter your first name."
    translator.set_language("fi")
    assert translator.render(message) == "Anna etunimesi."


def test_same_language_does_not_signal(translator, qtbot):
    with qtbot.assertNotEmitted(translator.languageChanged):
        translator.set_language("en")


def test_unknown_language_is_refused(translator):
    with pytest.raises(ValueError):
        translator.set_language("xx")


def test_qt_dialogs_follow_the_language(translator):
    translator.set_language("fi")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Peru"
    translator.set_language("zh_Hans")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    translator.set_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_real_catalog_is_used_by_default(qapp):
    translator = Translator()
    translator.set_language("sv")
    assert translator.gettext("Please sign the agreement.")  # served by resources.i18n
    translator.set_language("en")
