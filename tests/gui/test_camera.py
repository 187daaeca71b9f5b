"""The camera worker: frames and codes from a video source, off the GUI thread; no camera is a
state, not an error."""

import threading

import pytest

from gui.camera import Camera, CameraState, parse_source, to_qimage
from tests.core.barcode_frames import Placed, frame, qr_image
from tests.gui.video import write_video


@pytest.fixture
def qr_video(tmp_path):
    """Half a second of clutter, then a QR code held in view for a second, then clutter."""
    empty = frame([], seed=3)
    code = frame([Placed(qr_image("VARTIO-TEST-CODE-0001"), 500, 200, angle=12)], seed=3)
    return write_video(tmp_path / "qr.avi", [empty] * 15 + [code] * 30 + [empty] * 15)


def test_parse_source():
    assert parse_source("none") is None and parse_source("") is None and parse_source(None) is None
    assert parse_source("2") == 2
    assert parse_source("/tmp/cam.avi") == "/tmp/cam.avi"
    assert parse_source("auto") in (0, None)


def test_a_code_in_view_is_reported_once_with_frames_for_the_preview(qtbot, qr_video):
    camera = Camera(str(qr_video))
    codes, frames, threads = [], [], set()
    camera.decoded.connect(
        lambda fmt, text: (codes.append((fmt, text)), threads.add(threading.get_ident()))
    )
    camera.frameReady.connect(frames.append)
    camera.set_scanning(True)
    with qtbot.waitSignal(
        camera.stateChanged, check_params_cb=lambda s: s == "unavailable", timeout=20000
    ):
        camera.start()  # the file ends: the camera counts as lost
    camera.stop()
    assert codes == [("QRCode", "VARTIO-TEST-CODE-0001")]  # 30 frames with it, one report
    assert frames and frames[0].width() == 1280 and frames[0].height() == 720
    assert threads == {threading.get_ident()}  # delivered on the GUI thread
    assert camera.state is CameraState.UNAVAILABLE


def test_nothing_is_decoded_or_previewed_while_not_scanning(qtbot, qr_video):
    camera = Camera(str(qr_video))
    codes, frames = [], []
    camera.decoded.connect(lambda fmt, text: codes.append(text))
    camera.frameReady.connect(frames.append)
    with qtbot.waitSignal(
        camera.stateChanged, check_params_cb=lambda s: s == "unavailable", timeout=20000
    ):
        camera.start()
    assert camera.snapshot() is not None  # frames were read all the same, for a photo
    camera.stop()
    assert codes == [] and frames == []
    assert camera.snapshot() is None


@pytest.mark.parametrize("source", [None, "/nonexistent/camera.avi", 57])
def test_no_camera_is_a_state(qtbot, source):
    camera = Camera(source)
    states = []
    camera.stateChanged.connect(states.append)
    camera.start()
    # The signal crosses from the camera thread: wait for it, not only for the state.
    qtbot.waitUntil(lambda: states[-1:] == ["unavailable"], timeout=10000)
    camera.stop()
    assert camera.snapshot() is None and camera.state is CameraState.UNAVAILABLE


def test_stop_ends_the_worker_promptly(qtbot, tmp_path):
    long = write_video(tmp_path / "long.avi", [frame([], seed=1)] * 300, fps=10)  # 30 s
    camera = Camera(str(long))
    camera.start()
    qtbot.waitUntil(lambda: camera.state is CameraState.LIVE, timeout=10000)
    thread = camera._thread
    camera.stop()
    assert thread is not None and not thread.is_alive()
    assert camera.state is CameraState.OFF


def test_to_qimage_keeps_colour_and_owns_its_pixels():
    import numpy as np

    bgr = np.zeros((4, 6, 3), np.uint8)
    bgr[:, :, 2] = 255  # red in BGR
    image = to_qimage(bgr)
    bgr[:] = 0
    assert image.pixelColor(0, 0).red() == 255 and image.pixelColor(0, 0).blue() == 0
    gray = to_qimage(np.full((3, 5), 77, np.uint8))
    assert gray.width() == 5 and gray.pixelColor(4, 2).red() == 77
