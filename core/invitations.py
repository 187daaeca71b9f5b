"""Pre-registration (A2) and the invited visitor's check-in at the kiosk (K3).

Reception or a host registers the visit ahead: the visitor, an expected visit and an invitation
whose QR code carries a random token (D4). Only the token's SHA-256 is stored; the clear token
is handed back once (to print the invitation) and kept sealed in the mail job until the
invitation has been sent. At the kiosk the token is looked up by its hash like a badge's
(``core.checkout.find_badge``); an unknown, used, expired or cancelled invitation is refused
with a reason the kiosk can say plainly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update

from core import agreements, checkin
from core.agreements import NdaStep
from core.checkin import PURPOSE_LABELS, CheckInResult, WalkInRequest
from core.clock import end_of_local_day, now, to_local
from core.errors import NotFound, ValidationFailed, VartioError
from core.hosts import display_name
from core.idparse import StoredId
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.security import new_token, token_hash
from core.uow import UnitOfWork
from core.validation import clean, has_control_chars
from db.models import Employee, Invitation, OutboxJob, Site, Visit, VisitZone, Zone
from forms.data import InvitationData
from forms.render import default_renderer

SEND_INVITATION = "send_invitation"
EXPECTED, ON_SITE, CANCELLED = "expected", "on_site", "cancelled"


class InvitationProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    NOT_YET = "not_yet"  # scanned before the day of the visit


PROBLEM_TEXT: dict[InvitationProblem, str] = {
    InvitationProblem.UNKNOWN: N_(
        "This code is not a valid invitation here. Please see reception."
    ),
    InvitationProblem.USED: N_("This invitation has already been used. Please see reception."),
    InvitationProblem.EXPIRED: N_("This invitation has expired. Please see reception."),
    InvitationProblem.CANCELLED: N_("This visit has been cancelled. Please see reception."),
    InvitationProblem.NOT_YET: N_("This invitation is for another day. Please see reception."),
}


class InvitationRefused(VartioError):
    """The invitation cannot be used now; ``reason`` says why (for the kiosk's wording)."""

    def __init__(self, reason: InvitationProblem) -> None:
        super().__init__(Message(PROBLEM_TEXT[reason]))
        self.reason = reason


@dataclass(frozen=True)
class PreRegistration:
    site_id: str
    host_id: str
    first_name: str
    last_name: str
    company: str
    email: str
    phone: str
    purpose: str  # one of core.checkin.PURPOSES
    language: str
    expected_start: datetime  # aware
    expected_end: datetime  # aware
    zone_ids: tuple[str, ...] | None = None  # None: the site's unrestricted zones


@dataclass(frozen=True)
class Invited:
    visit_id: str
    visitor_id: str
    invitation_id: str
    token: str  # the clear token, given out this once
    expires_at: datetime
    mail_job_id: str | None  # None when the visitor gave no e-mail address


@dataclass(frozen=True)
class InvitationPreview:
    invitation_id: str
    visit_id: str
    site_id: str
    site_name: str
    timezone: str
    visitor_first_name: str
    host_name: str
    expected_start: datetime  # aware, UTC
    expected_end: datetime
    purpose: str  # a key of core.checkin.PURPOSE_LABELS
    language: str


@dataclass(frozen=True)
class InvitationLookup:
    """Exactly one of ``preview`` and ``problem`` is set."""

    preview: InvitationPreview | None
    problem: InvitationProblem | None


def validate_pre_registration(reg: PreRegistration) -> dict[str, Message]:
    """Per-field problems, as for a walk-in, plus the expected times. Pure and fast."""
    errors = checkin.validate_walk_in(_as_walk_in(reg))
    times = (reg.expected_start, reg.expected_end)
    if any(t.tzinfo is None or t.utcoffset() is None for t in times):
        errors["expected_start"] = Message(N_("Please give the date and time of the visit."))
    elif reg.expected_end <= reg.expected_start:
        errors["expected_end"] = Message(N_("The visit must end after it starts."))
    return errors


def _as_walk_in(reg: PreRegistration, **extra: object) -> WalkInRequest:
    return WalkInRequest(
        site_id=reg.site_id,
        language=reg.language,
        first_name=reg.first_name,
        last_name=reg.last_name,
        company=reg.company,
        email=reg.email,
        phone=reg.phone,
        host_id=reg.host_id,
        purpose=reg.purpose,
        **extra,  # type: ignore[arg-type]
    )


def _zones(uow: UnitOfWork, reg: PreRegistration) -> list[Zone]:
    query = select(Zone).where(Zone.site_id == reg.site_id)
    if reg.zone_ids is None:
        return list(uow.session.scalars(query.where(Zone.restricted.is_(False))))
    zones = list(uow.session.scalars(query.where(Zone.id.in_(reg.zone_ids))))
    if len(zones) != len(set(reg.zone_ids)):
        raise ValidationFailed({"zone_ids": Message(N_("Please choose zones of this site."))})
    return zones


def pre_register(uow: UnitOfWork, actor: Actor, reg: PreRegistration) -> Invited:
    """Visitor, expected visit, invitation, mail job (with an e-mail) and audit entry, at once."""
    require(actor, Permission.MANAGE_VISITS, reg.site_id)
    errors = validate_pre_registration(reg)
    if errors:
        raise ValidationFailed(errors)
    with uow:
        session = uow.session
        site = session.get(Site, reg.site_id)
        if site is None:
            raise NotFound(Message(N_("This site no longer exists.")))
        host = session.get(Employee, reg.host_id)
        if host is None or not host.active or host.site_id != reg.site_id:
            raise ValidationFailed(
                {"host_id": Message(N_("Please choose the person you are visiting from the list."))}
            )
        zones = _zones(uow, reg)
        visitor = checkin.add_visitor(uow, reg)
        visit = Visit(
            site_id=reg.site_id,
            visitor_id=visitor.id,
            host_id=host.id,
            purpose=reg.purpose,
            status=EXPECTED,
            language=reg.language,
            escort_required=any(z.escort_required for z in zones),
            expected_start=reg.expected_start,
            expected_end=reg.expected_end,
            created_by=actor.label,
            zones=[VisitZone(zone_id=z.id) for z in zones],
        )
        session.add(visit)
        token = new_token()
        expires_at = end_of_local_day(reg.expected_end, site.timezone)
        invitation = Invitation(
            visit_id=visit.id, token_hash=token_hash(token), expires_at=expires_at
        )
        session.add(invitation)
        job = None
        if visitor.email:
            job = OutboxJob(kind=SEND_INVITATION, payload={"invitation_id": invitation.id})
            job.secret = token  # erased once the invitation has been sent (core.outbox)
            session.add(job)
        uow.audit(
            actor,
            "visit.pre_register",
            subject_type="visit",
            subject_id=visit.id,
            site_id=reg.site_id,
            details={
                "purpose": reg.purpose,
                "invitation": invitation.id,
                "mail_job": job.id if job else None,
            },
        )
        uow.commit()
        return Invited(
            visit.id, visitor.id, invitation.id, token, expires_at, job.id if job else None
        )


def _find(uow: UnitOfWork, token: str) -> Invitation | None:
    """Inside an open unit of work; the equality look-up of a unique SHA-256, as for badges."""
    if not isinstance(token, str) or has_control_chars(token) or len(token) > 200:
        return None
    return uow.session.scalars(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    ).first()


def _problem(invitation: Invitation, at: datetime) -> InvitationProblem | None:
    visit = invitation.visit
    if visit.status == CANCELLED or not visit.host.active:
        return InvitationProblem.CANCELLED
    if invitation.used_at is not None or visit.status != EXPECTED:
        return InvitationProblem.USED
    if invitation.expires_at < at:
        return InvitationProblem.EXPIRED
    tz = visit.site.timezone
    if to_local(at, tz).date() < to_local(visit.expected_start, tz).date():
        return InvitationProblem.NOT_YET
    return None


def _permission(actor: Actor) -> Permission:
    return Permission.SELF_CHECK_IN if actor.kind == "kiosk" else Permission.MANAGE_VISITS


def look_up_invitation(uow: UnitOfWork, actor: Actor, token: str) -> InvitationLookup:
    """What the kiosk shows after a scan: the expected visit, or why it cannot be used.

    Raises PermissionDenied for an invitation to another site (a kiosk serves its own)."""
    require(actor, _permission(actor), None)
    with uow:
        invitation = _find(uow, token)
        if invitation is None:
            return InvitationLookup(None, InvitationProblem.UNKNOWN)
        visit = invitation.visit
        require(actor, _permission(actor), visit.site_id)
        problem = _problem(invitation, now())
        if problem is not None:
            return InvitationLookup(None, problem)
        preview = InvitationPreview(
            invitation_id=invitation.id,
            visit_id=visit.id,
            site_id=visit.site_id,
            site_name=visit.site.name,
            timezone=visit.site.timezone,
            visitor_first_name=visit.visitor.first_name or "",
            host_name=display_name(visit.host),
            expected_start=visit.expected_start,
            expected_end=visit.expected_end,
            purpose=visit.purpose,
            language=visit.language,
        )
        return InvitationLookup(preview, None)


def invitation_preview(uow: UnitOfWork, actor: Actor, token: str) -> InvitationPreview | None:
    """The expected visit behind ``token``; None when it is unknown, used, expired or cancelled
    (``look_up_invitation`` says which)."""
    return look_up_invitation(uow, actor, token).preview


def invited_nda_step(uow: UnitOfWork, actor: Actor, token: str, language: str) -> NdaStep:
    """K6 for the invited visitor: the NDA to sign, or the valid signature already on file
    (the kiosk knows only the token; the name and e-mail were given at pre-registration)."""
    require(actor, _permission(actor), None)
    with uow:
        invitation = _find(uow, token)
        if invitation is None:
            raise InvitationRefused(InvitationProblem.UNKNOWN)
        require(actor, _permission(actor), invitation.visit.site_id)
        visitor = invitation.visit.visitor
        return agreements.nda_step_for(
            uow, language, visitor.first_name or "", visitor.last_name or "", visitor.email or ""
        )


@dataclass(frozen=True)
class _Invited:
    invitation_id: str
    request: WalkInRequest


def _read_invited(uow: UnitOfWork, actor: Actor, token: str, extra: dict[str, object]) -> _Invited:
    with uow:
        invitation = _find(uow, token)
        if invitation is None:
            raise InvitationRefused(InvitationProblem.UNKNOWN)
        visit = invitation.visit
        require(actor, _permission(actor), visit.site_id)
        problem = _problem(invitation, now())
        if problem is not None:
            raise InvitationRefused(problem)
        visitor = visit.visitor
        request = WalkInRequest(
            site_id=visit.site_id,
            language=visit.language,
            first_name=visitor.first_name or "",
            last_name=visitor.last_name or "",
            company=visitor.company or "",
            email=visitor.email or "",
            phone=visitor.phone or "",
            host_id=visit.host_id,
            purpose=visit.purpose,
            **extra,  # type: ignore[arg-type]
        )
        return _Invited(invitation.id, request)


def check_in_invited(
    uow: UnitOfWork,
    actor: Actor,
    token: str,
    nda_template_id: str | None = None,
    signature_png: bytes | None = None,
    photo_png: bytes | None = None,
    *,
    id_document: StoredId | None = None,
    carried_media: Mapping[str, int] | None = None,
    nda_on_file: str | None = None,
) -> CheckInResult:
    """Check the invited visitor in: the invitation is used, the visit is on site, and a badge,
    its print job and the host's notice are made as for a walk-in, in one transaction.

    Raises InvitationRefused (with its reason), PermissionDenied (another site's invitation)
    or ValidationFailed (signature or photo not usable)."""
    require(actor, _permission(actor), None)
    extra: dict[str, object] = dict(
        nda_template_id=nda_template_id,
        signature_png=signature_png,
        photo_png=photo_png,
        id_document=id_document,
        carried_media=dict(carried_media or {}),
        nda_on_file=nda_on_file,
    )
    invited = _read_invited(uow, actor, token, extra)
    request = invited.request
    errors = checkin.validate_walk_in(request)
    if errors:
        raise ValidationFailed(errors)
    at = now()
    context = checkin._read_context(uow, request)
    nda = context.nda
    nda_pdf = checkin._signed_nda(request, context, nda, at) if nda else None
    with uow:
        session = uow.session
        invitation = session.get(Invitation, invited.invitation_id)
        if invitation is None:
            raise InvitationRefused(InvitationProblem.UNKNOWN)
        problem = _problem(invitation, at)
        if problem is not None:
            raise InvitationRefused(problem)
        # Conditional, so two kiosks scanning the same code at once cannot both use it.
        used = session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
            .values(used_at=at)
            .execution_options(synchronize_session=False)
        )
        if used.rowcount != 1:  # type: ignore[attr-defined]
            raise InvitationRefused(InvitationProblem.USED)
        visit = invitation.visit
        visit.checked_in_at = at
        if photo_png is not None:
            visit.visitor.photo = photo_png
        # The deny list applies to invited visitors too: a listed one is held like a walk-in.
        return checkin.complete_check_in(
            uow,
            actor,
            visit,
            request,
            at,
            end_of_local_day(at, context.timezone),
            nda,
            nda_pdf,
            context.timezone,
            {"invited": True, "invitation": invitation.id},
        )


