"""`vartio id parse` and `vartio scan image`, run from outside as the contract is tested."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.core.barcode_frames import Placed, frame, pdf417_image, qr_image
from tests.core.id_samples import AAMVA_US, CONTRACT_KEYS, td1, td3


@pytest.fixture
def env(tmp_path):
    """No keyring that works and a database path that must stay absent: neither is needed."""
    e = dict(os.environ)
    e.update(
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
        VARTIO_DB=str(tmp_path / "never.db"),
    )
    yield e
    assert not (tmp_path / "never.db").exists() and not (tmp_path / "data").exists()


def vartio(env, *args, stdin=b""):
    return subprocess.run(
        [sys.executable, "-m", "admin.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def answer(proc, status):
    assert proc.returncode == status, proc.stderr
    assert b"Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def test_parse_payload_with_json_after_or_before_the_subcommand(env):
    text = td3()
    for args in (("id", "parse", "--json", text), ("--json", "id", "parse", text)):
        body = answer(vartio(env, *args), 0)
        assert list(body) == CONTRACT_KEYS
        assert body["ok"] is True and body["kind"] == "mrz-td3" and body["errors"] == []
        assert body["issuing_country"] == "FIN" and body["number_last4"] == "5678"
        assert (body["birth_date"], body["expiry_date"], body["expired"]) == (
            "1990-01-01",
            "2034-01-01",
            False,
        )


def test_parse_stdin_keeps_aamva_control_characters(env):
    body = answer(vartio(env, "id", "parse", "--json", "-", stdin=AAMVA_US.encode()), 0)
    assert body["kind"] == "aamva" and body["ok"] and body["surname"] == "SMITH"
    crlf = td1().replace("\n", "\r\n").encode() + b"\r\n"
    assert answer(vartio(env, "id", "parse", "--json", "-", stdin=crlf), 0)["kind"] == "mrz-td1"


def test_national_ids_name_their_country(env):
    assert (
        answer(vartio(env, "id", "parse", "--json", "131052-308T"), 0)["issuing_country"] == "FIN"
    )
    ric = answer(vartio(env, "id", "parse", "--json", "360426199101010071"), 0)
    assert ric["issuing_country"] == "CHN" and ric["kind"] == "cn-ric"


@pytest.mark.parametrize(
    ("payload", "stdin", "needle"),
    [
        ("-", b"\xff\xfe\x00bad", "not valid UTF-8"),
        ("hello world", b"", "not an ID Vartio can read"),
        ("131052-308U", b"", "Check digit of the Finnish personal identity code is wrong."),
        ("-", b"", "No ID text was given."),
    ],
)
def test_refused_payloads_exit_1_with_reasons(env, payload, stdin, needle):
    proc = vartio(env, "id", "parse", "--json", payload, stdin=stdin)
    body = answer(proc, 1)
    assert list(body) == CONTRACT_KEYS and body["ok"] is False
    assert any(needle in e for e in body["errors"])
    assert needle in proc.stderr.decode()


def test_expired_document(env):
    body = answer(vartio(env, "--json", "id", "parse", td3(expiry="200101")), 1)
    assert body["expired"] is True and body["errors"] == ["Document expired on 2020-01-01."]


def test_parse_without_json_is_readable(env):
    proc = vartio(env, "id", "parse", "131052-308T")
    assert proc.returncode == 0
    assert b"valid" in proc.stdout and b"number_last4: 308T" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [("id", "parse"), ("id",), ("id", "parse", "--bogus", "x"), ("scan", "image"), ("scan",)],
)
def test_usage_errors_exit_2(env, args):
    proc = vartio(env, *args)
    assert proc.returncode == 2 and b"usage:" in proc.stderr and b"Traceback" not in proc.stderr


def test_scan_image_lists_every_code(env, tmp_path):
    path = tmp_path / "card.png"
    pixels = frame(
        [
            Placed(qr_image("VARTIO:INV:abc"), 80, 60, 20),
            Placed(pdf417_image(AAMVA_US, 3), 500, 300),
        ],
        seed=4,
    )
    Image.fromarray(pixels[:, :, ::-1]).save(path)
    for args in (("scan", "image", "--json", str(path)), ("--json", "scan", "image", str(path))):
        found = answer(vartio(env, *args), 0)
        assert sorted(found, key=lambda c: c["format"]) == [
            {"format": "PDF417", "text": AAMVA_US},
            {"format": "QRCode", "text": "VARTIO:INV:abc"},
        ]
    text = vartio(env, "scan", "image", str(path))
    assert text.returncode == 0 and b"QRCode: VARTIO:INV:abc" in text.stdout
    assert b"\\x1e" in text.stdout and b"\x1e" not in text.stdout


def test_scan_image_without_codes_is_an_empty_list(env, tmp_path):
    path = tmp_path / "wall.jpg"
    Image.fromarray(frame([], seed=9)[:, :, ::-1]).save(path)
    assert answer(vartio(env, "scan", "image", "--json", str(path)), 0) == []


@pytest.mark.parametrize(
    ("name", "needle"), [("missing.png", "There is no file"), ("", "There is no file")]
)
def test_scan_image_missing_file(env, tmp_path, name, needle):
    proc = vartio(env, "scan", "image", "--json", str(tmp_path / name))
    body = answer(proc, 1)
    assert body["ok"] is False and needle in body["error"] and needle in proc.stderr.decode()


def test_scan_image_truncated_or_not_an_image(env, tmp_path):
    whole = tmp_path / "whole.png"
    Image.fromarray(frame([Placed(qr_image("VARTIO:INV:abc"), 80, 60)])).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:2000])
    notes = tmp_path / "notes.txt"
    notes.write_text("DROP TABLE visitors;")
    for path in (cut, notes, tmp_path):
        proc = vartio(env, "scan", "image", str(path))
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr
        assert b"not an image Vartio can read" in proc.stderr or b"There is no file" in proc.stderr


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2000))
def test_scan_image_on_random_bytes_is_a_clear_error(env, tmp_path, data):
    path = tmp_path / "random.png"
    path.write_bytes(data)
    proc = vartio(env, "scan", "image", "--json", str(path))
    assert answer(proc, 1)["ok"] is False
    assert b"is not an image Vartio can read" in proc.stderr
