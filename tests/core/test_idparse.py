"""parse_id as a whole: recognition, the storable minimum, hostile input, fuzzing."""

import dataclasses
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from core.idparse import MAX_LENGTH, Kind, StoredId, parse_id
from tests.core.id_samples import AAMVA_US, CONTRACT_KEYS, td1, td2, td3

TODAY = date(2025, 6, 1)


def test_each_kind_is_recognised():
    samples = {
        Kind.MRZ_TD1: td1(),
        Kind.MRZ_TD2: td2(),
        Kind.MRZ_TD3: td3(),
        Kind.AAMVA: AAMVA_US,
        Kind.FI_HETU: "131052-308T",
        Kind.CN_RIC: "360426199101010071",
    }
    for kind, text in samples.items():
        result = parse_id(text, today=TODAY)
        assert result.kind is kind and result.ok, (kind, result.errors)
        assert list(result.as_dict()) == CONTRACT_KEYS


def test_minimum_never_holds_the_full_number_or_personal_data():
    result = parse_id(td3(number="X12345678", personal="987654321"), today=TODAY)
    stored = result.minimum()
    assert stored == StoredId(Kind.MRZ_TD3, "P", "FIN", date(2034, 1, 1), "5678", True)
    flat = json.dumps(dataclasses.asdict(stored), default=str)
    for secret in ("X12345678", "987654321", "VIRTANEN", "AINO", "1990"):
        assert secret not in flat


def test_minimum_of_a_failed_check_is_not_verified():
    stored = parse_id("131052-308U", today=TODAY).minimum()
    assert stored is not None and stored.verified is False
    assert parse_id("hello").minimum() is None


def test_unrecognised_empty_too_long():
    assert "not an ID Vartio can read" in str(parse_id("DROP TABLE visitors;--").errors[0])
    assert str(parse_id(" \n\t ").errors[0]) == "No ID text was given."
    too_long = parse_id("A" * (MAX_LENGTH + 1))
    assert too_long.kind is None and "too long" in str(too_long.errors[0])
    assert "too long" in str(parse_id(b"A" * (4 * MAX_LENGTH + 1)).errors[0])


def test_bytes_are_utf8():
    assert parse_id(b"131052-308T", today=TODAY).ok
    assert str(parse_id(b"\xff\xfe131052-308T").errors[0]) == "The ID text is not valid UTF-8 text."
    # What Python makes of undecodable command-line bytes.
    assert "UTF-8" in str(parse_id("131052-308T\udcff").errors[0])


def test_errors_render_through_gettext():
    result = parse_id("131052-308U", today=TODAY)
    finnish = {
        "Check digit of the {field} is wrong.": "Kentän {field} tarkiste on väärä.",
        "Finnish personal identity code": "henkilötunnus",
    }
    body = result.as_dict(gettext=lambda text: finnish.get(text, text))
    assert body["errors"] == ["Kentän henkilötunnus tarkiste on väärä."]


def _assert_well_formed(result):
    body = result.as_dict()
    assert list(body) == CONTRACT_KEYS
    assert body["ok"] == (not body["errors"]) and (body["ok"] or body["errors"])
    json.dumps(body, ensure_ascii=False).encode("utf-8")


MRZ_ALPHABET = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text(text):
    _assert_well_formed(parse_id(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_any_bytes(data):
    _assert_well_formed(parse_id(data))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([(3, 30), (2, 36), (2, 44)]).flatmap(
        lambda shape: st.lists(
            st.text(MRZ_ALPHABET, min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_fuzz_mrz_shaped(lines):
    _assert_well_formed(parse_id("\n".join(lines), today=TODAY))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.integers(0, len(AAMVA_US)))
def test_fuzz_aamva_shaped(noise, cut):
    _assert_well_formed(parse_id(AAMVA_US[:cut] + noise, today=TODAY))
    _assert_well_formed(parse_id("@\n\x1e\rANSI " + noise, today=TODAY))


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{6}[-+A-Z][0-9]{3}[0-9A-Z]|[0-9]{17}[0-9X]", fullmatch=True))
def test_fuzz_national_shaped(code):
    _assert_well_formed(parse_id(code, today=TODAY))
