"""HR tables (A3, A4): which agreements each kind of staff must sign, non-compete terms, the
items issued to employees, and offboarding cases with their tasks.

Free text that may describe a person (item descriptions, write-off reasons, task notes) and
pay are sealed like every other personal value (``db.personal``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Employee, HasId, Sealed, utcnow
from db.personal import Personal


class AgreementRequirement(HasId, Base):
    """A3: staff of this kind (at this site, or at every site when ``site_id`` is None) must
    have a valid signature of this agreement kind."""

    __tablename__ = "agreement_requirements"
    __table_args__ = (UniqueConstraint("kind", "staff_kind", "site_id"),)
    kind: Mapped[str] = mapped_column(String(30))
    staff_kind: Mapped[str] = mapped_column(String(20))  # employee | contractor
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NonCompete(HasId, Base):
    """A3: the non-compete terms agreed with an employee (``core.noncompete_rules`` checks
    them); the restriction starts the day after ``restriction_start`` (the last working day),
    set when the employee leaves."""

    __tablename__ = "non_competes"
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    signature_id: Mapped[str | None] = mapped_column(ForeignKey("agreement_signatures.id"))
    jurisdiction: Mapped[str] = mapped_column(String(8))
    months: Mapped[int] = mapped_column(Integer)
    compensation_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    employee_category: Mapped[str] = mapped_column(String(30))
    local_minimum_wage: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    weighty_reason: Mapped[bool] = mapped_column(Boolean, default=False)
    restriction_start: Mapped[date | None] = mapped_column(Date)
    released_on: Mapped[date | None] = mapped_column(Date)
    monthly_pay_enc: Mapped[bytes] = mapped_column(Sealed)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()

    monthly_pay = Personal[str]()  # a decimal string: pay is personal data


class IssuedItem(HasId, Base):
    """A4 [cn: 第十四条]: a carrier of information or a key issued to an employee; on leaving,
    each is returned (who received it, when, in what condition) or written off (why, and who
    approved)."""

    __tablename__ = "issued_items"
    __table_args__ = (Index("ix_issued_items_employee_id_status", "employee_id", "status"),)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"))
    kind: Mapped[str] = mapped_column(String(30))
    serial: Mapped[str | None] = mapped_column(String(120))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), default="issued")
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(80))  # received it, or approved
    condition: Mapped[str | None] = mapped_column(String(30))
    description_enc: Mapped[bytes] = mapped_column(Sealed)
    write_off_reason_enc: Mapped[bytes | None] = mapped_column(Sealed)

    description = Personal[str]()
    write_off_reason = Personal[str]()


class OffboardingTemplate(HasId, Base):
    """A4: the tasks every leaver of a site (None: any site) and staff kind goes through."""

    __tablename__ = "offboarding_templates"
    name: Mapped[str] = mapped_column(String(200))
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    staff_kind: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tasks: Mapped[list[OffboardingTemplateTask]] = relationship(
        order_by="OffboardingTemplateTask.position"
    )


class OffboardingTemplateTask(HasId, Base):
    __tablename__ = "offboarding_template_tasks"
    template_id: Mapped[str] = mapped_column(ForeignKey("offboarding_templates.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    owner_role: Mapped[str | None] = mapped_column(String(20))
    owner_user_id: Mapped[str | None] = mapped_column(ForeignKey("user_accounts.id"))
    offset_days: Mapped[int] = mapped_column(Integer, default=0)  # from the last working day
    action: Mapped[str] = mapped_column(String(30), default="none")


class OffboardingCase(HasId, Base):
    __tablename__ = "offboarding_cases"
    __table_args__ = (Index("ix_offboarding_cases_site_id_status", "site_id", "status"),)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.id"), index=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    template_id: Mapped[str | None] = mapped_column(ForeignKey("offboarding_templates.id"))
    last_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    opened_by: Mapped[str] = mapped_column(String(80))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(80))
    closed_at: Mapped[datetime | None] = mapped_column()
    certificate_sha256: Mapped[str | None] = mapped_column(String(64))
    certificate_enc: Mapped[bytes | None] = mapped_column(Sealed)

    employee: Mapped[Employee] = relationship()
    tasks: Mapped[list[OffboardingTask]] = relationship(order_by="OffboardingTask.position")

    certificate = Personal[bytes](binary=True)


class OffboardingTask(HasId, Base):
    __tablename__ = "offboarding_tasks"
    __table_args__ = (Index("ix_offboarding_tasks_due_on_done_at", "due_on", "done_at"),)
    case_id: Mapped[str] = mapped_column(ForeignKey("offboarding_cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    owner_role: Mapped[str | None] = mapped_column(String(20))
    owner_user_id: Mapped[str | None] = mapped_column(ForeignKey("user_accounts.id"))
    due_on: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(30), default="none")
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[str | None] = mapped_column(String(80))
    note_enc: Mapped[bytes | None] = mapped_column(Sealed)

    note = Personal[str]()
