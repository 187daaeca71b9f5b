"""Camera-like test frames: barcodes drawn by independent generators (segno, pdf417gen), turned,
blurred and noisy, on a cluttered 1280×720 background. Shared by the tests and `make bench`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdf417gen
import segno
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1280, 720


@dataclass(frozen=True)
class Placed:
    """A code image put at (x, y) of the frame, turned by ``angle`` degrees."""

    image: Image.Image
    x: int
    y: int
    angle: float = 0.0


def qr_image(text: str, module: int = 4) -> Image.Image:
    qr = segno.make(text, error="m", micro=False)
    matrix = np.array(list(qr.matrix_iter(scale=module, border=4)), dtype=np.uint8)
    return Image.fromarray((1 - matrix) * 255, mode="L")


def pdf417_image(text: str, module: int = 2, columns: int = 10) -> Image.Image:
    """``text`` encoded as Latin-1 bytes (byte compaction keeps LF, RS and CR)."""
    codes = pdf417gen.encode(text.encode("latin-1"), columns=columns, security_level=4)
    return pdf417gen.render_image(codes, scale=module, ratio=3, padding=2 * module).convert("L")


def background(seed: int = 0) -> Image.Image:
    """Office clutter: a lit gradient, boxes, lines, print and text in many sizes."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(90, 200, WIDTH, dtype=np.float32)[None, :, None]
    base = np.repeat(np.repeat(ramp, HEIGHT, axis=0), 3, axis=2)
    image = Image.fromarray(base.astype(np.uint8), mode="RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        w, h = int(rng.integers(20, 300)), int(rng.integers(10, 200))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        else:
            draw.ellipse((x, y, x + w, y + h), outline=colour, width=int(rng.integers(1, 6)))
    for _ in range(80):
        points = [int(v) for v in rng.integers(0, WIDTH, 4)]
        draw.line(points, fill=tuple(int(c) for c in rng.integers(0, 256, 3)), width=2)
    for _ in range(40):
        x, y = int(rng.integers(0, WIDTH - 200)), int(rng.integers(0, HEIGHT - 20))
        words = " ".join("".join(chr(97 + int(c)) for c in rng.integers(0, 26, 6)) for _ in "123")
        draw.text((x, y), words, fill=(0, 0, 0), font_size=int(rng.integers(10, 30)))
    return image


def frame(codes: list[Placed], seed: int = 0, blur: float = 0.0, noise: float = 0.0) -> np.ndarray:
    """A BGR uint8 frame, as OpenCV gives it, with ``codes`` on the cluttered background."""
    image = background(seed)
    for code in codes:
        turned = code.image.rotate(code.angle, expand=True, fillcolor=255, resample=Image.BICUBIC)
        image.paste(turned.convert("RGB"), (code.x, code.y))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(image, dtype=np.float32)
    if noise:
        pixels = pixels + np.random.default_rng(seed + 1).normal(0, noise, pixels.shape)
    return np.ascontiguousarray(np.clip(pixels, 0, 255).astype(np.uint8)[:, :, ::-1])
