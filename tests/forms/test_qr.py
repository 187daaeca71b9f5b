import base64
import dataclasses
import io
import secrets

import pytest
import zxingcpp
from PIL import Image

from forms.bench import sample_badge
from forms.qr import qr_png_data_uri
from forms.render import default_renderer
from tests.forms.pdf import HAVE_PDFTOPPM, rasterise


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def test_qr_image_carries_exactly_the_token_at_level_m_or_better():
    token = secrets.token_urlsafe(20)
    uri = qr_png_data_uri(token)
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    [result] = decode(image.convert("L"))
    assert result.text == token
    assert result.ec_level in {"M", "Q", "H"}


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
@pytest.mark.parametrize("with_photo", [True, False])
def test_printed_badge_qr_decodes_to_the_token(tmp_path, with_photo):
    data = sample_badge()
    if not with_photo:
        data = dataclasses.replace(data, photo_png=None, escort_required=False)
    page = rasterise(default_renderer().badge(data), tmp_path)
    assert [r.text for r in decode(page)] == [data.token]
