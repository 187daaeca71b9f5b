"""Retention and erasure of visitor data (A8, GDPR).

Each site keeps its visitor records ``retention_days`` (default 365, never under 90: the
visitor log is kept 90 days for security). ``purge_expired`` anonymises what a visit holds
once it ended longer ago than that: the ID document on the visit, and, when the visitor has no
visit left inside any site's window, the visitor's own sealed fields, blind indexes and signed
agreements. Rows stay (visit counts and the door log keep their statistics; the audit chain
names subjects by id only, so it still verifies). ``erase_visitor`` does the same at once for
one person on request. On SQLite the writes run with ``secure_delete`` and the purge ends with
a WAL checkpoint and ``VACUUM``, so the old values do not linger in free pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, or_, select, text
from sqlalchemy.orm import Session

from core.clock import now
from core.errors import NotFound, ValidationFailed, VartioError
from core.messages import N_, Message
from core.permissions import Actor, Permission, require, require_all_sites
from core.uow import UnitOfWork
from core.validation import check_text, clean
from db.models import AgreementSignature, Invitation, OutboxJob, Site, Visit, Visitor

DEFAULT_DAYS = 365
FLOOR_DAYS = 90  # the visitor log is kept this long for security, whatever a site chooses
MAX_DAYS = 3650
BATCH = 500
MAX_REASON = 200

CHECKED_OUT, ON_SITE = "checked_out", "on_site"
# Statuses whose visit is over once its expected end has passed (never checked in, held at
# the desk, or cancelled). ``on_site`` never ends by itself: the muster still needs the person.
_ENDS_AT_EXPECTED_END = ("expected", "cancelled", "held")

UowFactory = Callable[[], UnitOfWork]


class ErasureRefused(VartioError):
    """Erasure is not allowed yet; the message says why."""


@dataclass
class SitePurge:
    site_id: str
    site_code: str
    retention_days: int
    visits: int = 0
    visitors: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site_code,
            "retention_days": self.retention_days,
            "visits_anonymised": self.visits,
            "visitors_anonymised": self.visitors,
        }


@dataclass
class PurgeReport:
    sites: list[SitePurge] = field(default_factory=list)
    vacuumed: bool = False

    @property
    def visits(self) -> int:
        return sum(s.visits for s in self.sites)

    @property
    def visitors(self) -> int:
        return sum(s.visitors for s in self.sites)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sites": [s.as_dict() for s in self.sites],
            "visits_anonymised": self.visits,
            "visitors_anonymised": self.visitors,
            "vacuumed": self.vacuumed,
        }


@dataclass(frozen=True)
class ErasureReport:
    visitor_id: str
    visits: int
    signatures: int


def set_retention(uow: UnitOfWork, actor: Actor, site_id: str, days: int) -> int:
    """Set how many days the site keeps visitor records; returns the previous value."""
    require(actor, Permission.MANAGE_SITES, site_id)
    if days < FLOOR_DAYS:
        raise ValidationFailed(
            {
                "days": Message(
                    N_(
                        "Visitor records must be kept at least {floor} days: the visitor log "
                        "is kept that long for security."
                    ),
                    {"floor": FLOOR_DAYS},
                )
            }
        )
    if days > MAX_DAYS:
        raise ValidationFailed(
            {"days": Message(N_("At most {max} days, please."), {"max": MAX_DAYS})}
        )
    with uow:
        site = uow.session.get(Site, site_id)
        if site is None:
            raise NotFound(Message(N_("This site no longer exists.")))
        previous = site.retention_days
        site.retention_days = days
        uow.audit(
            actor,
            "site.retention_set",
            subject_type="site",
            subject_id=site_id,
            site_id=site_id,
            details={"days": days, "previous": previous},
        )
        uow.commit()
        return previous


def _cutoff(site: Site, today: date) -> datetime:
    """The start of the first day still kept, in the site's time zone."""
    first_kept = today - timedelta(days=site.retention_days)
    return datetime.combine(first_kept, time(0), tzinfo=ZoneInfo(site.timezone))


def _ended_at(visit: Visit) -> datetime | None:
    """When the visit ended, or None while it has not (on site, or still to come)."""
    if visit.status == CHECKED_OUT:
        return visit.checked_out_at or visit.expected_end
    if visit.status in _ENDS_AT_EXPECTED_END:
        return visit.expected_end
    return None


