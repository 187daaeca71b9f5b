"""The one result of reading an ID payload, and the minimum of it that may be stored (D2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from core.messages import N_, Message


class Kind(StrEnum):
    MRZ_TD1 = "mrz-td1"
    MRZ_TD2 = "mrz-td2"
    MRZ_TD3 = "mrz-td3"
    AAMVA = "aamva"
    FI_HETU = "fi-hetu"
    CN_RIC = "cn-ric"


# Field names used inside messages ("Check digit of the {field} is wrong.").
DOCUMENT_NUMBER = Message(N_("document number"))
BIRTH_DATE = Message(N_("date of birth"))
EXPIRY_DATE = Message(N_("expiry date"))
SURNAME = Message(N_("surname"))


def check_digit_wrong(field: Message) -> Message:
    return Message(N_("Check digit of the {field} is wrong."), {"field": field})


def not_a_date(field: Message) -> Message:
    return Message(N_("The {field} is not a valid date."), {"field": field})


def not_valid(field: Message) -> Message:
    return Message(N_("The {field} is not valid."), {"field": field})


BIRTH_IN_FUTURE = Message(N_("The date of birth is in the future."))


@dataclass(frozen=True)
class StoredId:
    """What Vartio may keep about an ID: never the full number, never a name or a birth date."""

    kind: Kind
    document_type: str | None
    issuing_country: str | None
    expiry_date: date | None
    number_last4: str | None
    verified: bool

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind.value,
                "document_type": self.document_type,
                "issuing_country": self.issuing_country,
                "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
                "number_last4": self.number_last4,
                "verified": self.verified,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> StoredId:
        data = json.loads(text)
        expiry = data.get("expiry_date")
        return cls(
            kind=Kind(data["kind"]),
            document_type=data.get("document_type"),
            issuing_country=data.get("issuing_country"),
            expiry_date=date.fromisoformat(expiry) if expiry else None,
            number_last4=data.get("number_last4"),
            verified=bool(data.get("verified")),
        )


@dataclass(frozen=True)
class IdResult:
    """A recognised (or not) ID payload. ``ok`` means recognised, every check passed, not expired.

    It holds what the kiosk may show to pre-fill a form; only ``minimum()`` may be stored.
    """

    kind: Kind | None
    errors: tuple[Message, ...] = ()
    document_type: str | None = None
    issuing_country: str | None = None
    surname: str | None = None
    given_names: str | None = None
    birth_date: date | None = None
    expiry_date: date | None = None
    expired: bool | None = None
    sex: str | None = None
    number_last4: str | None = None

    @property
    def ok(self) -> bool:
        return self.kind is not None and not self.errors

    def minimum(self) -> StoredId | None:
        """The storable minimum, or None when nothing was recognised."""
        if self.kind is None:
            return None
        return StoredId(
            kind=self.kind,
            document_type=self.document_type,
            issuing_country=self.issuing_country,
            expiry_date=self.expiry_date,
            number_last4=self.number_last4,
            verified=self.ok,
        )

    def as_dict(self, gettext: Any = None) -> dict[str, Any]:
        """The `vartio id parse --json` object; errors rendered with ``gettext`` (None: English)."""
        return {
            "ok": self.ok,
            "kind": self.kind.value if self.kind else None,
            "document_type": self.document_type,
            "issuing_country": self.issuing_country,
            "surname": self.surname,
            "given_names": self.given_names,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "expired": self.expired,
            "sex": self.sex,
            "number_last4": self.number_last4,
            "errors": [m.render(gettext) for m in self.errors],
        }


def rejected(message: Message) -> IdResult:
    return IdResult(kind=None, errors=(message,))


def expiry_check(expiry: date | None, today: date) -> tuple[bool | None, list[Message]]:
    """Whether the document has expired (it is valid through its expiry day), and why not ok."""
    if expiry is None:
        return None, []
    if expiry < today:
        return True, [Message(N_("Document expired on {date}."), {"date": expiry.isoformat()})]
    return False, []


def last4(number: str) -> str | None:
    return number[-4:] if number else None
