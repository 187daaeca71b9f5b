"""Printers: a spool directory (the default) or a CUPS queue through ``lp``."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol

import platformdirs

from core.messages import N_, Message

LP_TIMEOUT_S = 20


class PrintFailed(Exception):
    def __init__(self, message: Message, detail: str = "") -> None:
        super().__init__(detail or message.render())
        self.message = message
        self.detail = detail


class Printer(Protocol):
    def print_pdf(self, pdf: bytes, job_name: str) -> None: ...


def default_spool_dir() -> Path:
    return Path(platformdirs.user_data_dir("vartio", appauthor=False)) / "spool"


def _safe_name(job_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", job_name)[:80] or "job"


class SpoolPrinter:
    """Writes each job as a PDF file; the file appears whole or not at all."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def print_pdf(self, pdf: bytes, job_name: str) -> None:
        target = self.directory / f"{_safe_name(job_name)}.pdf"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pdf)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise PrintFailed(
                Message(N_("The badge could not be saved for printing.")), str(exc)
            ) from exc


class LpPrinter:
    """Sends the PDF to a CUPS queue with ``lp``; a missing queue or a stuck job is a failure."""

    def __init__(self, queue: str) -> None:
        self.queue = queue

    def print_pdf(self, pdf: bytes, job_name: str) -> None:
        failed = Message(N_("The printer did not accept the badge."))
        try:
            proc = subprocess.run(
                ["lp", "-d", self.queue, "-t", _safe_name(job_name), "-"],
                input=pdf,
                capture_output=True,
                timeout=LP_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintFailed(failed, str(exc)) from exc
        if proc.returncode != 0:
            raise PrintFailed(failed, proc.stderr.decode(errors="replace").strip()[:300])
