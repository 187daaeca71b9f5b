"""Printers: the printer spec, and badges printed through a private CUPS scheduler (tests/cups.py).

The CUPS tests skip when cupsd or lp is missing, unless VARTIO_REQUIRE_CUPS=1 (make test).
"""

from __future__ import annotations

import io
import itertools
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.printing import LpPrinter, PrintFailed, SpoolPrinter, printer_from_spec
from tests.cups import Cupsd, find_bin

REQUIRE_CUPS = os.environ.get("VARTIO_REQUIRE_CUPS") == "1"
_names = itertools.count(1)


def unavailable(reason: str) -> None:
    if REQUIRE_CUPS:
        pytest.fail(f"CUPS is required for this run (VARTIO_REQUIRE_CUPS=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def cupsd() -> Iterator[Cupsd]:
    try:
        server = Cupsd().start()
    except Exception as exc:  # the reason is shown; make test sets VARTIO_REQUIRE_CUPS=1
        unavailable(f"CUPS scheduler not available: {exc}")
    yield server
    server.stop()


class Queue(NamedTuple):
    name: str
    output: Path
    printer: LpPrinter


@pytest.fixture
def queue(cupsd: Cupsd) -> Iterator[Queue]:
    name = f"badge{next(_names)}"
    output = cupsd.add_queue(name)
    yield Queue(name, output, LpPrinter(name, server=cupsd.socket, timeout=20))
    cupsd.admin("lpadmin", "-x", name)


@pytest.fixture
def lp_installed() -> None:
    if not find_bin("lp") or not find_bin("lpstat"):
        unavailable("lp/lpstat not installed (apt-get install cups-client)")


@pytest.fixture(scope="module")
def badge_pdf() -> bytes:
    from forms.bench import sample_badge
    from forms.render import default_renderer

    return default_renderer().badge(sample_badge())


# --- through a real scheduler ---------------------------------------------------------------


def test_badge_prints_through_cups(cupsd: Cupsd, queue: Queue, badge_pdf: bytes) -> None:
    queue.printer.print_pdf(badge_pdf, "badge 42/Maria")
    cupsd.wait_idle(queue.name)
    printed = queue.output.read_bytes()
    assert printed.startswith(b"%PDF")
    # pdftopdf rewrote it, as for a real PDF printer; the badge is still there, one card.
    reader = pypdf.PdfReader(io.BytesIO(printed))
    assert len(reader.pages) == 1
    assert "Maria" in reader.pages[0].extract_text()


def test_each_job_reaches_the_printer(cupsd: Cupsd, queue: Queue, badge_pdf: bytes) -> None:
    for n in range(3):
        queue.printer.print_pdf(badge_pdf, f"job{n}")
        cupsd.wait_idle(queue.name)
        assert queue.output.read_bytes().startswith(b"%PDF")
    assert len(cupsd.lpstat("-W", "completed", "-o", queue.name).splitlines()) == 3


def test_missing_queue_fails_clearly(cupsd: Cupsd) -> None:
    with pytest.raises(PrintFailed, match="'nosuchqueue' does not exist"):
        LpPrinter("nosuchqueue", server=cupsd.socket).print_pdf(b"%PDF-1.4\n", "x")


def test_rejecting_queue_fails(cupsd: Cupsd, queue: Queue, badge_pdf: bytes) -> None:
    cupsd.admin("cupsreject", "-r", "maintenance", queue.name)
    with pytest.raises(PrintFailed, match="not accepting jobs") as caught:
        queue.printer.print_pdf(badge_pdf, "x")
    assert caught.value.message.key == "The printer did not accept the badge."
    assert not queue.output.exists()


def test_disabled_queue_fails_instead_of_holding_the_badge(
    cupsd: Cupsd, queue: Queue, badge_pdf: bytes
) -> None:
    # lp alone would accept the job and keep it until someone enables the queue: a badge
    # printed hours later for a visitor long gone. The outbox retries instead.
    cupsd.admin("cupsdisable", "-r", "out of badge cards", queue.name)
    with pytest.raises(PrintFailed, match=r"is disabled .*out of badge cards"):
        queue.printer.print_pdf(badge_pdf, "x")
    assert cupsd.lpstat("-o", queue.name).strip() == ""
    cupsd.admin("cupsenable", queue.name)
    queue.printer.print_pdf(badge_pdf, "x")
    cupsd.wait_idle(queue.name)
    assert queue.output.read_bytes().startswith(b"%PDF")


def test_scheduler_not_running_fails(lp_installed: None, tmp_path: Path) -> None:
    with pytest.raises(PrintFailed, match="no CUPS scheduler is reachable on"):
        LpPrinter("badge", server=str(tmp_path / "no.sock")).print_pdf(b"%PDF-1.4\n", "x")


def test_lp_not_installed_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintFailed, match="is not installed"):
        LpPrinter("badge").print_pdf(b"%PDF-1.4\n", "x")


