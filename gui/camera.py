"""The camera: frames read and barcodes decoded in a worker thread, never on the GUI thread.

    camera = Camera(source=0)            # a device index, a video file or stream URL, or None
    camera.frameReady.connect(view.show_frame)
    camera.decoded.connect(on_code)      # (format, text), once per code in view
    camera.start()

With no camera (none configured, none attached, or it stopped delivering) ``state`` says so
and the kiosk carries on: a keyboard-wedge scanner and the touch screen still work.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from core.scanning import KIOSK, decode

if TYPE_CHECKING:
    import cv2

log = logging.getLogger(__name__)

PREVIEW_FPS = 15  # enough for a person to aim a code; the decoder sees every frame
REPEAT_AFTER_S = 3.0  # the same code held in view is reported once, then again after this
MAX_FAILED_READS = 30  # about a second of a silent camera before it counts as lost


class CameraState(StrEnum):
    OFF = "off"  # not started, or stopped
    STARTING = "starting"
    LIVE = "live"
    UNAVAILABLE = "unavailable"  # none configured, could not open, or stopped delivering


def parse_source(text: str | None) -> int | str | None:
    """A ``--camera`` value: ``none`` (or empty) for no camera, a device index, or a path/URL;
    ``auto`` is the first video device when the machine has one."""
    value = (text or "").strip()
    if value.lower() in ("", "none", "off"):
        return None
    if value.lower() == "auto":
        return 0 if Path("/dev/video0").exists() else None
    if value.isdigit():
        return int(value)
    return value


def to_qimage(frame: np.ndarray) -> QImage:
    """A BGR or grayscale uint8 frame as a QImage that owns its pixels (safe across threads)."""
    if frame.ndim == 2:
        height, width = frame.shape
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8)
    else:
        height, width, _ = frame.shape
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class Camera(QObject):
    frameReady = Signal(QImage)
    decoded = Signal(str, str)  # format, text
    stateChanged = Signal(str)

    def __init__(
        self,
        source: int | str | None,
        formats: Sequence[str] = KIOSK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.formats = tuple(formats)
        self._state = CameraState.OFF
        self._stop = threading.Event()
        self._scanning = threading.Event()
        self._preview = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._last_frame: np.ndarray | None = None
        self._seen: dict[str, float] = {}

    @property
    def state(self) -> CameraState:
        return self._state

    def start(self) -> None:
        if self._thread is not None:
            return
        if self.source is None:
            self._set_state(CameraState.UNAVAILABLE)
            return
        self._stop.clear()
        self._set_state(CameraState.STARTING)
        self._thread = threading.Thread(target=self._run, name="vartio-camera", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        thread, self._thread = self._thread, None
        self._stop.set()
        if thread is not None:
            thread.join(timeout)
        with self._lock:
            self._last_frame = None
        if self._state is not CameraState.UNAVAILABLE:
            self._set_state(CameraState.OFF)

    def set_scanning(self, on: bool) -> None:
        """Decode and preview only while a screen wants codes; reading goes on so that the
        picture is current the moment scanning resumes."""
        if on:
            self._seen.clear()
            self._scanning.set()
        else:
            self._scanning.clear()

    def set_preview(self, on: bool) -> None:
        """Send frames for a live picture without decoding them (the photo screen)."""
        if on:
            self._preview.set()
        else:
            self._preview.clear()

    def snapshot(self) -> np.ndarray | None:
        """A copy of the newest frame (BGR), for the visitor's photo; None without a camera."""
        with self._lock:
            return None if self._last_frame is None else self._last_frame.copy()

    def forget(self) -> None:
        """Drop the newest frame and the codes seen (the kiosk's wipe)."""
        with self._lock:
            self._last_frame = None
        self._seen.clear()

    # -- the worker thread -----------------------------------------------------------------------

    def _set_state(self, state: CameraState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state.value)

    def _run(self) -> None:
        os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # its warnings go to stderr
        import cv2  # imported here: ~0.2 s, and only a kiosk with a camera pays it

        capture = cv2.VideoCapture(self.source)
        try:
            if not capture.isOpened():
                log.warning("camera %r could not be opened", self.source)
                self._set_state(CameraState.UNAVAILABLE)
                return
            # A file or stream is paced at its own frame rate; a device paces itself.
            fps = capture.get(cv2.CAP_PROP_FPS) if isinstance(self.source, str) else 0.0
            self._loop(capture, 1.0 / fps if fps and fps > 0 else 0.0)
        finally:
            capture.release()

    def _loop(self, capture: cv2.VideoCapture, frame_interval: float) -> None:
        preview_interval = 1.0 / PREVIEW_FPS
        failures, last_preview = 0, 0.0
        while not self._stop.is_set():
            started = time.monotonic()
            ok, frame = capture.read()
            if not ok or frame is None:
                failures += 1
                if failures >= MAX_FAILED_READS:
                    log.warning("camera %r stopped delivering frames", self.source)
                    self._set_state(CameraState.UNAVAILABLE)
                    return
                time.sleep(0.03)
                continue
            failures = 0
            self._set_state(CameraState.LIVE)
            with self._lock:
                self._last_frame = frame
            if self._scanning.is_set():
                self._decode(frame)
            showing = self._scanning.is_set() or self._preview.is_set()
            if showing and started - last_preview >= preview_interval:
                last_preview = started
                self.frameReady.emit(to_qimage(frame))
            if frame_interval:
                self._stop.wait(max(0.0, frame_interval - (time.monotonic() - started)))

    def _decode(self, frame: np.ndarray) -> None:
        try:
            found = decode(frame, self.formats)
        except Exception:  # a decoder fault on one frame must not end the camera
            log.exception("decoding a camera frame failed")
            return
        at = time.monotonic()
        for code in found:
            if at - self._seen.get(code.text, -REPEAT_AFTER_S) < REPEAT_AFTER_S:
                continue
            self._seen[code.text] = at
            if self._scanning.is_set():
                self.decoded.emit(code.format, code.text)


PHOTO_SIZE = (360, 480)  # width, height: a 3:4 portrait, ample for a 20 mm badge photo


def portrait_png(frame: np.ndarray) -> bytes:
    """The middle of a camera frame cut to a 3:4 portrait, scaled down, as PNG bytes."""
    import cv2

    height, width = frame.shape[:2]
    crop_w = min(width, height * 3 // 4)
    crop_h = min(height, crop_w * 4 // 3)
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    portrait = cv2.resize(
        frame[top : top + crop_h, left : left + crop_w], PHOTO_SIZE, interpolation=cv2.INTER_AREA
    )
    ok, encoded = cv2.imencode(".png", portrait)
    if not ok:
        raise ValueError("the photo could not be encoded")
    return encoded.tobytes()
