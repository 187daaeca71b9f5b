"""What core hands to the offboarding completion certificate (A4): plain values, chosen and
already in the site's time zone; labels are msgids the template translates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forms.data import _require_aware


@dataclass(frozen=True)
class CertificateItem:
    kind: str  # msgid
    description: str
    serial: str
    issued_on: date
    outcome: str  # msgid: returned or written off
    condition: str  # msgid, or "" for a write-off
    reason: str  # the write-off reason, or ""
    closed_at: datetime  # aware
    closed_by: str

    def __post_init__(self) -> None:
        _require_aware("closed_at", self.closed_at)


@dataclass(frozen=True)
class CertificateTask:
    title: str  # msgid for the default template's tasks; shown as is otherwise
    due_on: date
    done_at: datetime  # aware
    done_by: str
    note: str

    def __post_init__(self) -> None:
        _require_aware("done_at", self.done_at)


@dataclass(frozen=True)
class CertificateSignature:
    kind: str  # msgid
    version: int
    signed_at: datetime  # aware
    sha256: str

    def __post_init__(self) -> None:
        _require_aware("signed_at", self.signed_at)


@dataclass(frozen=True)
class CertificateEvent:
    seq: int
    at: datetime  # aware
    action: str  # msgid, or the audit code when it has no label
    actor: str

    def __post_init__(self) -> None:
        _require_aware("at", self.at)


@dataclass(frozen=True)
class CertificateData:
    language: str
    site_name: str
    case_id: str
    employee_name: str
    last_day: date
    opened_at: datetime  # aware
    opened_by: str
    closed_at: datetime  # aware
    closed_by: str
    items: tuple[CertificateItem, ...]
    tasks: tuple[CertificateTask, ...]
    signatures: tuple[CertificateSignature, ...]
    events: tuple[CertificateEvent, ...]

    def __post_init__(self) -> None:
        _require_aware("opened_at", self.opened_at)
        _require_aware("closed_at", self.closed_at)
