"""What the kiosk just read, from the camera or a scanner typing like a keyboard (K3, K4, K10).

A scan is either one of our tokens (a badge or an invitation QR code: 160 random bits in
URL-safe base64), an ID document's machine-readable text, or something else. Telling them
apart needs no database: the token alphabet has no ``<`` and no line breaks, which every MRZ
has, and ID numbers are too short for a token. Which token it is, badge or invitation, only
the database knows (see ``core.checkout`` and the invitation service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.idparse import IdResult, parse_id

# new_token() gives 27 characters; accept a little either way for tokens of other lengths.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")
MAX_SCAN_LENGTH = 8000


class ScanKind(StrEnum):
    TOKEN = "token"  # noqa: S105 (a kind of scan, not a secret)
    ID_DOCUMENT = "id_document"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    token: str | None = None
    id_result: IdResult | None = None


def read_scan(text: str, today: date | None = None) -> Scan:
    """Classify ``text``; never raises. An ID that is recognised but fails a check (expired,
    wrong check digit) is still an ID_DOCUMENT, so the kiosk can say what is wrong with it."""
    if len(text) > MAX_SCAN_LENGTH:
        return Scan(ScanKind.UNKNOWN)
    stripped = text.strip()
    if _TOKEN.fullmatch(stripped):
        return Scan(ScanKind.TOKEN, token=stripped)
    result = parse_id(text, today)
    if result.kind is not None:
        return Scan(ScanKind.ID_DOCUMENT, id_result=result)
    return Scan(ScanKind.UNKNOWN)
