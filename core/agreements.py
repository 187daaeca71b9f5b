"""Agreement templates (versioned per kind and language) and signed copies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.clock import now
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.validation import clean
from db.models import AgreementSignature, AgreementTemplate, Visitor

NDA = "nda"


@dataclass(frozen=True)
class AgreementText:
    template_id: str
    kind: str
    language: str
    version: int
    title: str
    body: str
    valid_days: int = 365


def agreement_text(template: AgreementTemplate) -> AgreementText:
    return AgreementText(
        template_id=template.id,
        kind=template.kind,
        language=template.language,
        version=template.version,
        title=template.title,
        body=template.body,
        valid_days=template.valid_days,
    )


def latest_template(uow: UnitOfWork, kind: str, language: str) -> AgreementTemplate | None:
    """The newest active version in ``language``, else in English. Caller holds the uow open."""
    for lang in dict.fromkeys((language, "en")):
        template = uow.session.scalars(
            select(AgreementTemplate)
            .where(
                AgreementTemplate.kind == kind,
                AgreementTemplate.language == lang,
                AgreementTemplate.active.is_(True),
            )
            .order_by(AgreementTemplate.version.desc())
            .limit(1)
        ).first()
        if template is not None:
            return template
    return None


def current_nda(uow: UnitOfWork, actor: Actor, language: str) -> AgreementText | None:
    require(actor, Permission.READ_SITE, None)
    with uow:
        template = latest_template(uow, NDA, language)
        return agreement_text(template) if template else None


@dataclass(frozen=True)
class OnFile:
    """A signature that still covers the visitor: no need to sign again (K6)."""

    signature_id: str
    signed_at: datetime
    expires_at: datetime | None


@dataclass(frozen=True)
class NdaStep:
    """What the kiosk does about the NDA: show ``agreement`` to sign, or nothing (``on_file``
    set, or no NDA in use at all)."""

    agreement: AgreementText | None
    on_file: OnFile | None = None


def nda_step(
    uow: UnitOfWork, actor: Actor, language: str, first: str, last: str, email: str
) -> NdaStep:
    """The current NDA, unless this visitor signed the same version and it has not expired."""
    require(actor, Permission.READ_SITE, None)
    with uow:
        return nda_step_for(uow, language, first, last, email)


def nda_step_for(uow: UnitOfWork, language: str, first: str, last: str, email: str) -> NdaStep:
    """``nda_step`` inside an open unit of work (the invited visitor's check-in uses it too)."""
    template = latest_template(uow, NDA, language)
    if template is None:
        return NdaStep(None)
    on_file = find_on_file(uow, template, first, last, email)
    return NdaStep(None if on_file else agreement_text(template), on_file)


def find_on_file(
    uow: UnitOfWork, template: AgreementTemplate, first: str, last: str, email: str
) -> OnFile | None:
    """A valid signature of ``template``'s kind and version (in any language) by a visitor
    with the same name and e-mail, found by blind index. Without an e-mail there is no
    reliable way to tell two people of the same name apart, so the visitor signs again.
    Caller holds the uow open."""
    first, last, email = clean(first), clean(last), clean(email)
    if not (first and last and email):
        return None
    sealer = uow.sealer
    signature = uow.session.scalars(
        select(AgreementSignature)
        .join(Visitor, AgreementSignature.visitor_id == Visitor.id)
        .join(AgreementTemplate, AgreementSignature.template_id == AgreementTemplate.id)
        .where(
            Visitor.name_index == sealer.blind_index(f"{first} {last}"),
            Visitor.email_index == sealer.blind_index(email),
            Visitor.anonymised_at.is_(None),
            AgreementTemplate.kind == template.kind,
            AgreementTemplate.version == template.version,
            AgreementSignature.expires_at > now(),
        )
        .order_by(AgreementSignature.signed_at.desc())
        .limit(1)
    ).first()
    if signature is None:
        return None
    return OnFile(signature.id, signature.signed_at, signature.expires_at)


def template_text(uow: UnitOfWork, template_id: str) -> AgreementText | None:
    """Read one template by id. Caller holds the uow open."""
    template = uow.session.get(AgreementTemplate, template_id)
    return agreement_text(template) if template and template.active else None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
