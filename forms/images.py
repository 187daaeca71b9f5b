"""Images embedded in documents as data URIs: nothing is written to disk or fetched."""

from __future__ import annotations

import base64
import io
import logging

log = logging.getLogger(__name__)

# The badge photo is printed 15 mm × 19.5 mm: 240 × 312 px is ~400 dpi, more than a card
# printer resolves. A webcam frame passed through as PNG costs WeasyPrint ~200 ms to re-deflate.
PHOTO_PIXELS = (240, 312)


def data_uri(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def photo_data_uri(png: bytes) -> str | None:
    """The photo scaled to print size as JPEG (embedded as is by WeasyPrint, no re-encoding);
    ``None`` if the bytes are not an image, so the badge still prints, without the photo."""
    from PIL import Image, UnidentifiedImageError  # on first use: keeps `import forms` light

    try:
        with Image.open(io.BytesIO(png)) as image:
            photo = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        log.warning("badge photo could not be read; printing the badge without it")
        return None
    photo.thumbnail(PHOTO_PIXELS)
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", quality=88)
    return data_uri(buf.getvalue(), "image/jpeg")
