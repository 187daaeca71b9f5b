import os

import keyring
import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import crypto
from db.crypto import KeyUnavailable, Sealer, TamperedValue, normalise


@pytest.fixture
def sealer_():
    return Sealer(os.urandom(32))


@given(st.binary(max_size=2000), st.binary(max_size=100))
def test_seal_open_round_trip(plain, aad):
    s = Sealer(b"k" * 32)
    assert s.open(s.seal(plain, aad), aad) == plain


def test_value_moved_to_another_row_or_column_fails(sealer_):
    sealed = sealer_.seal(b"Maria", b"visitors.first_name:row1")
    with pytest.raises(TamperedValue):
        sealer_.open(sealed, b"visitors.first_name:row2")
    with pytest.raises(TamperedValue):
        sealer_.open(sealed, b"visitors.last_name:row1")


def test_one_flipped_byte_fails(sealer_):
    sealed = bytearray(sealer_.seal(b"Maria", b"a"))
    sealed[-1] ^= 1
    with pytest.raises(TamperedValue):
        sealer_.open(bytes(sealed), b"a")


def test_blind_index_is_keyed_and_normalised(sealer_):
    assert sealer_.blind_index("Maria  VIRTANEN") == sealer_.blind_index(" maria virtanen")
    assert Sealer(os.urandom(32)).blind_index("maria virtanen") != sealer_.blind_index(
        "maria virtanen"
    )
    assert normalise("Ｍａｒｉａ") == "maria"


def test_key_is_created_once_and_read_back(memory_keyring):
    memory_keyring.store.clear()
    with pytest.raises(KeyUnavailable, match="vartio init"):
        crypto.load_master_key(create=False)
    key = crypto.load_master_key(create=True)
    assert crypto.load_master_key() == key
    assert len(key) == 32


def test_no_keyring_backend_says_what_to_install(monkeypatch):
    import keyring.backends.fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    with pytest.raises(KeyUnavailable, match="PYTHON_KEYRING_BACKEND"):
        crypto.load_master_key()


def test_plaintext_keyring_is_refused_unless_chosen(monkeypatch):
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "load_config", lambda: None)
    with pytest.raises(KeyUnavailable, match="Refusing"):
        crypto.load_master_key()
