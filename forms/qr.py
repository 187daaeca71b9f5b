"""QR codes as embedded images: no temp files, nothing fetched."""

from __future__ import annotations

import base64
import io

import segno


def qr_png_data_uri(text: str, scale: int = 4) -> str:
    """A PNG data URI; PNG because WeasyPrint draws a bitmap much faster than SVG rectangles."""
    buf = io.BytesIO()
    segno.make_qr(text, error="m").save(buf, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
