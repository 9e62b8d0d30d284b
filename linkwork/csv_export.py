"""CSV downloads that spreadsheets cannot turn into formulas.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula ("CSV injection"): text a patient or referrer typed,
such as ``=HYPERLINK(...)``, would run on the reader's machine. Every text cell written here that
begins so is prefixed with an apostrophe, which spreadsheets show as text. Numbers, dates and
booleans are written as values.

Use ``csv_response`` for a download (it also sends ``Cache-Control: no-store``) or
``SafeCSVWriter`` to write to any file-like object. Record the download with ``audit_record``
(``AuditAction.EXPORT``) in the view.
"""

import csv
import datetime
import decimal
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value: Any) -> Any:
    """The value ready for a CSV cell: ``None`` as empty, numbers, dates and booleans
    unchanged, text beginning with a formula character prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeCSVWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file, **fmtparams):
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable[Any]]
) -> HttpResponse:
    """A CSV download: UTF-8 with a byte-order mark (so Excel shows £ and accents), a safe
    file name, never cached."""
    stem = _UNSAFE_FILENAME.sub("-", filename.removesuffix(".csv")).strip("-.") or "export"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    response.write("\ufeff")
    writer = SafeCSVWriter(response)
    writer.writerow(header)
    writer.writerows(rows)
    add_never_cache_headers(response)
    return response
