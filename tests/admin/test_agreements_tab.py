"""A3 at the HR desk: the status table, signing on the pad, verifying the archived copy, CSV."""

from core.agreement_admin import Kind
from core.agreement_status import State, require_agreement
from core.permissions import Actor
from tests.admin.test_roster_window import _logged_in
from tests.core.helpers import site_id
from tests.kiosk.conftest import click, sign


def test_hr_sees_who_is_missing_signs_one_verifies_and_exports(qtbot, session, demo_app, tmp_path):
    app = demo_app.app
    require_agreement(app.uow(), Actor.system(), site_id(app, "hel"), Kind.NDA, "employee")
    window = _logged_in(qtbot, session, demo_app, "hr")
    tab = window.agreements
    assert tab is not None and window.guard is None
    qtbot.waitUntil(lambda: tab.site.count() == 2, timeout=5000)
    tab.site.setCurrentIndex(next(i for i in range(2) if "(hel)" in tab.site.itemText(i)))
    qtbot.waitUntil(lambda: len(tab.model.rows) > 0, timeout=5000)
    assert all(r.state is State.MISSING for r in tab.model.rows)
    missing = len(tab.model.rows)
    assert tab.model.index(0, 3).data() == "Missing"
    tab.table.selectRow(0)
    person = tab.selected()
    assert tab.sign.isEnabled() and not tab.verify.isEnabled()
    click(qtbot, tab.sign)
    dialog = tab.dialog
    assert dialog is not None and not dialog.sign.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    sign(qtbot, dialog.pad)
    click(qtbot, dialog.sign)
    qtbot.waitUntil(lambda: tab.status.text().startswith("Signed and archived"), timeout=10_000)
    qtbot.waitUntil(
        lambda: any(r.person_id == person.person_id and r.state is State.SIGNED
                    for r in tab.model.rows), timeout=5000)  # fmt: skip
    row = next(i for i, r in enumerate(tab.model.rows) if r.person_id == person.person_id)
    tab.table.selectRow(row)
    click(qtbot, tab.verify)
    qtbot.waitUntil(lambda: "intact" in tab.status.text(), timeout=5000)

    tab.state.setCurrentIndex(tab.state.findData("missing"))
    qtbot.waitUntil(lambda: len(tab.model.rows) == missing - 1, timeout=5000)
    out = tmp_path / "agreements.csv"
    tab.export_csv(str(out))
    qtbot.waitUntil(lambda: out.exists() and "Saved" in tab.status.text(), timeout=5000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("person_type,name,") and len(lines) == missing


def test_reception_has_no_agreements_tab(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "reception")
    assert window.agreements is None


def test_hr_publishes_a_new_version_from_the_current_one(qtbot, session, demo_app):
    from sqlalchemy import select

    from db.models import AgreementTemplate

    window = _logged_in(qtbot, session, demo_app, "hr")
    tab = window.agreements
    click(qtbot, tab.new_version)
    dialog = tab.publisher
    dialog.kind.setCurrentIndex(dialog.kind.findData("exit_reminder"))
    dialog.language.setCurrentIndex(dialog.language.findData("fi"))
    qtbot.waitUntil(lambda: dialog.current.text() == "Starting from version 1.", timeout=15_000)
    assert dialog.title.text() == "Muistutus salassapidosta työsuhteen päättyessä"
    dialog.body.setPlainText("")
    click(qtbot, dialog.publish)  # an empty text is refused, and the dialog stays
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=15_000)
    assert tab.publisher is dialog
    dialog.body.setPlainText("Uusi teksti.\n\nToinen kappale.")
    click(qtbot, dialog.publish)
    qtbot.waitUntil(lambda: tab.publisher is None, timeout=15_000)
    assert tab.status.text() == "Version 2 is now the one to sign."
    with demo_app.app.uow() as uow:
        versions = uow.session.execute(
            select(AgreementTemplate.version, AgreementTemplate.active, AgreementTemplate.body)
            .where(AgreementTemplate.kind == "exit_reminder", AgreementTemplate.language == "fi")
            .order_by(AgreementTemplate.version)
        ).all()
    assert [(v, a) for v, a, _b in versions] == [(1, False), (2, True)]
    assert versions[1][2] == "Uusi teksti.\n\nToinen kappale."
