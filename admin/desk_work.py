"""Work the HR desk tabs hand to the runner (never run on the GUI thread): writing a file the
person chose, and signing or filing the version of an agreement that is in use now."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.agreement_admin import current_version
from core.app import App
from core.employee_signing import Signed, file_signed_pdf, sign_at_desk
from core.permissions import Actor


def save_file(path: str, data: bytes | str) -> str:
    """Write ``data`` (text as UTF-8, line ends kept) to ``path``; returns the path."""
    target = Path(path)
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8", newline="")
    else:
        target.write_bytes(data)
    return path


def make_and_save(make: Callable[[], bytes], path: str) -> str:
    """Have core make a document (a PDF), then write it where the person chose."""
    return save_file(path, make())


def _version_id(app: App, actor: Actor, kind: str, language: str) -> str:
    version = current_version(app.uow(), actor, kind, language)
    if version is None:  # the tab says there is no version to sign
        raise LookupError(kind)
    return version.template_id


def sign_current(
    app: App, actor: Actor, employee_id: str, kind: str, language: str, png: bytes
) -> Signed:
    """The employee signs, on the pad, the version of ``kind`` in use in the language."""
    template = _version_id(app, actor, kind, language)
    return sign_at_desk(app.uow(), actor, employee_id, template, png, language)


def file_current(
    app: App, actor: Actor, employee_id: str, kind: str, language: str, path: str
) -> Signed:
    """A copy of the version in use, signed on paper and scanned to ``path``, filed."""
    template = _version_id(app, actor, kind, language)
    return file_signed_pdf(app.uow(), actor, employee_id, template, Path(path).read_bytes())
