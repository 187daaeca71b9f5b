"""Reading rendered PDFs back in tests."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

MM = 72 / 25.4


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def page_size_mm(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = reader(pdf).pages[page].mediabox
    return float(box.width) / MM, float(box.height) / MM


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in reader(pdf).pages)


HAVE_PDFTOPPM = shutil.which("pdftoppm") is not None


def rasterise(pdf: bytes, directory: Path, dpi: int = 300) -> Image.Image:
    """The first page as an image, drawn by poppler (not by the code under test)."""
    source = directory / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", source, directory / "page"],
        check=True,
    )
    with Image.open(directory / "page.png") as image:
        return image.convert("L")
