"""Read the machine-readable data of an ID (K4): which kind it is, whether every check passes,
and the minimum that may be stored.

    result = parse_id(text)         # text from an MRZ reader, a barcode or a keyboard
    result.ok, result.errors        # errors: Messages a guard understands
    result.minimum()                # StoredId: never the full number

Never raises for bad input: anything unreadable comes back with ``ok`` false and reasons.
"""

from __future__ import annotations

from datetime import date

from core.idparse import aamva, mrz, national
from core.idparse.result import IdResult, Kind, StoredId, rejected
from core.messages import N_, Message

__all__ = ["MAX_LENGTH", "IdResult", "Kind", "StoredId", "parse_id"]

# The largest AAMVA payloads are about 2,000 characters; anything far longer is not an ID.
MAX_LENGTH = 8000

EMPTY = Message(N_("No ID text was given."))
NOT_UTF8 = Message(N_("The ID text is not valid UTF-8 text."))
TOO_LONG = Message(
    N_("The ID text is too long to be an ID (at most {max} characters)."), {"max": MAX_LENGTH}
)
UNKNOWN = Message(
    N_(
        "This is not an ID Vartio can read: expected a passport or ID card MRZ, a driving "
        "licence barcode, a Finnish personal identity code or a Chinese resident ID number."
    )
)


def parse_id(payload: str | bytes, today: date | None = None) -> IdResult:
    """Recognise and check ``payload``; ``today`` decides expiry and birth dates (default: the
    local date). Bytes are decoded as UTF-8."""
    today = today or date.today()
    if isinstance(payload, bytes):
        if len(payload) > 4 * MAX_LENGTH:  # more bytes than the longest text could need
            return rejected(TOO_LONG)
        try:
            payload = payload.decode("utf-8")
        except UnicodeDecodeError:
            return rejected(NOT_UTF8)
    if len(payload) > MAX_LENGTH:
        return rejected(TOO_LONG)
    try:
        payload.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, as from undecodable command-line bytes
        return rejected(NOT_UTF8)
    text = payload.strip()
    if not text:
        return rejected(EMPTY)
    if aamva.looks_like(text):
        return aamva.parse(payload.lstrip(), today)
    # An MRZ reader types each line followed by Enter (LF, CR or CRLF).
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if mrz.shape_of(lines) is not None:
        return mrz.parse(lines, today)
    if len(lines) in (2, 3) and all("<" in line for line in lines):
        return rejected(mrz.LENGTH_WRONG)
    code = text.upper()
    if national.HETU_SHAPE.fullmatch(code):
        return national.parse_hetu(code, today)
    if national.RIC_SHAPE.fullmatch(code):
        return national.parse_ric(code, today)
    return rejected(UNKNOWN)
