"""Every kiosk screen in every language, photographed under Xvfb for a person to look at.

The pictures land in test-artifacts/screens/<language>/ (or $VARTIO_ARTIFACTS/screens/).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from resources.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
SCREENS = 12  # the guard mode screen three times, once per page
NEEDED = os.environ.get("VARTIO_REQUIRE_XVFB") == "1"


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None and not NEEDED, reason="no xvfb-run (Debian xvfb)"
)
def test_every_screen_in_every_language_is_photographed(tmp_path):
    out = Path(os.environ.get("VARTIO_ARTIFACTS", ROOT / "test-artifacts")) / "screens"
    shutil.rmtree(out, ignore_errors=True)
    db = str(tmp_path / "demo.db")
    # Another process: the data key goes into a plaintext keyring under the test's temp dir.
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring", XDG_DATA_HOME=str(tmp_path)
    )
    subprocess.run(
        [sys.executable, "-m", "admin.cli", "--db", db, "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    done = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            sys.executable,
            "-m",
            "tests.kiosk.screenshots",
            db,
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for language in LANGUAGES:
        pictures = sorted((out / language).glob("*.png"))
        assert len(pictures) == SCREENS, (language, pictures)
        for picture in pictures:
            with Image.open(picture) as image:
                assert image.size == (1280, 800)
                colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
                assert colours is not None and len(colours) > 20, picture  # not blank
