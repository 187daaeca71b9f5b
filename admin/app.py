"""`vartio-admin`: the desktop app for HR, security and reception (A1 log-in, K8 reprint)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from admin.login import LoginDialog
from admin.window import MainWindow
from core.app import App
from core.printing import SPEC_HELP, Printer, SpoolPrinter, default_spool_dir, printer_from_spec
from gui.i18n import Translator
from gui.startup import StartupFailed, display_problem, open_installation, show_startup_error
from gui.tasks import TaskRunner

PROGRAM = "vartio-admin"
IDLE_SECONDS = 600  # A1: the desk logs itself out after 10 minutes without use
EXIT_OK, EXIT_FAILED = 0, 1


class AdminSession(QObject):
    """Log-in dialog, then the main window; logging out shows the dialog again."""

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        printer: Printer | None = None,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        super().__init__()
        self.app, self.runner, self.i18n = app, runner, i18n
        self.idle_seconds = idle_seconds
        self.printer: Printer = printer or SpoolPrinter(default_spool_dir())
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None

    def show_login(self) -> None:
        idled = self.window is not None and self.window.idled
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        self.login = LoginDialog(self.app, self.runner, self.i18n)
        self.login.finished.connect(self._answered)
        if idled:
            minutes = max(1, round(self.idle_seconds / 60))
            self.login.message.setText(
                self.i18n.tr(
                    "You were logged out after {minutes} min without use.", minutes=minutes
                )
            )
        self.login.show()

    def _answered(self, result: int) -> None:
        login, self.login = self.login, None
        if login is None:
            return
        login.deleteLater()
        if result != LoginDialog.DialogCode.Accepted or login.actor is None:
            QApplication.quit()
            return
        self.window = MainWindow(
            login.actor,
            login.username.text().strip(),
            self.i18n,
            self.app,
            self.runner,
            self.printer,
            self.idle_seconds,
        )
        self.window.loggedOut.connect(self.show_login)
        self.window.show()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Vartio administration")
    parser.add_argument(
        "--db", help="database URL or SQLite path (default: $VARTIO_DB, then the user data dir)"
    )
    parser.add_argument(
        "--printer",
        type=_printer,
        metavar="SPEC",
        help=f"where reprinted badges go: {SPEC_HELP} (default: the spool directory)",
    )
    return parser


def _printer(spec: str) -> Printer:
    try:
        return printer_from_spec(spec)
    except ValueError as exc:  # argparse reports it as a usage error (exit 2)
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    problem = display_problem(PROGRAM)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_FAILED
    try:
        app = open_installation(args.db)
    except StartupFailed as exc:
        show_startup_error(PROGRAM, str(exc))
        return EXIT_FAILED
    qt_app = QApplication.instance() or QApplication([PROGRAM])
    runner = TaskRunner()
    session = AdminSession(app, runner, Translator(), args.printer)
    session.show_login()
    try:
        return qt_app.exec()
    finally:
        runner.shutdown()
        app.close()


if __name__ == "__main__":
    sys.exit(main())
