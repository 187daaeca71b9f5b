"""Admin app fixtures: a log-in session that prints to a spool directory."""

import pytest

from admin.app import AdminSession
from core.printing import SpoolPrinter
from gui.i18n import Translator
from gui.tasks import TaskRunner


@pytest.fixture
def spool(tmp_path):
    return tmp_path / "spool"


@pytest.fixture
def session(qtbot, demo_app, spool):
    runner = TaskRunner()
    admin = AdminSession(demo_app.app, runner, Translator(), SpoolPrinter(spool))
    admin.show_login()
    yield admin
    runner.wait_idle()
    runner.shutdown()
    for widget in (admin.login, admin.window):
        if widget is not None:
            widget.close()
            widget.deleteLater()
