"""SQLAlchemy 2 models. Personal fields are stored sealed (``*_enc``), read via ``Personal``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.personal import Personal
from db.types import UtcDateTime, new_id, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(32)
Sealed = LargeBinary


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON}


class HasId:
    """Rows get their id at construction, because sealed fields bind to it."""

    id: Mapped[str] = mapped_column(ID, primary_key=True)

    def __init__(self, **kwargs: Any) -> None:
        self.id = kwargs.pop("id", None) or new_id()
        super().__init__(**kwargs)


class Site(HasId, Base):
    __tablename__ = "sites"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Helsinki")
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    id_policy: Mapped[str] = mapped_column(String(20), default="optional")
    privacy_controller: Mapped[str] = mapped_column(String(300), default="")
    privacy_contact: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zones: Mapped[list[Zone]] = relationship(back_populates="site")


class Zone(HasId, Base):
    __tablename__ = "zones"
    __table_args__ = (UniqueConstraint("site_id", "name"),)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    escort_required: Mapped[bool] = mapped_column(Boolean, default=False)

    site: Mapped[Site] = relationship(back_populates="zones")


class Employee(HasId, Base):
    __tablename__ = "employees"
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    first_name_enc: Mapped[bytes] = mapped_column(Sealed)
    last_name_enc: Mapped[bytes] = mapped_column(Sealed)
    email_enc: Mapped[bytes | None] = mapped_column(Sealed)
    name_index: Mapped[str] = mapped_column(String(40), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    badge_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A3/A4: contractors sign too; the jurisdiction decides the non-compete rules.
    staff_kind: Mapped[str] = mapped_column(
        String(20), default="employee", server_default="employee"
    )
    jurisdiction: Mapped[str] = mapped_column(String(8), default="FI", server_default="FI")

    site: Mapped[Site] = relationship()

    first_name = Personal[str]()
    last_name = Personal[str]()
    email = Personal[str]()


class UserAccount(HasId, Base):
    __tablename__ = "user_accounts"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    employee_id: Mapped[str | None] = mapped_column(ForeignKey("employees.id"))
    display_name_enc: Mapped[bytes | None] = mapped_column(Sealed)
    password_hash: Mapped[str] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee | None] = relationship()
    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    sites: Mapped[list[UserSite]] = relationship(cascade="all, delete-orphan")

    display_name = Personal[str]()


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[str] = mapped_column(ForeignKey("user_accounts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class UserSite(Base):
    __tablename__ = "user_sites"
    user_id: Mapped[str] = mapped_column(ForeignKey("user_accounts.id"), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), primary_key=True)


class Visitor(HasId, Base):
    __tablename__ = "visitors"
    first_name_enc: Mapped[bytes | None] = mapped_column(Sealed)
    last_name_enc: Mapped[bytes | None] = mapped_column(Sealed)
    company_enc: Mapped[bytes | None] = mapped_column(Sealed)
    email_enc: Mapped[bytes | None] = mapped_column(Sealed)
    phone_enc: Mapped[bytes | None] = mapped_column(Sealed)
    photo_enc: Mapped[bytes | None] = mapped_column(Sealed)
    name_index: Mapped[str | None] = mapped_column(String(40), index=True)
    email_index: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column()

    first_name = Personal[str]()
    last_name = Personal[str]()
    company = Personal[str]()
    email = Personal[str]()
    phone = Personal[str]()
    photo = Personal[bytes](binary=True)


class Visit(HasId, Base):
    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_site_id_status", "site_id", "status"),)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id"), index=True)
    host_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(16), default="en")
    escort_required: Mapped[bool] = mapped_column(Boolean, default=False)
    expected_start: Mapped[datetime] = mapped_column()
    expected_end: Mapped[datetime] = mapped_column()
    checked_in_at: Mapped[datetime | None] = mapped_column()
    checked_out_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The ID shown at this visit: only core.idparse.StoredId as JSON, sealed (D2).
    id_document_enc: Mapped[bytes | None] = mapped_column(Sealed)
    # K7: what the visitor declared carrying, kind -> count ({"usb_stick": 1, "laptop": 1}).
    carried_media: Mapped[dict[str, Any]] = mapped_column(default=dict)

    visitor: Mapped[Visitor] = relationship()
    host: Mapped[Employee] = relationship()
    site: Mapped[Site] = relationship()
    zones: Mapped[list[VisitZone]] = relationship(cascade="all, delete-orphan")

    id_document = Personal[str]()


class VisitZone(Base):
    __tablename__ = "visit_zones"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    zone_id: Mapped[str] = mapped_column(ForeignKey("zones.id"), primary_key=True)

    zone: Mapped[Zone] = relationship()


class Badge(HasId, Base):
    __tablename__ = "badges"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    returned_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    visit: Mapped[Visit] = relationship()


class Invitation(HasId, Base):
    __tablename__ = "invitations"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    visit: Mapped[Visit] = relationship()


class AgreementTemplate(HasId, Base):
    __tablename__ = "agreement_templates"
    __table_args__ = (UniqueConstraint("kind", "language", "version"),)
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    valid_days: Mapped[int] = mapped_column(Integer, default=365)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgreementSignature(HasId, Base):
    __tablename__ = "agreement_signatures"
    template_id: Mapped[str] = mapped_column(ForeignKey("agreement_templates.id"), index=True)
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id"), index=True)
    employee_id: Mapped[str | None] = mapped_column(ForeignKey("employees.id"), index=True)
    signed_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf_enc: Mapped[bytes] = mapped_column(Sealed)
    signature_enc: Mapped[bytes | None] = mapped_column(Sealed)

    template: Mapped[AgreementTemplate] = relationship()
    visitor: Mapped[Visitor | None] = relationship()
    employee: Mapped[Employee | None] = relationship()

    pdf = Personal[bytes](binary=True)
    signature = Personal[bytes](binary=True)


class AuditEntry(Base):
    """Append-only; ``hash`` covers ``prev_hash`` and the canonical form of the entry."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    site_id: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class OutboxJob(HasId, Base):
    """Print and mail work that must survive a crash or a printer fault."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_kind_created_at", "kind", "created_at"),  # a roster's print jobs
    )
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    secret_enc: Mapped[bytes | None] = mapped_column(Sealed)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()

    secret = Personal[str]()


class Alert(HasId, Base):
    """Something a guard or reception must look at now: a check-in held by the deny list, an ID
    that failed its checks. ``details`` holds no personal data (ids, kinds, reasons only)."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_site_id_acknowledged_at", "site_id", "acknowledged_at"),)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(30))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by: Mapped[str | None] = mapped_column(String(80))

    visit: Mapped[Visit | None] = relationship()


