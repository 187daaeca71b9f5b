"""The walk-in check-in: one visitor, one visit, one badge, one audit entry, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select

from core import agreements, alerts, denylist
from core.clock import end_of_local_day, now, to_local
from core.errors import NotFound, ValidationFailed
from core.hosts import display_name
from core.idparse import StoredId
from core.media import check_media
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.security import new_token, token_hash
from core.uow import UnitOfWork
from core.validation import check_email, check_phone, check_text, clean
from db.models import (
    AgreementSignature,
    Badge,
    Employee,
    OutboxJob,
    Site,
    Visit,
    Visitor,
    VisitZone,
    Zone,
)
from forms.data import NdaData
from forms.render import default_renderer
from resources.i18n import LANGUAGES

PURPOSES = ("meeting", "interview", "contractor_work", "maintenance", "delivery")
PURPOSE_LABELS: dict[str, str] = {
    "meeting": N_("Meeting"),
    "interview": N_("Interview"),
    "contractor_work": N_("Contractor work"),
    "maintenance": N_("Maintenance"),
    "delivery": N_("Delivery"),
}
PRINT_BADGE = "print_badge"
ON_SITE = "on_site"
HELD = "held"  # K11: the deny list matched; no badge, no host notice, the guard is alerted
NOTIFY_HOST = "notify_host"
MAX_IMAGE_BYTES = 2_000_000


@dataclass(frozen=True)
class WalkInRequest:
    site_id: str
    language: str
    first_name: str
    last_name: str
    company: str
    email: str
    phone: str
    host_id: str
    purpose: str
    nda_template_id: str | None = None
    signature_png: bytes | None = None
    photo_png: bytes | None = None
    id_document: StoredId | None = None  # the minimum of a scanned ID (K4), never more
    carried_media: Mapping[str, int] = field(default_factory=dict)  # K7: kind -> count
    nda_on_file: str | None = None  # K6: the id of a valid signature this visitor already gave


@dataclass(frozen=True)
class CheckInResult:
    visit_id: str
    visitor_first_name: str
    host_name: str
    badge_job_id: str | None  # None when held
    valid_until: datetime
    notify_job_id: str | None = None
    held: bool = False  # K11: never shown as such to the visitor


def validate_walk_in(request: WalkInRequest) -> dict[str, Message]:
    """Per-field problems with the form; empty when it may be submitted. Pure and fast."""
    errors: dict[str, Message] = {}

    def put(name: str, problem: Message | None) -> None:
        if problem is not None:
            errors[name] = problem

    put("first_name", check_text(request.first_name, Message(N_("your first name")), True, 100))
    put("last_name", check_text(request.last_name, Message(N_("your last name")), True, 100))
    put("company", check_text(request.company, Message(N_("your company")), False, 200))
    put("email", check_email(request.email, required=False))
    put("phone", check_phone(request.phone, required=False))
    no_contact = not clean(request.email) and not clean(request.phone)
    if no_contact and "email" not in errors and "phone" not in errors:
        errors["email"] = Message(N_("Please give an e-mail address or a phone number."))
    if not request.host_id:
        errors["host_id"] = Message(N_("Please choose the person you are visiting."))
    if request.purpose not in PURPOSES:
        errors["purpose"] = Message(N_("Please choose the purpose of your visit."))
    put("carried_media", check_media(request.carried_media))
    if request.language not in LANGUAGES:
        errors["language"] = Message(N_("Please choose a language."))
    if request.nda_template_id and not request.signature_png:
        errors["signature"] = Message(N_("Please sign the agreement."))
    for name, blob in (("signature", request.signature_png), ("photo", request.photo_png)):
        if blob is not None and (len(blob) > MAX_IMAGE_BYTES or not blob.startswith(b"\x89PNG")):
            errors[name] = Message(N_("The image could not be used. Please try again."))
    return errors


@dataclass(frozen=True)
class _SiteContext:
    timezone: str
    name: str
    nda: agreements.AgreementText | None


def _read_context(uow: UnitOfWork, request: WalkInRequest) -> _SiteContext:
    """What rendering and the write need to know, read in one short transaction."""
    with uow:
        site = uow.session.get(Site, request.site_id)
        if site is None:
            raise NotFound(Message(N_("This kiosk's site no longer exists.")))
        nda = None
        if request.nda_template_id:
            nda = agreements.template_text(uow, request.nda_template_id)
            if nda is None:
                raise ValidationFailed(
                    {"signature": Message(N_("This agreement is no longer in use."))}
                )
        if request.nda_on_file:
            _check_on_file(uow, request)
        return _SiteContext(site.timezone, site.name, nda)


def _check_on_file(uow: UnitOfWork, request: WalkInRequest) -> None:
    """The signature the kiosk found must still be this visitor's, valid, and of the NDA in use."""
    template = agreements.latest_template(uow, agreements.NDA, request.language)
    found = (
        agreements.find_on_file(uow, template, request.first_name, request.last_name, request.email)
        if template is not None
        else None
    )
    if found is None or found.signature_id != request.nda_on_file:
        raise ValidationFailed({"signature": Message(N_("Please sign the agreement."))})


