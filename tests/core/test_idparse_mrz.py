"""ICAO 9303 MRZ: the specimens, generated zones, every check digit broken in turn."""

from datetime import date

import pytest

from core.idparse import Kind, parse_id
from core.idparse.mrz import check_digit
from tests.core.id_samples import cd, td1, td2, td3

BEFORE_2012 = date(2010, 6, 1)  # the specimens expire on 2012-04-15
TODAY = date(2025, 6, 1)

SPECIMEN_TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
SPECIMEN_TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
SPECIMEN_TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


def errors(result):
    return [str(e) for e in result.errors]


@pytest.mark.parametrize(
    ("text", "kind", "doc", "last4"),
    [
        (SPECIMEN_TD3, Kind.MRZ_TD3, "P", "02C3"),
        (SPECIMEN_TD1, Kind.MRZ_TD1, "I", "5890"),
        (SPECIMEN_TD2, Kind.MRZ_TD2, "I", "5890"),
    ],
)
def test_icao_specimens(text, kind, doc, last4):
    result = parse_id(text, today=BEFORE_2012)
    assert result.ok, errors(result)
    assert result.kind is kind and result.document_type == doc
    assert (result.issuing_country, result.surname, result.given_names) == (
        "UTO",
        "ERIKSSON",
        "ANNA MARIA",
    )
    assert result.birth_date == date(1974, 8, 12) and result.expiry_date == date(2012, 4, 15)
    assert result.sex == "F" and result.expired is False and result.number_last4 == last4


def test_expired_specimen_says_when():
    result = parse_id(SPECIMEN_TD3, today=TODAY)
    assert not result.ok and result.expired is True
    assert errors(result) == ["Document expired on 2012-04-15."]


def test_valid_on_its_expiry_day():
    assert parse_id(SPECIMEN_TD3, today=date(2012, 4, 15)).ok


def test_icao_check_digit_examples():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("<<<<<<") == "0"


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
        lambda t: "  \n" + t.replace("\n", " \n\t") + "\r\n\n",
    ],
)
def test_reader_line_endings_and_whitespace(wrap):
    assert parse_id(wrap(SPECIMEN_TD1), today=BEFORE_2012).ok


@pytest.mark.parametrize(
    ("build", "kind"), [(td1, Kind.MRZ_TD1), (td2, Kind.MRZ_TD2), (td3, Kind.MRZ_TD3)]
)
def test_generated_zones_are_valid(build, kind):
    result = parse_id(build(), today=TODAY)
    assert result.ok and result.kind is kind, errors(result)
    assert result.birth_date == date(1990, 1, 1) and result.expiry_date == date(2034, 1, 1)


def _corrupt(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    old = lines[line][column]
    new = str((int(old) + 1) % 10) if old.isdigit() else "1"
    lines[line] = lines[line][:column] + new + lines[line][column + 1 :]
    return "\n".join(lines)


# (line, column of the check digit, the field its message names)
TD3_DIGITS = [
    (1, 9, "document number"),
    (1, 19, "date of birth"),
    (1, 27, "expiry date"),
    (1, 42, "personal number"),
    (1, 43, "whole MRZ (composite)"),
]
TD2_DIGITS = [
    (1, 9, "document number"),
    (1, 19, "date of birth"),
    (1, 27, "expiry date"),
    (1, 35, "whole MRZ (composite)"),
]
TD1_DIGITS = [
    (0, 14, "document number"),
    (1, 6, "date of birth"),
    (1, 14, "expiry date"),
    (1, 29, "whole MRZ (composite)"),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "field"),
    [(td3(personal="AB1234567"), *d) for d in TD3_DIGITS]
    + [(td2(), *d) for d in TD2_DIGITS]
    + [(td1(), *d) for d in TD1_DIGITS],
)
def test_each_broken_check_digit_is_named(text, line, column, field):
    result = parse_id(_corrupt(text, line, column), today=TODAY)
    assert not result.ok
    assert errors(result) == [f"Check digit of the {field} is wrong."]


@pytest.mark.parametrize(("build", "line", "column"), [(td3, 1, 3), (td2, 1, 3), (td1, 0, 8)])
def test_a_changed_number_names_the_number_only(build, line, column):
    result = parse_id(_corrupt(build(), line, column), today=TODAY)
    assert errors(result) == ["Check digit of the document number is wrong."]


