import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest

from forms.data import BadgeData
from forms.render import default_renderer


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_badge_qr_decodes_to_the_token(tmp_path):
    import zxingcpp
    from PIL import Image

    token = "Zq3_token-with-160-bits-xYz0123456"
    pdf = default_renderer().badge(
        BadgeData(
            "en",
            "HQ",
            "Maria",
            "Oy",
            "Aino",
            date(2026, 1, 1),
            datetime(2026, 1, 1, 23, 0, tzinfo=UTC),
            ("Lobby",),
            True,
            token,
        )
    )
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", tmp_path / "b.pdf", tmp_path / "b"], check=True
    )
    image = Image.open(next(tmp_path.glob("b*.png")))
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [token]
