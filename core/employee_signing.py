"""A3: an employee or contractor signs an agreement at the HR desk (signature pad), or HR files
a copy signed on paper (an uploaded PDF). Either way the PDF is archived sealed with its
SHA-256, under the template version signed, valid for the template's days from signing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.agreements import sha256_hex
from core.clock import now
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import AgreementSignature, AgreementTemplate, Employee
from forms.data import NdaData
from forms.render import default_renderer

MAX_PDF = 20 * 1024 * 1024
MAX_SIGNATURE = 2 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Signed:
    signature_id: str
    template_id: str
    version: int
    signed_at: datetime
    expires_at: datetime | None
    sha256: str


def _employee(uow: UnitOfWork, actor: Actor, employee_id: str) -> Employee:
    employee = uow.session.get(Employee, employee_id) if employee_id else None
    if employee is None:
        raise NotFound(Message(N_("There is no such employee.")))
    require(actor, Permission.MANAGE_AGREEMENTS, employee.site_id)
    return employee


def _template(uow: UnitOfWork, template_id: str) -> AgreementTemplate:
    template = uow.session.get(AgreementTemplate, template_id) if template_id else None
    if template is None or not template.active:
        raise ValidationFailed(
            {"template": Message(N_("Please choose an agreement version that is in use."))}
        )
    return template


def _archive(
    uow: UnitOfWork,
    actor: Actor,
    employee: Employee,
    template: AgreementTemplate,
    pdf: bytes,
    signed_at: datetime,
    signature_png: bytes | None,
    how: str,
) -> Signed:
    row = AgreementSignature(
        template_id=template.id,
        employee_id=employee.id,
        signed_at=signed_at,
        expires_at=signed_at + timedelta(days=template.valid_days),
        pdf_sha256=sha256_hex(pdf),
    )
    row.pdf = pdf
    row.signature = signature_png
    uow.session.add(row)
    uow.audit(
        actor,
        "agreement.sign",
        subject_type="employee",
        subject_id=employee.id,
        site_id=employee.site_id,
        details={"signature": row.id, "template": template.id, "kind": template.kind, "how": how},
    )
    signed = Signed(
        row.id, template.id, template.version, signed_at, row.expires_at, row.pdf_sha256
    )
    uow.commit()
    return signed


def sign_at_desk(
    uow: UnitOfWork,
    actor: Actor,
    employee_id: str,
    template_id: str,
    signature_png: bytes,
    language: str | None = None,
) -> Signed:
    """The employee signs the template on the pad now; the signed PDF is rendered and kept."""
    if not signature_png.startswith(PNG_MAGIC) or len(signature_png) > MAX_SIGNATURE:
        raise ValidationFailed({"signature": Message(N_("Please sign in the box."))})
    with uow:
        employee = _employee(uow, actor, employee_id)
        template = _template(uow, template_id)
        at = now()
        pdf = default_renderer().nda(
            NdaData(
                language=language or template.language,
                site_name=employee.site.name,
                title=template.title,
                body=template.body,
                template_version=template.version,
                signer_name=f"{employee.first_name} {employee.last_name}",
                company=employee.site.name,
                signed_at=at,
                timezone=employee.site.timezone,
                signature_png=signature_png,
            )
        )
        return _archive(uow, actor, employee, template, pdf, at, signature_png, "desk")


def file_signed_pdf(
    uow: UnitOfWork,
    actor: Actor,
    employee_id: str,
    template_id: str,
    pdf: bytes,
    signed_on: date | None = None,
) -> Signed:
    """A copy signed on paper, scanned to PDF, filed as signed on ``signed_on`` (default
    today); kept exactly as uploaded."""
    problem = None
    if len(pdf) > MAX_PDF:
        problem = Message(N_("The file is too large (at most {max} MB)."), {"max": 20})
    elif not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-2048:]:
        problem = Message(N_("This is not a PDF file."))
    if problem is not None:
        raise ValidationFailed({"pdf": problem})
    with uow:
        employee = _employee(uow, actor, employee_id)
        template = _template(uow, template_id)
        at = now()
        if signed_on is not None:
            zone = ZoneInfo(employee.site.timezone)
            if signed_on > at.astimezone(zone).date():
                raise ValidationFailed({"signed_on": Message(N_("The date is in the future."))})
            at = datetime.combine(signed_on, time(12), zone)
        return _archive(uow, actor, employee, template, pdf, at, None, "upload")
