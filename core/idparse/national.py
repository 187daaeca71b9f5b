"""National identity numbers: the Finnish personal identity code (HETU) and the Chinese
resident identity number (RIC). Check characters and dates are python-stdnum's.

python-stdnum 2.2 knows the century signs added in 2023 (Y X W V U for 1900-1999 and
B C D E F for 2000-2099, beside - + A): `stdnum.fi.hetu.validate` accepts them. It has no
birth-date function for HETU, so the date is read here from the same sign table.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidFormat, ValidationError
from stdnum.fi import hetu

from core.idparse.result import (
    BIRTH_DATE,
    BIRTH_IN_FUTURE,
    IdResult,
    Kind,
    check_digit_wrong,
    not_a_date,
    not_valid,
)
from core.messages import N_, Message

HETU_SHAPE = re.compile(r"[0-9]{6}[-+A-Z][0-9]{3}[0-9A-Z]")
RIC_SHAPE = re.compile(r"[0-9]{17}[0-9X]")

_CENTURY = {"+": 1800} | dict.fromkeys("-YXWVU", 1900) | dict.fromkeys("ABCDEF", 2000)

HETU_NAME = Message(N_("Finnish personal identity code"))
RIC_NAME = Message(N_("Chinese resident ID number"))
CENTURY_SIGN = Message(N_("century sign of the Finnish personal identity code"))
INDIVIDUAL_NUMBER = Message(N_("individual number of the Finnish personal identity code"))
RIC_REGION = Message(N_("region code of the Chinese resident ID number"))


def parse_hetu(code: str, today: date) -> IdResult:
    """``code`` already matched HETU_SHAPE (upper case)."""
    errors: list[Message] = []
    century = _CENTURY.get(code[6])
    born = None
    if century is None:
        errors.append(not_valid(CENTURY_SIGN))
    else:
        born = _date(century + int(code[4:6]), int(code[2:4]), int(code[0:2]))
        if born is None:
            errors.append(not_a_date(BIRTH_DATE))
        elif born > today:
            errors.append(BIRTH_IN_FUTURE)
    if not errors:
        try:
            hetu.validate(code)
        except (InvalidChecksum, InvalidFormat):  # format: a letter never used as check
            errors.append(check_digit_wrong(HETU_NAME))
        except ValidationError:
            # Date and sign are fine by now, so this is the individual number: 000, 001 and the
            # temporary 900-999 are no person's code.
            errors.append(not_valid(INDIVIDUAL_NUMBER))
    return IdResult(
        kind=Kind.FI_HETU,
        errors=tuple(errors),
        issuing_country="FIN",
        birth_date=born,
        sex="M" if int(code[7:10]) % 2 else "F",
        number_last4=code[-4:],
    )


def parse_ric(number: str, today: date) -> IdResult:
    """``number`` already matched RIC_SHAPE."""
    errors: list[Message] = []
    if ric.calc_check_digit(number) != number[-1]:
        errors.append(check_digit_wrong(RIC_NAME))
    born = None
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        errors.append(not_a_date(BIRTH_DATE))
    if born is not None:
        if born > today:
            errors.append(BIRTH_IN_FUTURE)
        try:
            ric.get_birth_place(number)
        # stdnum 2.2 raises KeyError for a code its table knows only above county level.
        except (ValidationError, KeyError):
            errors.append(not_valid(RIC_REGION))
    return IdResult(
        kind=Kind.CN_RIC,
        errors=tuple(errors),
        issuing_country="CHN",
        birth_date=born,
        sex="M" if int(number[16]) % 2 else "F",
        number_last4=number[-4:],
    )


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
