"""Barcodes in images (K3, K4, K10): QR invitations and badges, AAMVA PDF417 on driving
licences, the 1D codes a USB scanner also meets. No Qt; frames are numpy arrays.

zxing-cpp decodes everything here (zbar cannot read PDF417, and on QR alone zxing-cpp is
faster: see `make bench`). Search only the formats you expect: on a 1280×720 frame QR alone
takes ~5 ms, QR and PDF417 ~25 ms, every format ~50-110 ms.

Limits of zxing-cpp 3.1 worth knowing: PDF417 is read only when the symbol is level within
about ±2° (or upside down); QR codes are read at any angle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zxingcpp

from core.errors import VartioError
from core.messages import N_, Message

KIOSK = ("QRCode", "PDF417")  # invitation, badge and driving licence in one search
LINEAR = ("Code128", "Code39", "Code93", "Codabar", "EAN13", "EAN8", "UPCA", "UPCE", "ITF")
EVERY = None  # every format zxing-cpp reads
# A camera frame is about 1 megapixel; a photo of a card is rarely over 50.
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class Decoded:
    format: str  # as zxing-cpp names it: "QRCode", "PDF417", "Code128", "EAN13", ...
    text: str  # exactly as encoded, control characters included (AAMVA's LF, RS, CR)


class ImageUnreadable(VartioError):
    """The file is missing, not an image, or too large."""


def decode(image: np.ndarray, formats: Sequence[str] | None = KIOSK) -> list[Decoded]:
    """Every barcode of ``formats`` in ``image``: a uint8 array, grayscale (H×W or H×W×1) or
    BGR (H×W×3, as OpenCV gives frames). ``formats`` are zxing-cpp format names; None: all.

    Raises ValueError for an array of another shape or type, or an unknown format name.
    """
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise ValueError(f"expected a uint8 H×W or H×W×C array, got {image.dtype} {image.shape}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    elif image.ndim == 3 and image.shape[2] != 3:
        raise ValueError(f"expected 1 or 3 channels (gray or BGR), got {image.shape[2]}")
    if image.size == 0:
        return []
    found = zxingcpp.read_barcodes(
        np.ascontiguousarray(image),
        formats=_formats(formats),
        # Plain keeps control characters; the default (HRI) turns them into "<LF>", "<RS>"…
        text_mode=zxingcpp.TextMode.Plain,
    )
    return [Decoded(code.format.name, code.text) for code in found]


def _formats(names: Sequence[str] | None) -> zxingcpp.BarcodeFormats:
    """From a sequence, not with `|` (deprecated in zxing-cpp 3); empty means every format."""
    known = zxingcpp.BarcodeFormat.__members__
    unknown = [name for name in names or () if name not in known]
    if unknown:
        raise ValueError(f"unknown barcode format(s): {', '.join(unknown)}")
    return zxingcpp.BarcodeFormats([known[name] for name in names or ()])


def load_image(path: str | Path) -> np.ndarray:
    """A file as a grayscale array (what the decoder reads anyway), with Pillow: already a
    dependency (WeasyPrint), lighter to import than OpenCV, and it refuses decompression
    bombs. Raises ImageUnreadable with a message an operator can act on."""
    from PIL import Image

    path = Path(path)
    if not path.is_file():
        raise ImageUnreadable(Message(N_("There is no file at {path}."), {"path": str(path)}))
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageUnreadable(
                    Message(N_("{path} is too large an image to scan."), {"path": str(path)})
                )
            return np.asarray(image.convert("L"))
    except ImageUnreadable:
        raise
    # Pillow's many decoders raise many exception types on damaged or foreign files
    # (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, ...).
    except Exception:
        raise ImageUnreadable(
            Message(N_("{path} is not an image Vartio can read."), {"path": str(path)})
        ) from None
