"""A3 for HR: publish a new version of an agreement template, read a template's history, and
verify an archived signed copy against its stored SHA-256.

[cn: 员工上岗必须签定《竞业禁止协议书》《保密协议书》] A template is never edited: publishing
writes version N+1 and retires the one before it, so what someone signed under an old version
stays exactly what they signed (the signed PDF is archived with its hash besides).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from core.agreements import AgreementText, agreement_text, latest_template
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, check, require, require_all_sites
from core.uow import UnitOfWork
from core.validation import check_lines, check_text, clean, clean_lines
from db.crypto import TamperedValue
from db.models import AgreementSignature, AgreementTemplate, Visit
from resources.i18n import LANGUAGES


class Kind(StrEnum):
    NDA = "nda"
    NON_COMPETE = "non_compete"
    SECURITY_POLICY = "security_policy"
    EXIT_REMINDER = "exit_reminder"  # A4: the confidentiality reminder signed on leaving


KIND_TEXT = {
    Kind.NDA: N_("Confidentiality agreement"),
    Kind.NON_COMPETE: N_("Non-compete agreement"),
    Kind.SECURITY_POLICY: N_("Security policy acknowledgement"),
    Kind.EXIT_REMINDER: N_("Exit confidentiality reminder"),
}
MAX_BODY = 50_000
MAX_VALID_DAYS = 3650


@dataclass(frozen=True)
class NewVersion:
    kind: str
    language: str
    title: str
    body: str
    valid_days: int = 365


@dataclass(frozen=True)
class Verification:
    """The archived copy's hash, recomputed now."""

    signature_id: str
    ok: bool
    stored_sha256: str
    actual_sha256: str | None  # None: the sealed copy itself was altered and cannot be opened
    signed_at: datetime
    template_version: int
    message: Message

    def as_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature_id,
            "ok": self.ok,
            "stored_sha256": self.stored_sha256,
            "actual_sha256": self.actual_sha256,
            "signed_at": self.signed_at.isoformat(),
            "template_version": self.template_version,
            "message": self.message.render(),
        }


def _validate(new: NewVersion) -> dict[str, Message]:
    errors: dict[str, Message] = {}
    if new.kind not in set(Kind):
        errors["kind"] = Message(N_("There is no agreement kind {kind}."), {"kind": new.kind})
    if new.language not in LANGUAGES:
        errors["language"] = Message(
            N_("Please choose a language: {choices}."), {"choices": ", ".join(LANGUAGES)}
        )
    problems = {
        "title": check_text(new.title, Message(N_("the title")), True, 300),
        "body": check_lines(new.body, Message(N_("the text")), True, MAX_BODY),
    }
    errors.update({name: p for name, p in problems.items() if p is not None})
    if not 1 <= new.valid_days <= MAX_VALID_DAYS:
        errors["valid_days"] = Message(
            N_("A signature is valid for 1 to {max} days."), {"max": MAX_VALID_DAYS}
        )
    return errors


def publish_version(uow: UnitOfWork, actor: Actor, new: NewVersion) -> AgreementText:
    """The next version of the kind's template in the language, now the one to sign; the one
    before it is retired, never changed. Publishing the current text again writes nothing.
    Templates are company-wide: HR and administrators publish them."""
    require(actor, Permission.MANAGE_AGREEMENTS, None)
    errors = _validate(new)
    if errors:
        raise ValidationFailed(errors)
    title, body = clean(new.title), clean_lines(new.body)
    with uow:
        versions = select(AgreementTemplate).where(
            AgreementTemplate.kind == new.kind, AgreementTemplate.language == new.language
        )
        current = uow.session.scalars(
            versions.where(AgreementTemplate.active.is_(True))
            .order_by(AgreementTemplate.version.desc())
            .limit(1)
        ).first()
        if current is not None and (current.title, current.body, current.valid_days) == (
            title,
            body,
            new.valid_days,
        ):
            return agreement_text(current)
        last = uow.session.scalar(
            select(func.max(AgreementTemplate.version)).where(
                AgreementTemplate.kind == new.kind, AgreementTemplate.language == new.language
            )
        )
        for older in uow.session.scalars(versions.where(AgreementTemplate.active.is_(True))):
            older.active = False
        template = AgreementTemplate(
            kind=new.kind,
            language=new.language,
            version=(last or 0) + 1,
            title=title,
            body=body,
            valid_days=new.valid_days,
            active=True,
        )
        uow.session.add(template)
        uow.audit(
            actor,
            "agreement.publish",
            subject_type="agreement_template",
            subject_id=template.id,
            details={"kind": new.kind, "language": new.language, "version": template.version},
        )
        text = agreement_text(template)
        uow.commit()
        return text


