"""AAMVA driver licence / ID card barcode texts, US and Canadian."""

from datetime import date

from core.idparse import Kind, parse_id
from tests.core.id_samples import AAMVA_CA, AAMVA_US, CA_ELEMENTS, US_ELEMENTS, aamva

TODAY = date(2025, 6, 1)


def errors(result):
    return [str(e) for e in result.errors]


def test_us_licence_dates_are_mmddccyy():
    result = parse_id(AAMVA_US, today=TODAY)
    assert result.ok, errors(result)
    assert result.kind is Kind.AAMVA and result.document_type == "DL"
    assert result.issuing_country == "USA"
    assert (result.surname, result.given_names, result.sex) == ("SMITH", "JANE ANN", "F")
    assert result.birth_date == date(1974, 8, 12) and result.expiry_date == date(2034, 3, 15)
    assert result.expired is False and result.number_last4 == "4567"


def test_canadian_licence_dates_are_ccyymmdd():
    result = parse_id(AAMVA_CA, today=TODAY)
    assert result.ok, errors(result)
    assert result.issuing_country == "CAN"
    assert (result.surname, result.given_names, result.sex) == ("TREMBLAY", "LUC", "M")
    assert result.birth_date == date(1974, 8, 12) and result.expiry_date == date(2034, 3, 15)
    assert result.number_last4 == "1234"


def test_canada_known_by_province_when_country_element_is_missing():
    elements = {k: v for k, v in CA_ELEMENTS.items() if k != "DCG"}
    result = parse_id(aamva(elements, iin="636012"), today=TODAY)
    assert result.ok and result.issuing_country == "CAN"


def test_id_card_subfile():
    result = parse_id(aamva(US_ELEMENTS, doc="ID"), today=TODAY)
    assert result.ok and result.document_type == "ID"


def test_offset_a_few_characters_off_is_tolerated():
    assert parse_id(aamva(US_ELEMENTS, offset_error=2), today=TODAY).ok


def test_version_one_full_name_and_ccyymmdd_dates():
    elements = {
        "DAQ": "A7654321",
        "DAA": "DOE,JOHN,Q",
        "DBA": "20340101",
        "DBB": "19800229",
        "DBC": "M",
        "DAJ": "NY",
    }
    result = parse_id(aamva(elements, version=1, iin="636001"), today=TODAY)
    assert result.ok, errors(result)
    assert (result.surname, result.given_names) == ("DOE", "JOHN Q")
    assert result.birth_date == date(1980, 2, 29) and result.issuing_country == "USA"


def test_expired_licence():
    result = parse_id(aamva(US_ELEMENTS | {"DBA": "03012024"}), today=TODAY)
    assert not result.ok and result.expired is True
    assert errors(result) == ["Document expired on 2024-03-01."]


def test_missing_and_bad_elements():
    elements = {k: v for k, v in US_ELEMENTS.items() if k not in ("DAQ", "DCS", "DBA")}
    result = parse_id(aamva(elements | {"DBB": "13451974", "DBC": "7"}), today=TODAY)
    assert not result.ok
    assert errors(result) == [
        "The driving licence barcode lacks the document number.",
        "The driving licence barcode lacks the surname.",
        "The date of birth is not a valid date.",
        "The driving licence barcode lacks the expiry date.",
        "The sex code is not valid.",
    ]


def test_us_date_in_canadian_order_is_refused():
    result = parse_id(aamva(US_ELEMENTS | {"DBB": "19740812"}), today=TODAY)
    assert "The date of birth is not a valid date." in errors(result)


def test_damaged_header():
    # A keyboard-wedge scanner that drops control characters.
    result = parse_id(AAMVA_US.replace("\n", "").replace("\x1e", "").replace("\r", ""))
    assert result.kind is Kind.AAMVA and not result.ok
    assert "header" in errors(result)[0]


def test_no_licence_subfile():
    text = AAMVA_US.replace("DL0", "ZX0", 1).replace("DLDCA", "ZXDCA")
    assert errors(parse_id(text, today=TODAY)) == [
        "The driving licence barcode holds no licence or ID card data."
    ]


def test_trailing_whitespace_and_missing_final_terminator():
    assert parse_id(AAMVA_US.rstrip("\r") + "\n  ", today=TODAY).ok
