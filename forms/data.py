"""What core hands to forms: plain values, already chosen; templates only lay them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


def _require_aware(name: str, value: datetime) -> None:
    # A naive time would be read as the server's local time: wrong on the paper, silently.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class BadgeData:
    language: str
    site_name: str
    first_name: str
    company: str
    host_name: str
    visit_date: date
    valid_until: datetime  # aware, already in the site's time zone
    zones: tuple[str, ...]
    escort_required: bool
    token: str
    photo_png: bytes | None = None

    def __post_init__(self) -> None:
        _require_aware("valid_until", self.valid_until)


@dataclass(frozen=True)
class NdaData:
    language: str
    site_name: str
    title: str
    body: str  # plain text; paragraphs separated by blank lines
    template_version: int
    signer_name: str
    company: str
    signed_at: datetime  # aware
    timezone: str  # IANA name of the site's zone
    signature_png: bytes | None

    def __post_init__(self) -> None:
        _require_aware("signed_at", self.signed_at)


@dataclass(frozen=True)
class InvitationData:
    language: str
    site_name: str
    visitor_name: str
    host_name: str
    expected_start: datetime  # aware, already in the site's time zone
    expected_end: datetime  # aware, same zone
    all_day: bool  # no times were given: the date alone is shown
    purpose: str  # the English label, a msgid (translated by the template)
    token: str
    # K2 / GDPR art. 14: the invited visitor gave nothing at the kiosk, so the invitation says
    # who keeps their details and for how long. Empty controller: the section is left out.
    privacy_controller: str = ""
    privacy_contact: str = ""
    retention_days: int = 365

    def __post_init__(self) -> None:
        _require_aware("expected_start", self.expected_start)
        _require_aware("expected_end", self.expected_end)


@dataclass(frozen=True)
class MusterPerson:
    first_name: str
    last_name: str
    company: str
    host_name: str
    checked_in_at: datetime | None  # aware, in the site's time zone
    escort_required: bool
    zone: str = ""  # the restricted zone they are inside now ("" = none)
    escort_name: str = ""  # who brought them in there

    def __post_init__(self) -> None:
        if self.checked_in_at is not None:
            _require_aware("checked_in_at", self.checked_in_at)


@dataclass(frozen=True)
class MusterData:
    """G3: the evacuation roll call of one site."""

    language: str
    site_name: str
    generated_at: datetime  # aware, in the site's time zone
    people: tuple[MusterPerson, ...]
    zone_counts: tuple[tuple[str, int], ...]  # every restricted zone of the site, and how many

    def __post_init__(self) -> None:
        _require_aware("generated_at", self.generated_at)
