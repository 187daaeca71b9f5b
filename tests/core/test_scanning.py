"""Decoding barcodes from camera-like frames and image files."""

from datetime import date

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from core import scanning
from core.idparse import parse_id
from core.scanning import EVERY, KIOSK, LINEAR, Decoded, ImageUnreadable, decode, load_image
from tests.core.barcode_frames import HEIGHT, WIDTH, Placed, frame, pdf417_image, qr_image
from tests.core.id_samples import AAMVA_CA, AAMVA_US

INVITATION = "VARTIO:INV:Qm9vdHN0cmFwcGVkIHRva2VuIGZvciB0ZXN0cw"


def test_qr_on_a_cluttered_frame_bgr_and_gray():
    bgr = frame([Placed(qr_image(INVITATION), 200, 150)], seed=1, blur=0.8, noise=6)
    assert bgr.shape == (HEIGHT, WIDTH, 3)
    assert decode(bgr, ("QRCode",)) == [Decoded("QRCode", INVITATION)]
    gray = np.ascontiguousarray(bgr[:, :, 1])
    assert decode(gray, ("QRCode",)) == [Decoded("QRCode", INVITATION)]
    assert decode(gray[:, :, None], ("QRCode",)) == [Decoded("QRCode", INVITATION)]


@pytest.mark.parametrize("angle", [17, 30, 45, 90, 200, 315])
def test_qr_turned_blurred_noisy(angle):
    image = frame([Placed(qr_image(INVITATION), 500, 120, angle)], seed=2, blur=1.2, noise=10)
    assert decode(image, KIOSK) == [Decoded("QRCode", INVITATION)]


@pytest.mark.parametrize("payload", [AAMVA_US, AAMVA_CA])
@pytest.mark.parametrize(("angle", "blur"), [(0, 0.8), (1.5, 0.8), (-1.5, 0.8), (180, 0.5)])
def test_aamva_pdf417_comes_back_exactly(payload, angle, blur):
    # zxing-cpp reads PDF417 only within about ±2° of level (or upside down): see core.scanning.
    image = frame([Placed(pdf417_image(payload, module=3), 250, 200, angle)], seed=3, blur=blur)
    found = decode(image, KIOSK)
    assert [d.format for d in found] == ["PDF417"]
    assert found[0].text == payload  # LF, RS and CR intact, no "<LF>" placeholders
    assert "\x1e" in found[0].text and "<RS>" not in found[0].text
    assert parse_id(found[0].text, today=date(2025, 6, 1)).ok


def test_qr_and_pdf417_in_one_frame():
    image = frame(
        [Placed(qr_image(INVITATION), 80, 60, 25), Placed(pdf417_image(AAMVA_US, 3), 520, 300)],
        seed=4,
        blur=0.7,
        noise=5,
    )
    found = decode(image, KIOSK)
    assert sorted(found, key=lambda d: d.format) == [
        Decoded("PDF417", AAMVA_US),
        Decoded("QRCode", INVITATION),
    ]


def test_two_qr_codes_in_one_frame():
    image = frame(
        [Placed(qr_image("BADGE:one"), 100, 100), Placed(qr_image("BADGE:two"), 800, 300)]
    )
    assert sorted(d.text for d in decode(image, ("QRCode",))) == ["BADGE:one", "BADGE:two"]


@pytest.mark.parametrize("formats", [KIOSK, EVERY])
def test_no_code_no_result(formats):
    assert decode(frame([], seed=5, noise=8), formats) == []


def test_text_is_exact_unicode_and_control_characters():
    text = "访客 Vierailija\tÅsa\r\nline\x1dGS"
    assert decode(frame([Placed(qr_image(text), 300, 200)]), ("QRCode",))[0].text == text


@pytest.mark.parametrize(
    ("name", "content"),
    [("Code128", "VARTIO-BADGE-0042"), ("Code39", "EMP12345"), ("EAN13", "6417182000010")],
)
def test_linear_codes(name, content):
    code = zxingcpp.create_barcode(content, getattr(zxingcpp.BarcodeFormat, name))
    image = Image.fromarray(np.asarray(code.to_image(scale=3, add_quiet_zones=True)))
    found = decode(frame([Placed(image, 400, 250)], seed=6, noise=4), LINEAR)
    assert found == [Decoded(name, content)]


def test_searching_only_qr_does_not_report_pdf417():
    image = frame([Placed(pdf417_image(AAMVA_US, 3), 300, 300)])
    assert decode(image, ("QRCode",)) == []


def test_bad_arrays_and_format_names_are_programming_errors():
    with pytest.raises(ValueError, match="uint8"):
        decode(np.zeros((10, 10), dtype=np.float32))
    with pytest.raises(ValueError, match="channels"):
        decode(np.zeros((10, 10, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match="Nonsense"):
        decode(np.zeros((10, 10), dtype=np.uint8), ("QRCode", "Nonsense"))
    assert decode(np.zeros((0, 0), dtype=np.uint8)) == []


def test_load_image_round_trip(tmp_path):
    path = tmp_path / "frame.png"
    Image.fromarray(frame([Placed(qr_image(INVITATION), 10, 10)])[:, :, ::-1]).save(path)
    image = load_image(path)
    assert image.shape == (HEIGHT, WIDTH) and image.dtype == np.uint8
    assert decode(image, EVERY) == [Decoded("QRCode", INVITATION)]


def test_load_image_refusals(tmp_path, monkeypatch):
    with pytest.raises(ImageUnreadable, match="There is no file"):
        load_image(tmp_path / "missing.png")
    with pytest.raises(ImageUnreadable, match="There is no file"):
        load_image(tmp_path)
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    with pytest.raises(ImageUnreadable, match="not an image"):
        load_image(text)
    # A truncated file is refused only where WeasyPrint was not imported (it sets Pillow's
    # LOAD_TRUNCATED_IMAGES for the whole process): tested through the CLI.
    whole = tmp_path / "whole.png"
    Image.new("L", (200, 100), 255).save(whole)
    monkeypatch.setattr(scanning, "MAX_PIXELS", 100 * 100)
    with pytest.raises(ImageUnreadable, match="too large"):
        load_image(whole)