def invitation_data(uow: UnitOfWork, invitation_id: str, token: str) -> InvitationData | None:
    """What the invitation PDF shows, inside an open unit of work; None when it is gone."""
    invitation = uow.session.get(Invitation, invitation_id)
    if invitation is None:
        return None
    visit = invitation.visit
    tz = visit.site.timezone
    start, end = to_local(visit.expected_start, tz), to_local(visit.expected_end, tz)
    return InvitationData(
        language=visit.language,
        site_name=visit.site.name,
        visitor_name=" ".join(p for p in (visit.visitor.first_name, visit.visitor.last_name) if p),
        host_name=display_name(visit.host),
        expected_start=start,
        expected_end=end,
        all_day=start.time() == datetime.min.time()
        and end == to_local(end_of_local_day(end, tz), tz),
        purpose=PURPOSE_LABELS.get(visit.purpose, visit.purpose),
        token=token,
        privacy_controller=visit.site.privacy_controller,
        privacy_contact=visit.site.privacy_contact,
        retention_days=visit.site.retention_days,
    )


def invitation_pdf(uow: UnitOfWork, actor: Actor, invitation_id: str, token: str) -> bytes:
    """The invitation PDF (read in one short transaction, rendered outside it)."""
    with uow:
        invitation = uow.session.get(Invitation, invitation_id)
        if invitation is None or invitation.token_hash != token_hash(token):
            raise NotFound(Message(PROBLEM_TEXT[InvitationProblem.UNKNOWN]))
        require(actor, Permission.MANAGE_VISITS, invitation.visit.site_id)
        data = invitation_data(uow, invitation_id, token)
    assert data is not None
    return default_renderer().invitation(data)


@dataclass(frozen=True)
class HostChoice:
    """How the operator named the host: by e-mail address or by name (exactly one match)."""

    email: str | None = None
    name: str | None = None


def find_host(uow: UnitOfWork, actor: Actor, site_code: str, choice: HostChoice) -> tuple[str, str]:
    """(site id, host id) for a site code and a host's e-mail or full name; active hosts only."""
    require(actor, Permission.SEARCH_HOSTS, None)
    with uow:
        site = uow.session.scalars(select(Site).where(Site.code == site_code)).first()
        if site is None:
            raise NotFound(Message(N_("There is no site with code {code}."), {"code": site_code}))
        require(actor, Permission.SEARCH_HOSTS, site.id)
        hosts = uow.session.scalars(
            select(Employee).where(Employee.site_id == site.id, Employee.active.is_(True))
        ).all()
        if choice.email:
            wanted = clean(choice.email).casefold()
            found = [h for h in hosts if (h.email or "").strip().casefold() == wanted]
        else:
            index = uow.sealer.blind_index(clean(choice.name))
            found = [h for h in hosts if h.name_index == index]
        if len(found) != 1:
            raise ValidationFailed(
                {"host_id": Message(N_("No single active host of this site matches."))}
            )
        return site.id, found[0].id