def _expired_clause(cutoff: datetime) -> Any:
    ended = func.coalesce(Visit.checked_out_at, Visit.expected_end)
    return or_(
        and_(Visit.status == CHECKED_OUT, ended < cutoff),
        and_(Visit.status.in_(_ENDS_AT_EXPECTED_END), Visit.expected_end < cutoff),
    )


def _secure_delete(session: Session) -> None:
    # Freed cells are zeroed instead of left in free pages (SQLite only; PostgreSQL's VACUUM
    # is the server's business).
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def _clear_outbox_secrets(session: Session, visit_ids: set[str]) -> None:
    """A pending invitation mail of these visits still holds its token: erase it."""
    invitations = set(
        session.scalars(select(Invitation.id).where(Invitation.visit_id.in_(visit_ids)))
    )
    jobs = session.scalars(select(OutboxJob).where(OutboxJob.secret_enc.is_not(None)))
    for job in jobs:
        payload = job.payload or {}
        if payload.get("visit_id") in visit_ids or payload.get("invitation_id") in invitations:
            job.secret_enc = None


def _anonymise_visitor(session: Session, visitor: Visitor, at: datetime) -> int:
    """Clear everything that identifies the visitor; returns the signatures anonymised."""
    for column in ("first_name", "last_name", "company", "email", "phone", "photo"):
        setattr(visitor, f"{column}_enc", None)
    visitor.name_index = None
    visitor.email_index = None
    visitor.anonymised_at = at
    signatures = session.scalars(
        select(AgreementSignature).where(AgreementSignature.visitor_id == visitor.id)
    ).all()
    for sig in signatures:
        sig.pdf = b""  # the column is NOT NULL: a sealed empty document stands in
        sig.signature_enc = None
    return len(signatures)


def _still_kept(
    session: Session, visitor_ids: Iterable[str], cutoffs: dict[str, datetime]
) -> set[str]:
    """Visitors with a visit inside its site's retention window (or not yet ended)."""
    kept: set[str] = set()
    rows = session.scalars(select(Visit).where(Visit.visitor_id.in_(set(visitor_ids))))
    for visit in rows:
        ended, cutoff = _ended_at(visit), cutoffs.get(visit.site_id)
        if ended is None or cutoff is None or ended >= cutoff:
            kept.add(visit.visitor_id)
    return kept


def _purge_batch(
    uow: UnitOfWork, actor: Actor, site: SitePurge, cutoffs: dict[str, datetime], after: str
) -> str | None:
    """One transaction: up to BATCH expired visits of the site after id ``after``. Returns the
    last visit id seen, or None when there were none."""
    session = uow.session
    _secure_delete(session)
    visits = session.scalars(
        select(Visit)
        .join(Visitor, Visitor.id == Visit.visitor_id)
        .where(
            Visit.site_id == site.site_id,
            Visit.id > after,
            _expired_clause(cutoffs[site.site_id]),
            or_(Visit.id_document_enc.is_not(None), Visitor.anonymised_at.is_(None)),
        )
        .order_by(Visit.id)
        .limit(BATCH)
    ).all()
    if not visits:
        return None
    at = now()
    pending = set(
        session.scalars(
            select(Visitor.id).where(
                Visitor.id.in_({v.visitor_id for v in visits}), Visitor.anonymised_at.is_(None)
            )
        )
    )
    anonymised = pending - _still_kept(session, pending, cutoffs)
    for visitor_id in sorted(anonymised):
        _anonymise_visitor(session, session.get_one(Visitor, visitor_id), at)
    changed = 0
    for visit in visits:
        if visit.id_document_enc is not None or visit.visitor_id in anonymised:
            changed += 1
        visit.id_document_enc = None
    _clear_outbox_secrets(session, {v.id for v in visits})
    site.visits += changed
    site.visitors += len(anonymised)
    uow.audit(
        actor,
        "retention.purge",
        subject_type="site",
        subject_id=site.site_id,
        site_id=site.site_id,
        details={
            "visits": changed,
            "visitors": len(anonymised),
            "retention_days": site.retention_days,
            "cutoff": cutoffs[site.site_id].date().isoformat(),
        },
    )
    uow.commit()
    return visits[-1].id