@pytest.mark.parametrize(("build", "line", "column"), [(td1, 0, 20), (td1, 1, 20), (td2, 1, 30)])
def test_changed_optional_data_is_caught_by_the_composite(build, line, column):
    result = parse_id(_corrupt(build(optional="ABC123DEF"), line, column), today=TODAY)
    assert errors(result) == ["Check digit of the whole MRZ (composite) is wrong."]


def test_impossible_dates():
    result = parse_id(td3(birth="901301", expiry="340230"), today=TODAY)
    assert "The date of birth is not a valid date." in errors(result)
    assert "The expiry date is not a valid date." in errors(result)
    assert result.birth_date is None and result.expired is None


@pytest.mark.parametrize(
    ("birth", "expected"),
    [("250531", date(2025, 5, 31)), ("250602", date(1925, 6, 2)), ("000229", date(2000, 2, 29))],
)
def test_birth_century_is_in_the_past(birth, expected):
    assert parse_id(td3(birth=birth), today=TODAY).birth_date == expected


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [("740101", date(2074, 1, 1)), ("760101", date(1976, 1, 1)), ("991231", date(1999, 12, 31))],
)
def test_expiry_century_is_within_fifty_years_of_today(expiry, expected):
    assert parse_id(td3(expiry=expiry), today=TODAY).expiry_date == expected


def test_unknown_birth_date_as_fillers_is_allowed():
    result = parse_id(td3(birth="<<<<<<"), today=TODAY)
    assert result.ok and result.birth_date is None


@pytest.mark.parametrize(("printed", "sex"), [("F", "F"), ("M", "M"), ("X", "X"), ("<", "X")])
def test_sex(printed, sex):
    assert parse_id(td3(sex=printed), today=TODAY).sex == sex


def test_bad_sex_field():
    result = parse_id(td3(sex="Q"), today=TODAY)
    assert errors(result) == ["The sex field is not valid."] and result.sex is None


def test_germany_single_letter_code_is_deu():
    result = parse_id(td3(country="D<<"), today=TODAY)
    assert result.ok and result.issuing_country == "DEU"


def test_names_with_spaces_and_single_name():
    result = parse_id(td3(surname="VAN DER BERG", given="JAN PIETER"), today=TODAY)
    assert (result.surname, result.given_names) == ("VAN DER BERG", "JAN PIETER")
    single = parse_id(td3(surname="SUKARNO", given=""), today=TODAY)
    assert single.ok and (single.surname, single.given_names) == ("SUKARNO", None)


def test_missing_name_and_number():
    result = parse_id(td3(surname="", given="", number="<<<<<<<<<"), today=TODAY)
    assert "The name is missing." in errors(result)
    assert "The document number is missing." in errors(result)


@pytest.mark.parametrize("build", [td1, td2])
def test_long_document_number_continues_in_optional_data(build):
    result = parse_id(build(number="AB123456789012"), today=TODAY)
    assert result.ok, errors(result)
    assert result.number_last4 == "9012"


def test_icao_long_number_example():
    one = "I<UTOD23145890<7349<<<<<<<<<<<"
    two = "7408122F1204159UTO<<<<<<<<<<<"
    two += cd(one[5:30] + two[0:7] + two[8:15] + two[18:29])
    result = parse_id("\n".join([one, two, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]), today=BEFORE_2012)
    assert result.ok and result.number_last4 == "0734"


def test_empty_personal_number_may_have_filler_check_digit():
    text = td3()
    assert text.split("\n")[1][42] == "<"
    assert parse_id(text, today=TODAY).ok


def test_visa_has_no_composite_digit():
    lines = td3(doc="V<").split("\n")
    body = lines[1][:28] + "ANY<OPTIONAL<DATA"[:16]
    result = parse_id(lines[0] + "\n" + body.ljust(44, "<"), today=TODAY)
    assert result.ok and result.kind is Kind.MRZ_TD3 and result.document_type == "V"


def test_characters_outside_the_mrz_alphabet():
    result = parse_id(td3().replace("VIRTANEN", "virtanen"), today=TODAY)
    assert result.kind is Kind.MRZ_TD3 and not result.ok
    assert "only A–Z, 0–9, <" in errors(result)[0]


def test_wrong_line_length_is_explained():
    lines = td3().split("\n")
    result = parse_id(lines[0][:-1] + "\n" + lines[1][:-1], today=TODAY)
    assert result.kind is None and "30, 36 or 44" in errors(result)[0]


def test_bad_issuing_country():
    result = parse_id(td3(country="F1N"), today=TODAY)
    assert "The issuing country code is not valid." in errors(result)