def _signed_nda(
    request: WalkInRequest, context: _SiteContext, nda: agreements.AgreementText, at: datetime
) -> bytes:
    data = NdaData(
        language=request.language,
        site_name=context.name,
        title=nda.title,
        body=nda.body,
        template_version=nda.version,
        signer_name=f"{clean(request.first_name)} {clean(request.last_name)}",
        company=clean(request.company),
        signed_at=at,
        timezone=context.timezone,
        signature_png=request.signature_png,
    )
    return default_renderer().nda(data)


class VisitorDetails(Protocol):
    """What a walk-in request and a pre-registration both say about the visitor."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def phone(self) -> str: ...


def add_visitor(
    uow: UnitOfWork, details: VisitorDetails, photo_png: bytes | None = None
) -> Visitor:
    """A new visitor, sealed, with the blind indexes look-ups use, added to the open unit of
    work (the walk-in and the pre-registration)."""
    first, last = clean(details.first_name), clean(details.last_name)
    visitor = Visitor()
    visitor.first_name, visitor.last_name = first, last
    visitor.company = clean(details.company) or None
    visitor.email = clean(details.email) or None
    visitor.phone = clean(details.phone) or None
    visitor.photo = photo_png
    visitor.name_index = uow.sealer.blind_index(f"{first} {last}")
    visitor.email_index = uow.sealer.blind_index(visitor.email) if visitor.email else None
    uow.session.add(visitor)
    return visitor


def issue_badge(uow: UnitOfWork, visit_id: str, at: datetime, valid_until: datetime) -> OutboxJob:
    """A new badge for the visit and its print job, inside the open unit of work (check-ins and
    reprints)."""
    token = new_token()
    badge = Badge(
        visit_id=visit_id, token_hash=token_hash(token), issued_at=at, expires_at=valid_until
    )
    uow.session.add(badge)
    job = OutboxJob(kind=PRINT_BADGE, payload={"visit_id": visit_id, "badge_id": badge.id})
    # The clear token lives only until the badge has printed (see core.outbox).
    job.secret = token
    uow.session.add(job)
    return job


def archive_nda(
    uow: UnitOfWork,
    nda: agreements.AgreementText,
    nda_pdf: bytes,
    request: WalkInRequest,
    visitor_id: str,
    at: datetime,
    site_tz: str,
) -> AgreementSignature:
    """The signed NDA, hashed and sealed, added to the open unit of work."""
    signature = AgreementSignature(
        template_id=nda.template_id,
        visitor_id=visitor_id,
        signed_at=at,
        expires_at=to_local(at, site_tz) + timedelta(days=nda.valid_days),
        pdf_sha256=agreements.sha256_hex(nda_pdf),
    )
    signature.pdf = nda_pdf
    signature.signature = request.signature_png
    uow.session.add(signature)
    return signature


def check_in(uow: UnitOfWork, actor: Actor, request: WalkInRequest) -> CheckInResult:
    errors = validate_walk_in(request)
    if errors:
        raise ValidationFailed(errors)
    permission = Permission.SELF_CHECK_IN if actor.kind == "kiosk" else Permission.MANAGE_VISITS
    require(actor, permission, request.site_id)
    at = now()
    context = _read_context(uow, request)
    site_tz, nda = context.timezone, context.nda
    # The signed PDF is rendered before the write transaction so no lock is held meanwhile.
    nda_pdf = _signed_nda(request, context, nda, at) if nda else None
    with uow:
        session = uow.session
        host = session.get(Employee, request.host_id)
        if host is None or not host.active or host.site_id != request.site_id:
            raise ValidationFailed(
                {"host_id": Message(N_("Please choose the person you are visiting from the list."))}
            )
        visitor = add_visitor(uow, request, request.photo_png)
        zones = session.scalars(
            select(Zone).where(Zone.site_id == request.site_id, Zone.restricted.is_(False))
        ).all()
        valid_until = end_of_local_day(at, site_tz)
        visit = Visit(
            site_id=request.site_id,
            visitor_id=visitor.id,
            host_id=host.id,
            purpose=request.purpose,
            status=ON_SITE,
            language=request.language,
            escort_required=any(z.escort_required for z in zones),
            expected_start=at,
            expected_end=valid_until,
            checked_in_at=at,
            created_by=actor.label,
            zones=[VisitZone(zone_id=z.id) for z in zones],
        )
        visit.visitor, visit.host = visitor, host
        session.add(visit)
        return complete_check_in(
            uow, actor, visit, request, at, valid_until, nda, nda_pdf, site_tz, {}
        )


def complete_check_in(
    uow: UnitOfWork,
    actor: Actor,
    visit: Visit,
    request: WalkInRequest,
    at: datetime,
    valid_until: datetime,
    nda: agreements.AgreementText | None,
    nda_pdf: bytes | None,
    site_tz: str,
    details: dict[str, object],
) -> CheckInResult:
    """The part of a check-in shared by the walk-in and the invited visitor, inside the open
    unit of work, ending with its commit: the deny-list decision (K11) — a badge, its print job
    and the host's notice, or the visit held silently and the guard alerted — the ID minimum
    and its alert (K4), the carried media (K7), the signed NDA (K6) and the audit entry."""
    visitor = visit.visitor
    denied = denylist.is_denied(
        uow, visit.site_id, visitor.first_name or "", visitor.last_name or "", request.company
    )
    visit.status = ON_SITE if denied is None else HELD
    if request.id_document is not None:
        visit.id_document = request.id_document.to_json()
    visit.carried_media = dict(request.carried_media)
    details["purpose"] = visit.purpose
    job: OutboxJob | None = None
    notice: OutboxJob | None = None
    if denied is None:
        job = issue_badge(uow, visit.id, at, valid_until)
        notice = OutboxJob(kind=NOTIFY_HOST, payload={"visit_id": visit.id})
        uow.session.add(notice)
        details["badge_job"] = job.id
    else:  # held silently: no badge, no print job, no notice to the host (K11)
        alert = alerts.raise_alert(
            uow, visit.site_id, alerts.DENY_LIST, visit.id, {"deny_entry": denied.id}
        )
        details.update(alert=alert.id, deny_entry=denied.id)
    if request.id_document is not None:
        details["id_document"] = {
            "kind": request.id_document.kind.value,
            "verified": request.id_document.verified,
        }
        if not request.id_document.verified:  # K4: the check-in goes on; the guard looks
            id_alert = alerts.raise_alert(
                uow,
                visit.site_id,
                alerts.ID_NOT_VERIFIED,
                visit.id,
                {"kind": request.id_document.kind.value},
            )
            details["id_alert"] = id_alert.id
    if nda_pdf is not None and nda is not None:
        signature = archive_nda(uow, nda, nda_pdf, request, visit.visitor_id, at, site_tz)
        details.update(nda_signature=signature.id, nda_sha256=signature.pdf_sha256)
    elif request.nda_on_file:
        details["nda_on_file"] = request.nda_on_file
    uow.audit(
        actor,
        "visit.check_in" if denied is None else "visit.held",
        subject_type="visit",
        subject_id=visit.id,
        site_id=visit.site_id,
        details=details,
    )
    result = CheckInResult(
        visit_id=visit.id,
        visitor_first_name=visitor.first_name or "",
        host_name=display_name(visit.host),
        badge_job_id=job.id if job is not None else None,
        valid_until=valid_until,
        notify_job_id=notice.id if notice is not None else None,
        held=denied is not None,
    )
    uow.commit()
    return result