@dataclass(frozen=True)
class TemplateVersion:
    text: AgreementText
    active: bool
    created_at: datetime
    signatures: int


def template_history(
    uow: UnitOfWork, actor: Actor, kind: str, language: str
) -> list[TemplateVersion]:
    """Every version of the kind's template in the language, newest first, with how many
    signatures each holds."""
    require(actor, Permission.MANAGE_AGREEMENTS, None)
    with uow:
        signed = (
            select(AgreementSignature.template_id, func.count().label("n"))
            .group_by(AgreementSignature.template_id)
            .subquery()
        )
        rows = uow.session.execute(
            select(AgreementTemplate, func.coalesce(signed.c.n, 0))
            .outerjoin(signed, signed.c.template_id == AgreementTemplate.id)
            .where(AgreementTemplate.kind == kind, AgreementTemplate.language == language)
            .order_by(AgreementTemplate.version.desc())
        ).all()
        return [TemplateVersion(agreement_text(t), t.active, t.created_at, n) for t, n in rows]


def _require_for_signature(uow: UnitOfWork, actor: Actor, signature: AgreementSignature) -> None:
    """HR of the signer's site: the employee's site, or a site the visitor has visited."""
    wanted = Permission.MANAGE_AGREEMENTS
    if signature.employee is not None:
        require(actor, wanted, signature.employee.site_id)
        return
    sites = set(
        uow.session.scalars(select(Visit.site_id).where(Visit.visitor_id == signature.visitor_id))
    )
    if any(check(actor, wanted, site) is None for site in sites):
        return
    if sites:
        require(actor, wanted, min(sites))  # refuses: no such permission, or out of scope
    require_all_sites(actor, wanted)


def verify_signature(uow: UnitOfWork, actor: Actor, signature_id: str) -> Verification:
    """Open the archived PDF and compare its SHA-256 with the one stored at signing. A changed
    byte in the copy, or in its sealed form, is reported as a mismatch. Audited."""
    with uow:
        signature = uow.session.get(AgreementSignature, signature_id) if signature_id else None
        if signature is None:
            raise NotFound(Message(N_("There is no such signed agreement.")))
        _require_for_signature(uow, actor, signature)
        try:
            pdf = signature.pdf
            actual = hashlib.sha256(pdf).hexdigest() if pdf is not None else None
        except TamperedValue:
            actual = None
        ok = actual is not None and actual == signature.pdf_sha256
        if ok:
            message = Message(N_("The archived copy is intact: its SHA-256 matches."))
        elif actual is None:
            message = Message(N_("The archived copy was altered and cannot be opened."))
        else:
            message = Message(N_("The archived copy does not match its SHA-256. It was changed."))
        result = Verification(
            signature_id=signature.id,
            ok=ok,
            stored_sha256=signature.pdf_sha256,
            actual_sha256=actual,
            signed_at=signature.signed_at,
            template_version=signature.template.version,
            message=message,
        )
        uow.audit(
            actor,
            "agreement.verify",
            subject_type="agreement_signature",
            subject_id=signature.id,
            details={"ok": ok},
        )
        uow.commit()
        return result


def current_version(
    uow: UnitOfWork, actor: Actor, kind: str, language: str
) -> AgreementText | None:
    """The version of the kind's template in the language that is signed now, if any."""
    require(actor, Permission.MANAGE_AGREEMENTS, None)
    with uow:
        template = latest_template(uow, kind, language)
        return agreement_text(template) if template is not None and template.active else None
