"""Printers: a spool directory (the default) or a CUPS queue through ``lp``."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NoReturn, Protocol

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
    """Sends the PDF to a CUPS queue with ``lp``; a missing, paused or unreachable queue fails.

    ``server`` is passed as ``-h`` (``host[:port]`` or a unix socket path); None means the
    client's default (``CUPS_SERVER``, client.conf, the local scheduler).
    """

    def __init__(self, queue: str, server: str | None = None, timeout: float = LP_TIMEOUT_S):
        self.queue = queue
        self.server = server
        self.timeout = timeout

    def print_pdf(self, pdf: bytes, job_name: str) -> None:
        deadline = time.monotonic() + self.timeout
        self._check_queue(deadline)
        proc = self._run(["lp", "-d", self.queue, "-t", _safe_name(job_name), "-"], pdf, deadline)
        if proc.returncode != 0:
            self._fail(_text(proc.stderr) or f"lp exited with status {proc.returncode}")

    def _check_queue(self, deadline: float) -> None:
        # lp queues a job for a disabled (paused) queue and reports success, and it says "does
        # not exist" when the scheduler is down; lpstat tells these apart before we submit.
        # -pQUEUE attached: lpstat reads a separate argument after -p only if it has no "-".
        proc = self._run(["lpstat", "-r", f"-p{self.queue}"], b"", deadline)
        out = _text(proc.stdout)
        where = f"on {self.server}" if self.server else "on the default CUPS server"
        if "scheduler is not running" in out:
            self._fail(f"no CUPS scheduler is reachable {where}")
        if proc.returncode != 0:
            self._fail(f"CUPS queue {self.queue!r} does not exist {where}: {_text(proc.stderr)}")
        if f"printer {self.queue} disabled" in out:
            reason = " ".join(line.strip() for line in out.splitlines()[2:] if line.strip())
            self._fail(f"CUPS queue {self.queue!r} is disabled {where}: {reason or 'paused'}")

    def _run(self, argv: list[str], data: bytes, deadline: float) -> subprocess.CompletedProcess:
        if self.server:
            argv = [argv[0], "-h", self.server, *argv[1:]]
        # The C locale keeps lpstat's output parseable; PATH is looked up as the caller has it.
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        try:
            return subprocess.run(
                argv,
                input=data,
                capture_output=True,
                timeout=max(deadline - time.monotonic(), 0.01),
                check=False,
                env=env,
            )
        except FileNotFoundError as exc:
            self._fail(f"{argv[0]} is not installed (Debian package cups-client): {exc}", exc)
        except subprocess.TimeoutExpired as exc:
            self._fail(f"{argv[0]} gave no answer within {self.timeout:g} s", exc)
        except OSError as exc:
            self._fail(f"{argv[0]} could not run: {exc}", exc)

    def _fail(self, detail: str, cause: BaseException | None = None) -> NoReturn:
        raise PrintFailed(Message(N_("The printer did not accept the badge.")), detail) from cause


def _text(raw: bytes) -> str:
    return raw.decode(errors="replace").strip()[:300]


# CUPS refuses these in queue names; "@" is ours, it separates the server.
_QUEUE_FORBIDDEN = set(" \t/\\?'\"#@")
_SERVER = re.compile(r"/\S+|(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(:[0-9]{1,5})?")
SPEC_HELP = "spool:DIRECTORY or cups:QUEUE[@SERVER]"


def printer_from_spec(spec: str) -> SpoolPrinter | LpPrinter:
    """``spool:DIR`` or ``cups:QUEUE[@SERVER]`` (SERVER: host[:port] or a socket path)."""
    kind, sep, rest = spec.partition(":")
    if not sep or kind not in ("spool", "cups"):
        raise ValueError(f"printer {spec[:80]!r}: expected {SPEC_HELP}")
    if kind == "spool":
        if not rest or "\0" in rest:
            raise ValueError(f"printer {spec[:80]!r}: spool needs a directory, {SPEC_HELP}")
        return SpoolPrinter(Path(rest))
    queue, at, server = rest.partition("@")
    if not queue or not queue.isprintable() or len(queue.encode()) > 127:
        raise ValueError(f"printer {spec[:80]!r}: a CUPS queue name is 1-127 printable characters")
    if _QUEUE_FORBIDDEN.intersection(queue) or queue.startswith("-"):
        raise ValueError(
            f"printer {spec[:80]!r}: a CUPS queue name has no spaces, / \\ ? ' \" # @ or leading -"
        )
    if at and not _valid_server(server):
        raise ValueError(f"printer {spec[:80]!r}: the server is host, host:port or /path/to/socket")
    return LpPrinter(queue, server or None)


def _valid_server(server: str) -> bool:
    match = _SERVER.fullmatch(server)
    if not match or len(server) > 255 or not server.isprintable():
        return False
    port = match.group(2)
    return port is None or 0 < int(port[1:]) < 65536
