"""Video files that stand in for a camera: OpenCV reads them through the same VideoCapture."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> Path:
    """``frames`` (BGR, all one size) as a Motion-JPEG AVI, which every OpenCV build reads."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV could not write an MJPG video"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path
