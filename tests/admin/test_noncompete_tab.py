"""A3 non-compete at the HR desk: terms entered with the rule warnings shown at once, the
tracker after the employee leaves, and the reminder letter saved as a PDF."""

from PySide6.QtCore import QDate

from tests.admin.test_offboarding_tab import _hel
from tests.admin.test_roster_window import _logged_in
from tests.forms.pdf import text
from tests.kiosk.conftest import click


def test_hr_enters_terms_sees_warnings_and_saves_the_letter(qtbot, session, demo_app, tmp_path):
    window = _logged_in(qtbot, session, demo_app, "hr")
    tab = window.noncompete
    assert tab is not None
    qtbot.waitUntil(lambda: tab.site.count() == 2, timeout=15_000)
    tab.site.setCurrentIndex(_hel(tab))
    qtbot.keyClicks(tab.finder.search, "Korh")
    qtbot.waitUntil(lambda: tab.finder.found.count() == 1, timeout=15_000)
    tab.months.setValue(13)  # Finland allows 12
    qtbot.keyClicks(tab.percent, "40")
    qtbot.keyClicks(tab.pay, "3 000,00")
    click(qtbot, tab.save)
    qtbot.waitUntil(lambda: tab.warnings.text() != "", timeout=15_000)
    assert "at most 12 months" in tab.warnings.text()
    assert tab.warnings.property("problem") is True
    tab.months.setValue(6)
    tab.weighty.setChecked(True)
    click(qtbot, tab.save)
    qtbot.waitUntil(lambda: tab.warnings.text().startswith("Saved."), timeout=15_000)
    assert tab.model.rows == []  # not left yet: nothing to track

    offboarding = window.offboarding
    offboarding.site.setCurrentIndex(_hel(offboarding))
    qtbot.keyClicks(offboarding.finder.search, "Korh")
    qtbot.waitUntil(lambda: offboarding.finder.found.count() == 1, timeout=15_000)
    offboarding.last_day.setDate(QDate.currentDate())
    click(qtbot, offboarding.start)
    qtbot.waitUntil(lambda: offboarding.case_list.count() == 1, timeout=15_000)
    tab.refresh()
    qtbot.waitUntil(lambda: len(tab.model.rows) == 1, timeout=15_000)
    assert tab.model.index(0, 0).data() == "Mikko Korhonen"
    tab.table.selectRow(0)
    out = tmp_path / "letter.pdf"
    tab.save_letter(str(out))
    qtbot.waitUntil(lambda: out.exists() and "Saved" in tab.status.text(), timeout=15_000)
    assert "Mikko Korhonen" in text(out.read_bytes())

    click(qtbot, tab.release)  # today: past the Finnish release deadline
    qtbot.waitUntil(lambda: "release deadline was" in tab.status.text(), timeout=15_000)
    tab.release_on.setDate(QDate.currentDate().addMonths(-3))
    click(qtbot, tab.release)
    qtbot.waitUntil(lambda: tab.status.text().startswith("Released from"), timeout=15_000)
    qtbot.waitUntil(lambda: tab.model.index(0, 6).data() == "Released", timeout=15_000)
