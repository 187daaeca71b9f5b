"""Telling a scanned text apart: our token, an ID document, or something else."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from core.idparse import Kind
from core.scans import ScanKind, read_scan
from core.security import new_token
from tests.core.id_samples import AAMVA_US, td1, td3

TODAY = date(2026, 11, 25)


def test_tokens_are_tokens_with_or_without_a_scanners_line_end():
    token = new_token()
    assert read_scan(token).kind is ScanKind.TOKEN
    assert read_scan(f"{token}\n").token == token


def test_id_documents_are_recognised_even_when_a_check_fails():
    assert read_scan(td3(), TODAY).id_result.kind is Kind.MRZ_TD3
    assert read_scan(td1(), TODAY).kind is ScanKind.ID_DOCUMENT
    assert read_scan(AAMVA_US, TODAY).id_result.kind is Kind.AAMVA
    assert read_scan("131052-308T", TODAY).id_result.kind is Kind.FI_HETU
    expired = read_scan(td3(expiry="200101"), TODAY)
    assert expired.kind is ScanKind.ID_DOCUMENT and not expired.id_result.ok


def test_other_codes_are_unknown():
    for text in ("https://example.com/menu", "4006381333931", "short", "", "x" * 9000):
        assert read_scan(text, TODAY).kind is ScanKind.UNKNOWN, text


@given(st.text(max_size=200))
def test_never_raises(text):
    scan = read_scan(text, TODAY)
    assert (scan.token is not None) == (scan.kind is ScanKind.TOKEN)
    assert (scan.id_result is not None) == (scan.kind is ScanKind.ID_DOCUMENT)
