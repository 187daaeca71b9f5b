"""Finnish personal identity codes (with the 2023 century signs) and Chinese RIC numbers."""

from datetime import date

import pytest
from stdnum.fi import hetu

from core.idparse import Kind, parse_id

TODAY = date(2025, 6, 1)


def errors(result):
    return [str(e) for e in result.errors]


def with_check(code: str) -> str:
    """A HETU without its check character, completed (mod 31 of the nine digits)."""
    digits = code[0:6] + code[7:10]
    return code + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(digits) % 31]


@pytest.mark.parametrize(
    ("code", "born", "sex"),
    [
        ("131052-308T", date(1952, 10, 13), "F"),  # python-stdnum's example
        ("010594Y9032", date(1994, 5, 1), "M"),  # the 2023 signs, 900-range numbers
        ("010594Y9021", date(1994, 5, 1), "F"),
        ("020594X903P", date(1994, 5, 2), "M"),
        ("020594X902N", date(1994, 5, 2), "F"),
        ("030594W903B", date(1994, 5, 3), "M"),
        ("040594V9030", date(1994, 5, 4), "M"),
        ("050594U903M", date(1994, 5, 5), "M"),
        ("010516B903X", date(2016, 5, 1), "M"),
        ("010516B902W", date(2016, 5, 1), "F"),
        ("020516C903K", date(2016, 5, 2), "M"),
        ("030516D9037", date(2016, 5, 3), "M"),
        ("010501E9032", date(2001, 5, 1), "M"),
        (with_check("020516F903"), date(2016, 5, 2), "M"),
        (with_check("010170+002"), date(1870, 1, 1), "F"),
        (with_check("311299-003"), date(1999, 12, 31), "M"),
        (with_check("311200A004"), date(2000, 12, 31), "F"),
    ],
)
def test_valid_hetu_every_century_sign(code, born, sex):
    # Individual numbers 900-999 are temporary codes: valid to stdnum with allow_temporary,
    # refused by Vartio as no person's code.
    temporary = int(code[7:10]) >= 900
    assert hetu.is_valid(code, allow_temporary=temporary)
    result = parse_id(code.lower() if code.endswith("T") else code, today=TODAY)
    assert result.kind is Kind.FI_HETU and result.issuing_country == "FIN"
    assert (result.birth_date, result.sex, result.number_last4) == (born, sex, code[-4:])
    if temporary:
        assert errors(result) == [
            "The individual number of the Finnish personal identity code is not valid."
        ]
    else:
        assert result.ok, errors(result)


def test_stdnum_knows_the_2023_century_signs():
    assert hetu.is_valid("010594Y9032", allow_temporary=True)
    assert hetu.is_valid(with_check("010516B123"))


def test_hetu_wrong_check_character():
    assert errors(parse_id("131052-308U", today=TODAY)) == [
        "Check digit of the Finnish personal identity code is wrong."
    ]
    # G, I, O, Q, Z are never check characters.
    assert "Check digit" in errors(parse_id("131052-308G", today=TODAY))[0]


def test_hetu_impossible_date():
    assert errors(parse_id(with_check("310252-308"), today=TODAY)) == [
        "The date of birth is not a valid date."
    ]


def test_hetu_future_birth_and_unknown_sign():
    assert errors(parse_id(with_check("010130A123"), today=TODAY)) == [
        "The date of birth is in the future."
    ]
    assert errors(parse_id("131052G308T", today=TODAY)) == [
        "The century sign of the Finnish personal identity code is not valid."
    ]


@pytest.mark.parametrize("individual", ["000", "001", "900", "999"])
def test_hetu_individual_numbers_no_person_has(individual):
    result = parse_id(with_check("131052-" + individual), today=TODAY)
    assert not result.ok and "individual number" in errors(result)[0]


def _ric(body17: str) -> str:
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("360426199101010071", date(1991, 1, 1), "M"),  # stdnum's example
        (_ric("11010519491231002"), date(1949, 12, 31), "F"),
    ],
)
def test_valid_ric(number, born, sex):
    result = parse_id(number, today=TODAY)
    assert result.ok, errors(result)
    assert result.kind is Kind.CN_RIC and result.issuing_country == "CHN"
    assert (result.birth_date, result.sex, result.number_last4) == (born, sex, number[-4:])


def test_ric_with_x_check_character_lower_case():
    number = next(
        _ric(f"1101051990010100{i}") for i in range(10) if _ric(f"1101051990010100{i}")[-1] == "X"
    )
    assert parse_id(number.lower(), today=TODAY).ok


def test_ric_wrong_check_digit():
    assert errors(parse_id("360426199101010072", today=TODAY)) == [
        "Check digit of the Chinese resident ID number is wrong."
    ]


def test_ric_impossible_date_future_date_unknown_region():
    assert "The date of birth is not a valid date." in errors(
        parse_id(_ric("36042619910230007"), today=TODAY)
    )
    assert errors(parse_id(_ric("36042620300101007"), today=TODAY)) == [
        "The date of birth is in the future."
    ]
    for region in ("999999", "110001"):  # unknown; known only above county level
        assert errors(parse_id(_ric(region + "19910101007"), today=TODAY)) == [
            "The region code of the Chinese resident ID number is not valid."
        ]
