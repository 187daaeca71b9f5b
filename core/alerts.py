"""Alerts for the guard and reception (K11, K4): something at the kiosk needs a person now.

An alert is raised inside the unit of work of the act that causes it (a check-in held by the
deny list, an ID that failed its checks), so it exists exactly when that act was committed.
Its ``details`` name kinds and ids only, never personal data: whoever reads the alert opens
the visit (with its own permission and audit) to see who it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.clock import now
from core.errors import NotFound
from core.messages import N_, Message
from core.permissions import Actor, Permission, check, require
from core.uow import UnitOfWork
from db.models import Alert

DENY_LIST = "deny_list"
ID_NOT_VERIFIED = "id_not_verified"
KINDS = (DENY_LIST, ID_NOT_VERIFIED)
# What the guard or reception reads; the visitor never sees these.
ALERT_TEXT = {
    DENY_LIST: N_("Deny-list match: a check-in is held. Meet the visitor at reception."),
    ID_NOT_VERIFIED: N_("An ID could not be verified. Check the visitor's ID by hand."),
}
# What an alert's details may hold: kinds and ids, nothing that names or describes a person.
DETAIL_KEYS = frozenset({"kind", "deny_entry"})


@dataclass(frozen=True)
class AlertView:
    id: str
    site_id: str
    kind: str
    visit_id: str | None
    details: dict[str, Any]
    created_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site_id": self.site_id,
            "kind": self.kind,
            "visit_id": self.visit_id,
            "details": dict(self.details),
            "created_at": self.created_at.isoformat(),
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "acknowledged_by": self.acknowledged_by,
        }


def _view(alert: Alert) -> AlertView:
    return AlertView(
        id=alert.id,
        site_id=alert.site_id,
        kind=alert.kind,
        visit_id=alert.visit_id,
        details=dict(alert.details or {}),
        created_at=alert.created_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=alert.acknowledged_by,
    )


def raise_alert(
    uow: UnitOfWork,
    site_id: str,
    kind: str,
    visit_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> Alert:
    """Add an alert to the open unit of work; it commits or rolls back with the caller's act.

    ``details`` may hold only the keys in DETAIL_KEYS with plain scalar values (a programming
    error otherwise: ValueError), so no personal data can slip into an alert."""
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    clean = dict(details or {})
    for key, value in clean.items():
        if key not in DETAIL_KEYS or not isinstance(value, str | int | bool | None):
            raise ValueError(f"alert detail {key!r} is not allowed")
    alert = Alert(site_id=site_id, kind=kind, visit_id=visit_id, details=clean, created_at=now())
    uow.session.add(alert)
    return alert


def _require_watch(actor: Actor, site_id: str) -> None:
    """Reception (MANAGE_VISITS) and the guard (DOOR_CHECK) of that site see its alerts."""
    if check(actor, Permission.DOOR_CHECK, site_id) is None:
        return
    require(actor, Permission.MANAGE_VISITS, site_id)


def open_alerts(uow: UnitOfWork, actor: Actor, site_id: str) -> list[AlertView]:
    """The site's alerts nobody has acknowledged yet, oldest first."""
    _require_watch(actor, site_id)
    with uow:
        rows = uow.session.scalars(
            select(Alert)
            .where(Alert.site_id == site_id, Alert.acknowledged_at.is_(None))
            .order_by(Alert.created_at, Alert.id)
        ).all()
        return [_view(a) for a in rows]


def acknowledge(uow: UnitOfWork, actor: Actor, alert_id: str) -> AlertView:
    """Mark the alert as seen and dealt with (audited). Acknowledging it again changes nothing."""
    with uow:
        alert = uow.session.get(Alert, alert_id)
        if alert is None:
            raise NotFound(Message(N_("There is no such alert.")))
        _require_watch(actor, alert.site_id)
        if alert.acknowledged_at is not None:
            return _view(alert)
        alert.acknowledged_at, alert.acknowledged_by = now(), actor.label
        uow.audit(
            actor,
            "alert.acknowledge",
            subject_type="alert",
            subject_id=alert.id,
            site_id=alert.site_id,
            details={"kind": alert.kind, "visit": alert.visit_id},
        )
        view = _view(alert)
        uow.commit()
        return view
