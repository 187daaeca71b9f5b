"""A throwaway CUPS scheduler (``cupsd -f``) for the test run, with its own config and dirs.

It listens only on a unix socket in a temp dir, shares and browses nothing, and allows every
operation (nothing else can reach the socket's directory). Found on Debian 12, CUPS 2.4:

- As root, cupsd stays root and runs filters as ``User`` (``lp``); it chowns RequestRoot,
  CacheDir and StateDir to root:lp itself, so the temp root only needs to be traversable (0755).
  As another user cupsd runs everything as that user.
- cups-pdf cannot be private: it reads ``/etc/cups/cups-pdf.conf`` only and writes to the job
  owner's ``~/PDF``. Queues here print to ``file://`` (``FileDevice Yes``); cupsd itself
  opens that file.
- A raw queue with a ``file:`` device runs no process at all and writes nothing, so queues
  get a small PDF-printer PPD: the job goes through ``pdftopdf`` (cups-filters) like on a real
  PDF-capable badge printer, and the file holds the PDF the printer would receive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PPD = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "VARTIO.PPD"
*Manufacturer: "Vartio"
*Product: "(Vartio test badge printer)"
*ModelName: "Vartio test badge printer"
*ShortNickName: "Vartio test badge printer"
*NickName: "Vartio test badge printer"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: True
*DefaultColorSpace: RGB
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Page Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: Badge
*PageSize Badge/Badge: "<</PageSize[153 244]>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: Badge
*PageRegion Badge/Badge: "<</PageSize[153 244]>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: Badge
*ImageableArea Badge: "0 0 153 244"
*DefaultPaperDimension: Badge
*PaperDimension Badge: "153 244"
"""

CUPSD_CONF = """Listen {socket}
Browsing No
BrowseLocalProtocols none
DefaultShared No
WebInterface No
LogLevel info
DefaultPolicy open
<Policy open>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
Printcap {root}/state/printcap
FileDevice Yes
"""


def find_bin(name: str) -> str | None:
    return shutil.which(name) or next(
        (p for d in ("/usr/sbin", "/sbin") if os.access(p := f"{d}/{name}", os.X_OK)), None
    )


class Cupsd:
    def __init__(self) -> None:
        missing = [n for n in ("cupsd", "lpadmin", "lp", "lpstat") if not find_bin(n)]
        if missing:
            raise RuntimeError(
                f"{', '.join(missing)} not found (apt-get install cups-daemon cups-client "
                "cups-filters-core-drivers)"
            )
        if not os.path.exists("/usr/lib/cups/filter/pdftopdf"):
            raise RuntimeError("pdftopdf not found (apt-get install cups-filters-core-drivers)")
        # A short path: a unix socket path must stay under 108 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="vartio-cups-"))
        self.socket = str(self.dir / "cups.sock")
        self.out = self.dir / "out"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15) -> Cupsd:
        self.dir.chmod(0o755)
        for sub in ("conf", "spool", "cache", "state", "tmp", "log", "out"):
            (self.dir / sub).mkdir()
        (self.dir / "conf" / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket))
        (self.dir / "conf" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=self.dir))
        (self.dir / "badge.ppd").write_text(PPD)
        self.proc = subprocess.Popen(
            [
                str(find_bin("cupsd")),
                "-f",
                "-c",
                str(self.dir / "conf" / "cupsd.conf"),
                "-s",
                str(self.dir / "conf" / "cups-files.conf"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while self.lpstat("-r").strip() != "scheduler is running":
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"cupsd did not start: {self.log()[-600:]}")
            time.sleep(0.05)
        return self

    def _env(self) -> dict[str, str]:
        return {**os.environ, "LC_ALL": "C", "LANG": "C"}

    def admin(self, tool: str, *args: str) -> None:
        """Run lpadmin, cupsreject, cupsdisable ... against this scheduler."""
        subprocess.run(
            [str(find_bin(tool)), "-h", self.socket, *args],
            check=True,
            capture_output=True,
            timeout=30,
            env=self._env(),
        )

    def lpstat(self, *args: str) -> str:
        proc = subprocess.run(
            [str(find_bin("lpstat")), "-h", self.socket, *args],
            capture_output=True,
            timeout=30,
            env=self._env(),
            check=False,
        )
        return proc.stdout.decode(errors="replace")

    def add_queue(self, name: str) -> Path:
        """A PDF printer queue, enabled and accepting; returns the file its output lands in."""
        output = self.out / f"{name}.pdf"
        self.admin(
            "lpadmin",
            "-p",
            name,
            "-v",
            f"file://{output}",
            "-P",
            str(self.dir / "badge.ppd"),
            "-o",
            "printer-is-shared=false",
            "-E",
        )
        return output

    def wait_idle(self, queue: str, timeout: float = 20) -> None:
        """Wait until the queue has no job left that is not finished."""
        deadline = time.monotonic() + timeout
        while self.lpstat("-o", queue).strip():
            if time.monotonic() > deadline:
                raise TimeoutError(f"jobs still pending on {queue}: {self.lpstat('-o', queue)}")
            time.sleep(0.05)

    def log(self) -> str:
        path = self.dir / "log" / "error_log"
        text = path.read_text(errors="replace") if path.exists() else ""
        if self.proc is not None and self.proc.poll() is not None and self.proc.stderr:
            text += self.proc.stderr.read().decode(errors="replace")
        return text

    def stop(self) -> None:
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            if self.proc is not None and self.proc.stderr:
                self.proc.stderr.close()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
