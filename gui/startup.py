"""Starting a Vartio program: find a display, open the database, explain what is wrong.

An operator reads these messages (on stderr and in a message box), so they are plain English
and say what to do, like the `vartio` command line's.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox

from core.app import App, open_app
from core.errors import VartioError

log = logging.getLogger(__name__)
T = TypeVar("T")


class StartupFailed(Exception):
    """The program cannot start; the message says why and what to do."""


def display_problem(command: str, env: Mapping[str, str] = os.environ) -> str | None:
    """Why Qt would find no display here (None when it will); ``command`` is how to run it."""
    if not sys.platform.startswith("linux"):
        return None
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        f"{command.split()[0]} needs a display, and none was found (DISPLAY and "
        "WAYLAND_DISPLAY are unset).\nOn a machine without a screen, run it under a virtual "
        f"one:\n    xvfb-run -a {command}"
    )


def show_startup_error(program: str, text: str) -> None:
    """Print why the program cannot start, and show it on the screen the operator looks at."""
    print(f"{program}: {text}", file=sys.stderr)
    app = QApplication.instance() or QApplication([program])
    # Nobody could click a dialog on an offscreen platform: it would hang the program.
    if app.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, program, text)


def safe_url(url: str) -> str:
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url)


def open_installation(db: str | None) -> App:
    """Open the database and data key, or raise StartupFailed with advice."""
    try:
        app = open_app(db)
    except RuntimeError as exc:  # db.crypto.KeyUnavailable: its message says what to do
        raise StartupFailed(str(exc)) from exc
    if app.url.startswith("sqlite:///"):
        path = Path(app.url.removeprefix("sqlite:///"))
        if not path.exists():
            app.close()
            raise StartupFailed(
                f"There is no Vartio database at {path}.\n"
                f"Create one with `vartio --db {path} init` (or `vartio --db {path} demo` "
                "for demo data), or pass the right one with --db."
            )
    return app


def first_read(app: App, read: Callable[[], T]) -> T:
    """Run the program's first database read, turning any failure into advice."""
    try:
        return read()
    except VartioError as exc:
        app.close()
        raise StartupFailed(exc.message.render()) from exc
    except Exception as exc:  # a missing table, a refused connection: explain, do not trace
        log.debug("first read failed", exc_info=True)
        app.close()
        raise StartupFailed(
            f"The database at {safe_url(app.url)} could not be read "
            f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]}).\n"
            "If it is new, set it up with `vartio init`; if it is older, run `vartio migrate`."
        ) from exc
