"""The one catalog: every message in the sources is translated, with matching placeholders."""

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from resources.i18n import LANGUAGES, catalog_path, translations

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "tr": None, "ngettext": (1, 2)}
METHOD_MAP = [
    ("core/**.py", "python"),
    ("gui/**.py", "python"),
    ("kiosk/**.py", "python"),
    ("admin/**.py", "python"),
    ("forms/templates/**.html", "jinja2"),
]
COMPLETE = ("fi", "sv", "zh_Hans")


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def messages():
    found = source_messages()
    assert len(found) > 20  # the extractor really ran over the sources
    return found


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_catalog_exists_and_placeholders_match(language):
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and message.string and isinstance(message.id, str):
            assert fields(message.string) == fields(message.id), (language, message.id)


@pytest.mark.parametrize("language", COMPLETE)
def test_every_source_message_is_translated(messages, language):
    with catalog_path(language).open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    missing = sorted(messages - translated)
    assert not missing, f"{language} lacks {len(missing)}: {missing[:10]}"


def test_english_is_the_source_language():
    assert translations("en").gettext("Please sign the agreement.") == "Please sign the agreement."


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        translations("xx")
