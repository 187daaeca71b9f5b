"""Agreement templates (versioned per kind and language) and signed copies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import AgreementTemplate

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


def _as_text(template: AgreementTemplate) -> AgreementText:
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
        return _as_text(template) if template else None


def template_text(uow: UnitOfWork, template_id: str) -> AgreementText | None:
    """Read one template by id. Caller holds the uow open."""
    template = uow.session.get(AgreementTemplate, template_id)
    return _as_text(template) if template and template.active else None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
