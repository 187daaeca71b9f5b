import base64
import io

import pytest
from PIL import Image

from forms.bench import sample_photo, sample_signature
from forms.images import PHOTO_PIXELS, data_uri, photo_data_uri


def decode(uri: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


def test_photo_is_scaled_to_print_size_as_jpeg():
    uri = photo_data_uri(sample_photo())
    assert uri is not None and uri.startswith("data:image/jpeg;base64,")
    image = decode(uri)
    assert image.width <= PHOTO_PIXELS[0] and image.height <= PHOTO_PIXELS[1]
    assert image.width / image.height == pytest.approx(480 / 640, rel=0.02)


def test_unreadable_photo_gives_none():
    assert photo_data_uri(b"\x89PNG\r\n\x1a\n not really") is None
    assert photo_data_uri(b"") is None


def test_data_uri_round_trips():
    png = sample_signature()
    assert data_uri(png).startswith("data:image/png;base64,")
    assert decode(data_uri(png)).size == (600, 200)
