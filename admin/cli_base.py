"""What the `vartio` commands share: the failure an operator can act on, opening the
installation, and the --json flag accepted after a subcommand too."""

from __future__ import annotations

import argparse
from typing import Any


class CommandFailed(Exception):
    """A failure the operator can act on; the message is printed as it is."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def open_installation(args: argparse.Namespace, create_key: bool = False, migrate: bool = False):
    from core.app import open_app
    from db.migrate import is_initialised, upgrade

    app = open_app(args.db, create_key=create_key)
    if migrate:
        upgrade(app.engine)
    elif not is_initialised(app.engine):
        app.close()
        raise CommandFailed(f"The database at {app.url} is not set up. Run `vartio init` first.")
    return app


def json_flag(parser: argparse.ArgumentParser) -> None:
    # Also accepted after the subcommand; SUPPRESS keeps a global --json from being reset.
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON on stdout"
    )