class DenyEntry(HasId, Base):
    """A person who must not be let in (K11), matched by the blind index of the normalised
    name and, when given, of the company. ``site_id`` None: every site."""

    __tablename__ = "deny_entries"
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"), index=True)
    name_index: Mapped[str] = mapped_column(String(40), index=True)
    company_index: Mapped[str | None] = mapped_column(String(40))
    reason_enc: Mapped[bytes | None] = mapped_column(Sealed)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reason = Personal[str]()


class EscortAuthorisation(HasId, Base):
    """An employee allowed to escort visitors into one restricted zone (G1). Revoking keeps the
    row for the record; at most one unrevoked row per employee and zone."""

    __tablename__ = "escort_authorisations"
    __table_args__ = (
        Index(
            "uq_escort_authorisations_active",
            "employee_id",
            "zone_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    zone_id: Mapped[str] = mapped_column(ForeignKey("zones.id"), index=True)
    granted_by: Mapped[str] = mapped_column(String(80))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(80))

    employee: Mapped[Employee] = relationship()
    zone: Mapped[Zone] = relationship()


class DoorEvent(HasId, Base):
    """The door log (G1): every decision at a restricted zone's door and every exit. Ids only,
    no personal data; ``reason`` is a ``core.door_policy.DoorReason`` value."""

    __tablename__ = "door_events"
    __table_args__ = (
        Index("ix_door_events_zone_id_at", "zone_id", "at"),
        Index("ix_door_events_site_id_at", "site_id", "at"),  # the muster's recent events
        Index("ix_door_events_visit_id_zone_id_at", "visit_id", "zone_id", "at"),  # last event
    )
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    zone_id: Mapped[str] = mapped_column(ForeignKey("zones.id"))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), index=True)
    escort_employee_id: Mapped[str | None] = mapped_column(ForeignKey("employees.id"))
    guard: Mapped[str] = mapped_column(String(80))
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    allowed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Handover(HasId, Base):
    """A shift handover at a site (G4): who hands over (actor label) to whom (a username, or
    None when nobody took over in person). The free text may describe people: sealed."""

    __tablename__ = "handovers"
    __table_args__ = (Index("ix_handovers_site_id_at", "site_id", "at"),)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    outgoing: Mapped[str] = mapped_column(String(80))
    incoming: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    open_items_enc: Mapped[bytes | None] = mapped_column(Sealed)
    keys_enc: Mapped[bytes | None] = mapped_column(Sealed)
    notes_enc: Mapped[bytes | None] = mapped_column(Sealed)

    open_items = Personal[str]()
    keys = Personal[str]()
    notes = Personal[str]()


class Incident(HasId, Base):
    """An incident report (G4). ``category`` is a ``core.incidents.Category`` value; place,
    description and the people involved are free text that may describe people: sealed."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_site_id_occurred_at", "site_id", "occurred_at"),)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    occurred_at: Mapped[datetime] = mapped_column()
    category: Mapped[str] = mapped_column(String(30))
    place_enc: Mapped[bytes | None] = mapped_column(Sealed)
    description_enc: Mapped[bytes] = mapped_column(Sealed)
    people_involved_enc: Mapped[bytes | None] = mapped_column(Sealed)
    reported_by: Mapped[str] = mapped_column(String(80))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)

    place = Personal[str]()
    description = Personal[str]()
    people_involved = Personal[str]()


# The HR tables live in their own module; importing it here puts them in Base.metadata for
# migrations and for everything that reads the metadata.
from db import hr_models  # noqa: E402, F401
