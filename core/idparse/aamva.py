"""AAMVA driver licence / ID card payloads, as read from the PDF417 on the back of the card.

Layout (AAMVA DL/ID Card Design Standard, annex D): "@", the data element separator (LF), the
record separator (RS), the segment terminator (CR), "ANSI " (or "AAMVA" before 2000), the
issuer identification number (6 digits), the AAMVA version (2), from version 2 on the
jurisdiction version (2), the number of entries (2), then per subfile its type ("DL", "ID",
"Z…"), offset and length (4 digits each). A subfile starts with its type; each element is a
three-letter ID and its value, ended by the separator.
"""

from __future__ import annotations

import re
from datetime import date

from core.idparse.result import (
    BIRTH_DATE,
    BIRTH_IN_FUTURE,
    DOCUMENT_NUMBER,
    EXPIRY_DATE,
    SURNAME,
    IdResult,
    Kind,
    expiry_check,
    last4,
    not_a_date,
    not_valid,
)
from core.messages import N_, Message

_HEADER = re.compile(r"@(.)(.)(.)(?:ANSI |AAMVA)([0-9]{6})([0-9]{2})", re.DOTALL)
_DESIGNATOR = re.compile(r"([A-Z]{2})([0-9]{4})[0-9]{4}")
_COUNT = re.compile(r"[0-9]{2}")
_DATE = re.compile(r"[0-9]{8}")
# Jurisdiction codes (DAJ) of Canada; a card without a country element (DCG) is Canadian
# when issued by one of these.
_PROVINCES = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
_SEX = {"1": "M", "2": "F", "9": "X", "M": "M", "F": "F", "X": "X"}
_NO_NAME = {"", "NONE", "UNAVL", "UNAVAIL", "UNKNOWN"}

HEADER_DAMAGED = Message(N_("The driving licence barcode is damaged (its header is unreadable)."))
NO_CARD_DATA = Message(N_("The driving licence barcode holds no licence or ID card data."))
SEX_CODE = Message(N_("sex code"))


def looks_like(text: str) -> bool:
    return text.startswith("@") and ("ANSI " in text[:12] or "AAMVA" in text[:12])


def lacks(field: Message) -> Message:
    return Message(N_("The driving licence barcode lacks the {field}."), {"field": field})


def parse(text: str, today: date) -> IdResult:
    header = _HEADER.match(text)
    if header is None:
        return IdResult(kind=Kind.AAMVA, errors=(HEADER_DAMAGED,))
    separator, terminator = header.group(1), header.group(3)
    iin, version = header.group(4), int(header.group(5))
    # Version 1 (2000) had no jurisdiction version field.
    at = header.end() + (2 if version >= 2 else 0)
    found = _subfile(text, at)
    if found is None:
        return IdResult(kind=Kind.AAMVA, errors=(NO_CARD_DATA,))
    doc_type, body = found
    elements = _elements(body, separator, terminator)
    return _check(doc_type, elements, _country(elements, iin), version, today)


def _subfile(text: str, at: int) -> tuple[str, str] | None:
    """The first DL or ID subfile, found at its designated offset, else by searching for its
    type after the header (some jurisdictions print offsets a few characters off). It ends at
    the segment terminator, so a wrong length does no harm either."""
    if not _COUNT.fullmatch(text[at : at + 2]):
        return None
    first = at + 2
    end = first + 10 * int(text[at : at + 2])
    for i in range(first, end, 10):
        match = _DESIGNATOR.fullmatch(text[i : i + 10])
        if match is None or match.group(1) not in ("DL", "ID"):
            continue
        kind, offset = match.group(1), int(match.group(2))
        if not text.startswith(kind, offset):
            offset = text.find(kind, end)
            if offset < 0:
                continue
        return kind, text[offset + len(kind) :]
    return None


def _elements(body: str, separator: str, terminator: str) -> dict[str, str]:
    body = body.split(terminator, 1)[0]
    elements: dict[str, str] = {}
    for item in body.split(separator):
        item = item.strip()
        if len(item) >= 3:
            elements.setdefault(item[:3], item[3:].strip())
    return elements


def _country(elements: dict[str, str], iin: str) -> str:
    country = elements.get("DCG", "").upper()
    if len(country) == 3 and country.isalpha():
        return country
    # Before version 2 there was no DCG; Canadian issuers' IINs start 604 or are their province.
    if elements.get("DAJ", "").upper() in _PROVINCES or iin.startswith("604"):
        return "CAN"
    return "USA"


def _check(doc_type: str, e: dict[str, str], country: str, version: int, today: date) -> IdResult:
    errors: list[Message] = []
    number = e.get("DAQ", "")
    if not number:
        errors.append(lacks(DOCUMENT_NUMBER))
    surname, given = _names(e)
    if not surname:
        errors.append(lacks(SURNAME))
    # Version 1 wrote every date CCYYMMDD; later versions keep that for Canada only.
    canadian = version < 2 or country == "CAN"
    birth = _date(e.get("DBB"), canadian, BIRTH_DATE, errors)
    if birth is not None and birth > today:
        errors.append(BIRTH_IN_FUTURE)
    expiry = _date(e.get("DBA"), canadian, EXPIRY_DATE, errors)
    sex = _SEX.get(e.get("DBC", "").upper())
    if "DBC" in e and sex is None:
        errors.append(not_valid(SEX_CODE))
    expired, expiry_errors = expiry_check(expiry, today)
    return IdResult(
        kind=Kind.AAMVA,
        errors=tuple(errors + expiry_errors),
        document_type=doc_type,
        issuing_country=country,
        surname=surname,
        given_names=given,
        birth_date=birth,
        expiry_date=expiry,
        expired=expired,
        sex=sex,
        number_last4=last4(number),
    )


def _names(e: dict[str, str]) -> tuple[str | None, str | None]:
    """Family name DCS (DAB in version 1), given names DAC + DAD (DCT in versions 2-3);
    version 1 may hold only DAA, "FAMILY,GIVEN,MIDDLE"."""
    surname = e.get("DCS") or e.get("DAB")
    given_parts = [e.get("DAC", ""), e.get("DAD", "")] if "DAC" in e else [e.get("DCT", "")]
    if not surname and "DAA" in e:
        surname, _, rest = e["DAA"].partition(",")
        given_parts = rest.split(",")
    given = " ".join(p.replace(",", " ").strip() for p in given_parts if p.upper() not in _NO_NAME)
    return (surname or "").strip() or None, " ".join(given.split()) or None


def _date(value: str | None, canadian: bool, field: Message, errors: list[Message]) -> date | None:
    if value is None:
        errors.append(lacks(field))
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        if canadian:
            return date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
        return date(int(value[4:8]), int(value[0:2]), int(value[2:4]))
    except ValueError:
        errors.append(not_a_date(field))
        return None
