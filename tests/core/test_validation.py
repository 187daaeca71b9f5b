"""Text checks: one-line fields fold whitespace; notes keep their lines but nothing else odd."""

from hypothesis import given
from hypothesis import strategies as st

from core.messages import Message
from core.validation import check_lines, check_text, clean, clean_lines

LABEL = Message("the notes")


def test_clean_lines_keeps_line_breaks_and_folds_the_rest():
    assert clean_lines("\n\n  a   b \r\n\r\n\r\n c\t d \n\n") == "a b\n\nc d"
    assert clean_lines("one\rtwo") == "one\ntwo"
    assert clean_lines(None) == "" and clean_lines(" \n \n") == ""


def test_check_lines_allows_breaks_and_tabs_but_no_other_control_characters():
    assert check_lines("a\nb\r\n\tc", LABEL, True, 10) is None
    assert check_lines("a\x00b", LABEL, False, 10) is not None
    assert check_lines("a\u202eb", LABEL, False, 10) is not None
    assert check_lines(" \n ", LABEL, True, 10) is not None  # required, nothing there
    assert check_lines("x" * 11, LABEL, False, 10) is not None
    assert check_text("a\nb", LABEL, False, 10) is not None  # a one-line field refuses it


@given(st.text(max_size=80))
def test_clean_lines_is_idempotent_and_agrees_with_clean_line_by_line(text):
    kept = clean_lines(text)
    assert clean_lines(kept) == kept
    assert all(line == clean(line) for line in kept.split("\n"))
    assert "\n\n\n" not in kept and not kept.startswith("\n") and not kept.endswith("\n")
