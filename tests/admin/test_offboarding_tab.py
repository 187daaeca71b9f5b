"""A4 at the HR desk: open a case for a leaver, record and collect an item, do the tasks (the
revocations act), close the case and save its certificate; overdue tasks counted at a glance."""

from datetime import date

from PySide6.QtCore import QDate
from sqlalchemy import select

from core.permissions import Actor
from db.models import Employee, UserAccount
from tests.admin.test_roster_window import _logged_in
from tests.kiosk.conftest import click, sign


def _hel(tab):
    return next(i for i in range(tab.site.count()) if "(hel)" in tab.site.itemText(i))


def test_hr_offboards_an_employee_from_start_to_certificate(qtbot, session, demo_app, tmp_path):
    app = demo_app.app
    window = _logged_in(qtbot, session, demo_app, "hr")
    tab = window.offboarding
    assert tab is not None
    qtbot.waitUntil(lambda: tab.site.count() == 2, timeout=15_000)
    tab.site.setCurrentIndex(_hel(tab))
    qtbot.keyClicks(tab.finder.search, "Korh")
    qtbot.waitUntil(lambda: tab.finder.found.count() == 1, timeout=15_000)
    tab.last_day.setDate(QDate.currentDate())
    click(qtbot, tab.start)
    qtbot.waitUntil(lambda: tab.case_list.count() == 1, timeout=15_000)
    tab.case_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: tab.case is not None and tab.tasks.count() == 6, timeout=15_000)
    assert tab.heading.text().startswith("Mikko Korhonen, last working day")

    qtbot.keyClicks(tab.description, "Customer key ring 12")
    qtbot.keyClicks(tab.serial, "K-12")
    tab.kind.setCurrentIndex(tab.kind.findData("key"))
    click(qtbot, tab.issue)
    qtbot.waitUntil(lambda: tab.items.count() == 1, timeout=15_000)
    assert tab.items.item(0).text() == "☐ Key: Customer key ring 12 (K-12)"
    click(qtbot, tab.close)  # everything still open
    qtbot.waitUntil(lambda: "cannot close" in tab.status.text(), timeout=15_000)

    tab.items.setCurrentRow(0)
    click(qtbot, tab.returned)
    qtbot.waitUntil(lambda: tab.items.item(0).text().startswith("✓"), timeout=15_000)
    with app.uow() as uow:
        korhonen_id = next(
            e.id for e in uow.session.scalars(select(Employee)) if e.last_name == "Korhonen"
        )
    exit_row = next(i for i in range(6) if "Exit confidentiality" in tab.tasks.item(i).text())
    tab.tasks.setCurrentRow(0)
    assert not tab.sign.isEnabled()
    tab.tasks.setCurrentRow(exit_row)
    click(qtbot, tab.done)  # not signed yet: refused, with the reason
    qtbot.waitUntil(lambda: "not signed the exit" in tab.status.text(), timeout=15_000)
    tab.tasks.setCurrentRow(exit_row)
    click(qtbot, tab.sign)
    dialog = tab.dialog
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    sign(qtbot, dialog.pad)
    click(qtbot, dialog.sign)
    qtbot.waitUntil(lambda: tab.tasks.item(exit_row).text().startswith("✓"), timeout=15_000)
    for row in range(6):
        if tab.tasks.item(row).text().startswith("✓"):
            continue
        tab.tasks.setCurrentRow(row)
        click(qtbot, tab.done)
        qtbot.waitUntil(lambda r=row: tab.tasks.item(r).text().startswith("✓"), timeout=15_000)
    click(qtbot, tab.close)
    qtbot.waitUntil(lambda: tab.certificate.isEnabled(), timeout=15_000)
    assert not tab.close.isEnabled()
    out = tmp_path / "certificate.pdf"
    tab.save_certificate(str(out))
    qtbot.waitUntil(lambda: out.exists() and out.read_bytes().startswith(b"%PDF"), timeout=15_000)
    with app.uow() as uow:
        left = uow.session.get(Employee, korhonen_id)
        assert left.left_on == date.fromisoformat(QDate.currentDate().toString("yyyy-MM-dd"))
        assert not left.active and left.badge_token_hash is None
        accounts = uow.session.scalars(
            select(UserAccount).where(UserAccount.employee_id == korhonen_id)
        ).all()
        assert all(not a.active for a in accounts)


def test_security_has_no_offboarding_tab(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "guard")
    assert window.offboarding is None and window.agreements is None


def test_overdue_tasks_show_on_the_start_page(qtbot, session, demo_app):
    from datetime import timedelta

    from core.offboarding import start_case

    app = demo_app.app
    with app.uow() as uow:
        laine = next(e.id for e in uow.session.scalars(select(Employee)) if e.last_name == "Laine")
    start_case(app.uow(), Actor.system(), laine, date.today() - timedelta(days=10))
    window = _logged_in(qtbot, session, demo_app, "hr")
    qtbot.waitUntil(lambda: window.overdue.isVisibleTo(window), timeout=15_000)
    assert window.overdue.text() == "Offboarding tasks overdue: 6; due within 2 days: 0"
    assert window.overdue.property("problem") is True


def test_the_exit_reminder_signed_on_paper_is_filed_from_its_task(
    qtbot, session, demo_app, tmp_path
):
    window = _logged_in(qtbot, session, demo_app, "hr")
    tab = window.offboarding
    qtbot.waitUntil(lambda: tab.site.count() == 2, timeout=15_000)
    tab.site.setCurrentIndex(_hel(tab))
    qtbot.keyClicks(tab.finder.search, "Korh")
    qtbot.waitUntil(lambda: tab.finder.found.count() == 1, timeout=15_000)
    click(qtbot, tab.start)
    qtbot.waitUntil(lambda: tab.case_list.count() == 1, timeout=15_000)
    tab.case_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: tab.tasks.count() == 6, timeout=15_000)
    exit_row = next(i for i in range(6) if "Exit confidentiality" in tab.tasks.item(i).text())
    tab.tasks.setCurrentRow(exit_row)
    assert tab.paper.isEnabled()
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    tab.file_exit_reminder(str(scan))
    qtbot.waitUntil(lambda: tab.tasks.item(exit_row).text().startswith("✓"), timeout=15_000)
