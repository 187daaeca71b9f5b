"""AES-GCM sealing of personal fields and the keyed blind index, under one data key.

The data key lives in the operating system's keyring (service ``vartio``), never in the
database. Two sub-keys are derived from it with HKDF so the blind index key is not the
encryption key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import unicodedata

import keyring
import keyring.backends.fail
import keyring.core
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEYRING_SERVICE = "vartio"
KEYRING_USERNAME = "data-key"
_FORMAT = b"\x01"  # version byte in front of every sealed value
_NONCE = 12


class KeyUnavailable(RuntimeError):
    """The data key cannot be read from (or stored in) the keyring; the message says what to do."""


class TamperedValue(ValueError):
    """A sealed value failed authentication: edited, moved to another row/column, or wrong key."""


def _derive(master: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master)


class Sealer:
    """Seals and opens personal values; computes blind-index tokens."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"vartio field encryption v1"))
        self._index_key = _derive(master_key, b"vartio blind index v1")

    def seal(self, plain: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plain, aad)

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        if not sealed.startswith(_FORMAT) or len(sealed) < 1 + _NONCE + 16:
            raise TamperedValue("not a sealed value")
        nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
        try:
            return self._aead.decrypt(nonce, body, aad)
        except InvalidTag as exc:
            raise TamperedValue("sealed value failed authentication") from exc

    def blind_index(self, text: str) -> str:
        """A keyed, deterministic token for equality look-up of a normalised text."""
        digest = hmac.new(self._index_key, normalise(text).encode(), hashlib.sha256)
        return digest.hexdigest()[:40]


def normalise(text: str) -> str:
    """Case-, width- and space-insensitive form used for look-ups by name or e-mail."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def _explicit_backend_chosen() -> bool:
    return bool(os.environ.get("PYTHON_KEYRING_BACKEND")) or keyring.core.load_config() is not None


def _check_backend() -> None:
    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring):
        raise KeyUnavailable(
            "No keyring is available to hold Vartio's data key. On a desktop, install and unlock "
            "a Secret Service keyring (apt-get install gnome-keyring). On a headless server or "
            "for the demo, choose a file keyring explicitly: pip install keyrings.alt and set "
            "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring (the key is then only as "
            "safe as that file)."
        )
    if type(backend).__module__.startswith("keyrings.alt") and not _explicit_backend_chosen():
        raise KeyUnavailable(
            f"Refusing to keep the data key in {type(backend).__name__}, which was picked "
            "automatically and stores it unprotected on disk. Set PYTHON_KEYRING_BACKEND to "
            "choose a backend explicitly, or install a Secret Service keyring."
        )


def load_master_key(create: bool = False) -> bytes:
    """Read the data key from the keyring; with ``create``, make one if there is none."""
    _check_backend()
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        if stored is None:
            if not create:
                raise KeyUnavailable(
                    "The keyring holds no Vartio data key. Run `vartio init` on this machine, "
                    "or import the key from the first machine."
                )
            key = secrets.token_bytes(32)
            keyring.set_password(KEYRING_SERVICE, KEYRING_USERNAME, base64.b64encode(key).decode())
            return key
    except keyring.errors.KeyringError as exc:
        raise KeyUnavailable(f"The keyring refused access to the data key: {exc}") from exc
    try:
        key = base64.b64decode(stored, validate=True)
    except ValueError as exc:
        raise KeyUnavailable("The data key in the keyring is corrupt.") from exc
    if len(key) != 32:
        raise KeyUnavailable("The data key in the keyring has the wrong length.")
    return key
