"""`vartio-kiosk`: the visitor touchscreen at the entrance.

    vartio-kiosk --db var/demo.db --site hel --windowed

Without --windowed it runs full screen with no window decorations; Esc and Alt+F4 do
nothing, and only a guard's username and PIN close it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from core.kiosk import kiosk_site
from core.mail import SmtpMailer, SmtpSettings
from core.permissions import Actor
from core.printing import (
    SPEC_HELP,
    Printer,
    SpoolPrinter,
    default_spool_dir,
    printer_from_spec,
)
from gui.camera import Camera, parse_source
from gui.i18n import Translator
from gui.startup import (
    StartupFailed,
    display_problem,
    first_read,
    open_installation,
    show_startup_error,
)
from gui.tasks import TaskRunner
from kiosk.context import Kiosk
from kiosk.window import KioskWindow

PROGRAM = "vartio-kiosk"
EXIT_OK, EXIT_FAILED = 0, 1


def printer_spec(text: str) -> Printer:
    try:
        return printer_from_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROGRAM, description="Vartio visitor kiosk")
    parser.add_argument(
        "--db", help="database URL or SQLite path (default: $VARTIO_DB, then the user data dir)"
    )
    parser.add_argument("--site", help="site code of this kiosk (default: the first site)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--printer",
        type=printer_spec,
        default=None,
        metavar="SPEC",
        help=f"where badges print: {SPEC_HELP}",
    )
    where.add_argument(
        "--spool",
        type=Path,
        default=None,
        help=f"directory the badge PDFs are written to (default: {default_spool_dir()})",
    )
    parser.add_argument(
        "--camera",
        default="auto",
        help="camera: a device number, a video file or stream URL, 'auto' (the first video "
        "device, if any) or 'none' (default: auto)",
    )
    parser.add_argument(
        "--windowed", action="store_true", help="an ordinary window instead of locked full screen"
    )
    parser.add_argument(
        "--check-start",
        action="store_true",
        help="start, paint the first screen, then exit 0 (a deployment check; `make bench`)",
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=90,
        help="return to the first screen and forget everything after this long (default 90)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.idle_seconds <= 0:
        parser.error("--idle-seconds must be more than 0")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    problem = display_problem(f"{PROGRAM} --windowed")
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_FAILED
    try:
        smtp = SmtpSettings.from_env()
    except ValueError as exc:
        print(f"{PROGRAM}: mail settings: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        app = open_installation(args.db)
        site = first_read(app, lambda: kiosk_site(app.uow(), args.site))
    except StartupFailed as exc:
        show_startup_error(PROGRAM, str(exc))
        return EXIT_FAILED

    qt_app = QApplication.instance() or QApplication([PROGRAM])
    runner = TaskRunner()
    kiosk = Kiosk(
        app=app,
        site=site,
        actor=Actor.kiosk(site.id),
        printer=args.printer or SpoolPrinter(args.spool or default_spool_dir()),
        runner=runner,
        i18n=Translator(),
        camera=Camera(parse_source(args.camera)),
        mailer=SmtpMailer(smtp) if smtp else None,
    )
    window = KioskWindow(kiosk, idle_seconds=args.idle_seconds, locked=not args.windowed)
    if args.windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    try:
        if args.check_start:
            window.repaint()  # the first screen, painted now rather than when the loop runs
            qt_app.processEvents()
            print("painted", flush=True)
            return EXIT_OK
        return qt_app.exec()
    finally:
        window.release()
        app.close()


if __name__ == "__main__":
    sys.exit(main())
