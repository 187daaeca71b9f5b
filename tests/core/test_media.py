"""K7: a declaration of carried media is a kind from the list and a sensible count, or refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.checkin import validate_walk_in
from core.media import MAX_COUNT, MEDIA_KINDS, check_media
from tests.core.helpers import walk_in


def test_known_kinds_and_counts_pass():
    assert check_media({}) is None
    assert check_media({"usb_stick": 1, "laptop": MAX_COUNT}) is None


@pytest.mark.parametrize(
    "carried",
    [{"floppy": 1}, {"laptop": 0}, {"laptop": -1}, {"laptop": MAX_COUNT + 1}, {"laptop": True}],
)
def test_anything_else_is_refused_with_a_reason(carried):
    assert check_media(carried) is not None


@given(st.dictionaries(st.text(max_size=20), st.integers() | st.booleans() | st.none()))
def test_never_raises(carried):
    problem = check_media(carried)
    valid = all(
        k in MEDIA_KINDS and type(v) is int and 0 < v <= MAX_COUNT for k, v in carried.items()
    )
    assert (problem is None) == valid


def test_check_in_form_reports_a_bad_declaration(demo_app):
    errors = validate_walk_in(walk_in(demo_app.app, carried_media={"floppy": 1}))
    assert set(errors) == {"carried_media"}
