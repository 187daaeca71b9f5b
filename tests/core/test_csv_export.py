"""CSV export: whatever a cell holds, a spreadsheet never reads it as a formula."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from core.csv_export import FORMULA_START, safe_cell, to_csv


def test_formula_cells_are_prefixed_and_others_kept():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-3") == "'-3" and safe_cell("\tx") == "'\tx"
    assert safe_cell("Kaisa") == "Kaisa" and safe_cell(None) == "" and safe_cell(3) == "3"


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=5))
def test_every_cell_reads_back_safe(rows):
    text = to_csv(["a", "b"], rows)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == ["a", "b"] and len(read) == len(rows) + 1
    for original, back in zip(rows, read[1:], strict=True):
        for cell, got in zip(original, back, strict=True):
            assert not got.startswith(FORMULA_START)
            assert got in (cell, "'" + cell)
