"""ICAO Doc 9303 machine-readable zones: TD1 (3×30), TD2 (2×36), TD3 (2×44), and MRV visas.

Written here because the one Python MRZ library (`mrz`) is GPL; the 7-3-1 check digit is a
few lines. Field positions follow Doc 9303 parts 4 (TD3), 5 (TD1) and 6 (TD2); visas (MRV-A
2×44, MRV-B 2×36, part 7) have no composite check digit and no personal-number check digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.idparse.result import (
    BIRTH_DATE,
    DOCUMENT_NUMBER,
    EXPIRY_DATE,
    SURNAME,
    IdResult,
    Kind,
    check_digit_wrong,
    expiry_check,
    last4,
    not_a_date,
    not_valid,
)
from core.messages import N_, Message

SHAPES = {(3, 30): Kind.MRZ_TD1, (2, 36): Kind.MRZ_TD2, (2, 44): Kind.MRZ_TD3}
_ALPHABET = re.compile(r"[A-Z0-9<]+")
_WEIGHTS = (7, 3, 1)

LENGTH_WRONG = Message(
    N_("This looks like an MRZ, but its lines are not 30, 36 or 44 characters long.")
)
BAD_CHARACTERS = Message(N_("The MRZ has characters that cannot be in one (only A–Z, 0–9, <)."))
NUMBER_MISSING = Message(N_("The document number is missing."))
NAME_MISSING = Message(N_("The name is missing."))
PERSONAL_NUMBER = Message(N_("personal number"))
WHOLE_MRZ = Message(N_("whole MRZ (composite)"))
DOCUMENT_CODE = Message(N_("document code"))
ISSUING_COUNTRY = Message(N_("issuing country code"))
SEX_FIELD = Message(N_("sex field"))


def check_digit(field: str) -> str:
    """ICAO 9303 part 3, 4.9: weights 7, 3, 1; A=10 … Z=35; the filler < counts as 0."""
    total = 0
    for i, ch in enumerate(field):
        value = int(ch) if ch.isdigit() else (ord(ch) - 55 if ch.isalpha() else 0)
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class _Fields:
    """The zone cut into its fields; check digits kept as the characters printed."""

    doc_code: str
    issuing: str
    number: str
    number_cd: str
    birth: str
    birth_cd: str
    sex: str
    expiry: str
    expiry_cd: str
    names: str
    optional: str  # covered by its own check digit only in TD3 (the personal number)
    optional_cd: str | None
    composite: str | None  # the characters the composite check digit covers
    composite_cd: str | None


def shape_of(lines: list[str]) -> Kind | None:
    return SHAPES.get((len(lines), len(lines[0]))) if lines else None


def parse(lines: list[str], today: date) -> IdResult:
    kind = shape_of(lines)
    if kind is None or any(len(line) != len(lines[0]) for line in lines):
        return IdResult(kind=None, errors=(LENGTH_WRONG,))
    if not all(_ALPHABET.fullmatch(line) for line in lines):
        return IdResult(kind=kind, errors=(BAD_CHARACTERS,))
    fields = _td1(lines) if kind is Kind.MRZ_TD1 else _td2_td3(lines)
    return _check(kind, fields, today)


def _td1(lines: list[str]) -> _Fields:
    one, two, three = lines
    number, number_cd = _long_number(one[5:14], one[14], one[15:30])
    return _Fields(
        doc_code=one[0:2],
        issuing=one[2:5],
        number=number,
        number_cd=number_cd,
        birth=two[0:6],
        birth_cd=two[6],
        sex=two[7],
        expiry=two[8:14],
        expiry_cd=two[14],
        names=three,
        optional=one[15:30] + two[18:29],
        optional_cd=None,
        composite=one[5:30] + two[0:7] + two[8:15] + two[18:29],
        composite_cd=two[29],
    )


def _td2_td3(lines: list[str]) -> _Fields:
    one, two = lines
    td3, visa = len(one) == 44, one.startswith("V")
    end = len(two) - (1 if not visa else 0)  # last position before the composite digit
    number, number_cd = two[0:9], two[9]
    optional, optional_cd = two[28:end], None
    if td3 and not visa:
        optional, optional_cd = two[28:42], two[42]
    elif not td3 and not visa:
        number, number_cd = _long_number(number, number_cd, optional)
    return _Fields(
        doc_code=one[0:2],
        issuing=one[2:5],
        number=number,
        number_cd=number_cd,
        birth=two[13:19],
        birth_cd=two[19],
        sex=two[20],
        expiry=two[21:27],
        expiry_cd=two[27],
        names=one[5:],
        optional=optional,
        optional_cd=optional_cd,
        composite=None if visa else two[0:10] + two[13:20] + two[21:end],
        composite_cd=None if visa else two[end],
    )


def _long_number(principal: str, check: str, optional: str) -> tuple[str, str]:
    """Doc 9303 part 5, 4.2.2 note j: a number longer than 9 characters has a filler where the
    check digit would be, and goes on in the optional data, followed by its check digit."""
    if check != "<" or optional.startswith("<"):
        return principal, check
    rest = optional.split("<", 1)[0]
    return principal + rest[:-1], rest[-1]


def _check(kind: Kind, f: _Fields, today: date) -> IdResult:
    errors: list[Message] = []
    failed_digits: list[Message] = []

    def digit(field: str, printed: str, name: Message) -> None:
        if printed != check_digit(field):
            failed_digits.append(name)
            errors.append(check_digit_wrong(name))

    number = f.number.replace("<", "")
    if not number:
        errors.append(NUMBER_MISSING)
    if not f.doc_code[0].isalpha():
        errors.append(not_valid(DOCUMENT_CODE))
    issuing = _country(f.issuing)
    if issuing is None:
        errors.append(not_valid(ISSUING_COUNTRY))
    digit(f.number, f.number_cd, DOCUMENT_NUMBER)
    birth = _birth_date(f.birth, today, errors)
    digit(f.birth, f.birth_cd, BIRTH_DATE)
    sex = {"F": "F", "M": "M", "<": "X", "X": "X"}.get(f.sex)
    if sex is None:
        errors.append(not_valid(SEX_FIELD))
    # ICAO sets no century rule for expiry; documents run 10-15 years at most, so take the
    # century that puts the year within 50 years before or 49 after today.
    expiry = _date(f.expiry, today.year - 50)
    if expiry is None:
        errors.append(not_a_date(EXPIRY_DATE))
    digit(f.expiry, f.expiry_cd, EXPIRY_DATE)
    # A personal number left empty may have < instead of 0 as its check digit (part 4, 4.2.2).
    if f.optional_cd is not None and not (f.optional_cd == "<" and set(f.optional) == {"<"}):
        digit(f.optional, f.optional_cd, PERSONAL_NUMBER)
    # The composite also covers the field digits: after one of them failed it says nothing new.
    if f.composite is not None and f.composite_cd is not None and not failed_digits:
        digit(f.composite, f.composite_cd, WHOLE_MRZ)
    surname, given = _names(f.names)
    if not surname and not given:
        errors.append(NAME_MISSING)
    elif not surname:
        errors.append(not_valid(SURNAME))
    expired, expiry_errors = expiry_check(expiry, today)
    return IdResult(
        kind=kind,
        errors=tuple(errors + expiry_errors),
        document_type=f.doc_code.replace("<", "") or None,
        issuing_country=issuing,
        surname=surname or None,
        given_names=given or None,
        birth_date=birth,
        expiry_date=expiry,
        expired=expired,
        sex=sex,
        number_last4=last4(number),
    )


def _country(code: str) -> str | None:
    """Three letters; Germany's one-letter "D<<" is DEU in ISO 3166-1."""
    code = "DEU" if code == "D<<" else code
    return code if code.isalpha() and len(code) == 3 else None


def _date(yymmdd: str, first_year: int) -> date | None:
    """YYMMDD read into the century that puts the year in [first_year, first_year + 99]."""
    if not yymmdd.isdigit():
        return None
    yy, month, day = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    year = first_year + (yy - first_year) % 100
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _birth_date(field: str, today: date, errors: list[Message]) -> date | None:
    """Birth dates lie in the past century (a holder over 100 would be read 100 years young).
    An unknown date of birth may be printed as fillers (part 3, 4.6): no date, no error."""
    if "<" in field:
        return None
    born = _date(field, today.year - 99)
    if born is not None and born > today:  # later this year: born a century earlier
        born = _date(field, today.year - 100)
    if born is None:
        errors.append(not_a_date(BIRTH_DATE))
    return born


def _names(zone: str) -> tuple[str, str]:
    """Primary identifier (surname) before "<<", secondary (given names) after; < is a space."""
    primary, _, secondary = zone.rstrip("<").partition("<<")
    return " ".join(primary.split("<")).strip(), " ".join(secondary.replace("<", " ").split())