def purge_expired(
    uow_factory: UowFactory,
    actor: Actor,
    today: date | None = None,
    progress: Callable[[SitePurge], None] | None = None,
) -> PurgeReport:
    """Anonymise every site's visits that ended more than its retention ago, in batches of
    BATCH visits per transaction. The purge reaches every site and compacts the whole
    database, so only an administrator of all sites (or the operator's CLI) may run it."""
    require_all_sites(actor, Permission.MANAGE_SITES)
    today = today or now().date()
    with uow_factory() as uow:
        sites = uow.session.scalars(select(Site).order_by(Site.code)).all()
        cutoffs = {s.id: _cutoff(s, today) for s in sites}
        plans = [SitePurge(s.id, s.code, s.retention_days) for s in sites]
    report = PurgeReport()
    for plan in plans:
        after: str | None = ""
        while after is not None:
            with uow_factory() as uow:
                after = _purge_batch(uow, actor, plan, cutoffs, after)
        report.sites.append(plan)
        if progress is not None:
            progress(plan)
    report.vacuumed = compact(uow_factory)
    return report


def compact(uow_factory: UowFactory) -> bool:
    """SQLite: move the WAL into the file, rebuild the file without free pages, empty the WAL.
    Returns whether it ran (False on PostgreSQL)."""
    with uow_factory() as uow:
        engine = uow.session.get_bind()
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        # The raw connection is in autocommit (db.engine): VACUUM cannot run in a transaction,
        # and SQLAlchemy's own execute would open one.
        raw: Any = conn.connection.dbapi_connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # VACUUM wrote the new pages to the WAL
    return True


def _visitor_named_in(reason: str, visitor: Visitor) -> bool:
    needle = clean(reason).casefold()
    parts = (visitor.first_name, visitor.last_name, visitor.email, visitor.phone)
    return any(p and len(clean(p)) > 1 and clean(p).casefold() in needle for p in parts)


def erase_visitor(uow: UnitOfWork, actor: Actor, visitor_id: str, reason: str) -> ErasureReport:
    """Anonymise one visitor now, on their request. Erasure cannot be undone and overrides the
    sites' retention, so it is an administrator's act (MANAGE_SITES) at every site the visitor
    visited: reception and security see visitor data but must not destroy the log. Refused
    while the visitor is on site or has a visit that ended within FLOOR_DAYS (or is still to
    come). ``reason`` (e.g. the request's reference) goes into the audit entry, so it may not
    contain the visitor's name or contacts."""
    require(actor, Permission.MANAGE_SITES, None)  # the site-by-site check follows below
    problem = check_text(reason, Message(N_("the reason")), True, MAX_REASON)
    if problem is not None:
        raise ValidationFailed({"reason": problem})
    with uow:
        session = uow.session
        visitor = session.get(Visitor, visitor_id)
        if visitor is None:
            raise NotFound(Message(N_("There is no visitor with this id.")))
        visits = session.scalars(select(Visit).where(Visit.visitor_id == visitor_id)).all()
        for site_id in sorted({v.site_id for v in visits}):
            require(actor, Permission.MANAGE_SITES, site_id)
        if not visits:
            require_all_sites(actor, Permission.MANAGE_SITES)
        if any(v.status == ON_SITE for v in visits):
            raise ErasureRefused(
                Message(N_("The visitor is on site now: check them out before erasing."))
            )
        floor = now() - timedelta(days=FLOOR_DAYS)
        if any((e := _ended_at(v)) is None or e >= floor for v in visits):
            raise ErasureRefused(
                Message(
                    N_(
                        "The visitor has a visit within the last {days} days or one still to "
                        "come: the visitor log is kept {days} days for security."
                    ),
                    {"days": FLOOR_DAYS},
                )
            )
        if _visitor_named_in(reason, visitor):
            raise ValidationFailed(
                {
                    "reason": Message(
                        N_("The reason must not name the visitor: give the request's reference.")
                    )
                }
            )
        _secure_delete(session)
        signatures = _anonymise_visitor(session, visitor, now())
        for visit in visits:
            visit.id_document_enc = None
        _clear_outbox_secrets(session, {v.id for v in visits})
        uow.audit(
            actor,
            "visitor.erase",
            subject_type="visitor",
            subject_id=visitor_id,
            details={"visits": len(visits), "signatures": signatures, "reason": clean(reason)},
        )
        uow.commit()
        return ErasureReport(visitor_id, len(visits), signatures)
