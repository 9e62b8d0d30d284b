"""CSV exports neutralise spreadsheet formulas in text cells."""

import csv
import datetime
import decimal
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.csv_export import FORMULA_PREFIXES, SafeCSVWriter, csv_response, safe_cell


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+2",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_starting_with_a_formula_character_is_prefixed(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Mrs Jones", "07700 900123", "a=b", "email@example.org", ""])
def test_ordinary_text_is_unchanged(typed):
    assert safe_cell(typed) == typed


def test_numbers_dates_and_booleans_stay_values():
    assert safe_cell(-5) == -5
    assert safe_cell(decimal.Decimal("-1.50")) == decimal.Decimal("-1.50")
    assert safe_cell(datetime.date(2026, 1, 31)) == datetime.date(2026, 1, 31)
    assert safe_cell(True) is True
    assert safe_cell(None) == ""


@given(st.text())
def test_no_written_text_cell_starts_a_formula(text):
    buffer = io.StringIO()
    SafeCSVWriter(buffer).writerow([text])
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert not cell.startswith(FORMULA_PREFIXES)
    assert cell == ("'" + text if text.startswith(FORMULA_PREFIXES) else text)


def test_csv_response_is_a_safe_uncached_download():
    response = csv_response(
        'caseload "March"/2026.csv', ["Name", "Note"], [["Ann", "=1+1"], ["Bob", None]]
    )
    assert response["Content-Disposition"] == 'attachment; filename="caseload-March-2026.csv"'
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows == [["Name", "Note"], ["Ann", "'=1+1"], ["Bob", ""]]