def test_silent_server_times_out(lp_installed: None, tmp_path: Path) -> None:
    # Accepts connections (the kernel's backlog does) and never says a word.
    path = str(tmp_path / "silent.sock")
    with socket.socket(socket.AF_UNIX) as silent:
        silent.bind(path)
        silent.listen(8)
        with pytest.raises(PrintFailed, match=r"no answer within 0\.5 s"):
            LpPrinter("badge", server=path, timeout=0.5).print_pdf(b"%PDF-1.4\n", "x")


# --- printer_from_spec ----------------------------------------------------------------------


def test_spool_spec() -> None:
    printer = printer_from_spec("spool:/var/spool/vartio")
    assert isinstance(printer, SpoolPrinter)
    assert printer.directory == Path("/var/spool/vartio")


@pytest.mark.parametrize(
    ("spec", "queue", "server"),
    [
        ("cups:Badge_Printer", "Badge_Printer", None),
        ("cups:badge@print.example.org", "badge", "print.example.org"),
        ("cups:badge@print.example.org:631", "badge", "print.example.org:631"),
        ("cups:badge@10.0.0.5:8631", "badge", "10.0.0.5:8631"),
        ("cups:badge@[::1]:631", "badge", "[::1]:631"),
        ("cups:badge@/run/cups/cups.sock", "badge", "/run/cups/cups.sock"),
        ("cups:Vastaanotto-ÄÖ", "Vastaanotto-ÄÖ", None),
    ],
)
def test_cups_spec(spec: str, queue: str, server: str | None) -> None:
    printer = printer_from_spec(spec)
    assert isinstance(printer, LpPrinter)
    assert (printer.queue, printer.server) == (queue, server)


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("", "expected spool:DIRECTORY or cups:QUEUE"),
        ("/var/spool/vartio", "expected spool:DIRECTORY or cups:QUEUE"),
        ("lp:badge", "expected spool:DIRECTORY or cups:QUEUE"),
        ("CUPS:badge", "expected spool:DIRECTORY or cups:QUEUE"),
        ("spool:", "spool needs a directory"),
        ("spool:/a\0b", "spool needs a directory"),
        ("cups:", "1-127 printable"),
        ("cups:@host", "1-127 printable"),
        ("cups:" + "q" * 128, "1-127 printable"),
        ("cups:bad\tname", "1-127 printable"),
        ("cups:two words", "no spaces"),
        ("cups:a/b", "no spaces"),
        ("cups:-d", "leading -"),
        ("cups:badge@", "the server is host"),
        ("cups:badge@-h", "the server is host"),
        ("cups:badge@host:0", "the server is host"),
        ("cups:badge@host:65536", "the server is host"),
        ("cups:badge@host name", "the server is host"),
        ("cups:badge@a@b", "the server is host"),
    ],
)
def test_bad_spec_says_why(spec: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        printer_from_spec(spec)


@given(st.text() | st.text().map(lambda s: "cups:" + s) | st.text().map(lambda s: "spool:" + s))
def test_any_spec_gives_a_printer_or_value_error(spec: str) -> None:
    try:
        printer = printer_from_spec(spec)
    except ValueError as exc:
        assert str(exc).startswith("printer ")
        return
    assert isinstance(printer, SpoolPrinter | LpPrinter)
    if isinstance(printer, LpPrinter):
        assert printer.queue and not printer.queue.startswith("-")
        assert printer.server is None or not printer.server.startswith("-")
