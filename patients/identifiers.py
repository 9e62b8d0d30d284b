"""Checks and normalisation for the identifiers a patient record holds.

NHS numbers, National Insurance numbers, UK postcodes and GP practice ODS codes are typed by
people and copied from letters, so each has a ``normalise_*`` function that accepts the usual
spacing and case and returns the stored form (or raises ``ValueError`` with a message a user can
read), an ``*_is_valid`` predicate, and a Django validator that raises ``ValidationError``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_SEPARATORS = re.compile(r"[\s\-]+")

NHS_NUMBER_MESSAGE = "Enter a valid NHS number: 10 digits, the last is a check digit"
NI_NUMBER_MESSAGE = (
    "Enter a valid National Insurance number: 2 letters, 6 numbers, then A, B, C or D, "
    "like AB 12 34 56 C"
)
POSTCODE_MESSAGE = "Enter a valid UK postcode, like SW1A 1AA"
ODS_CODE_MESSAGE = "Enter a valid GP practice code: 1 letter then 5 numbers, like M85001"


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


# NHS number


def nhs_check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for the first nine digits of an NHS number.

    Each digit is weighted 10 down to 2; the check digit is 11 minus the remainder of the sum
    divided by 11, with 11 becoming 0. A result of 10 means no NHS number can start with these
    digits, and ``None`` is returned (NHS Data Dictionary, "NHS Number").
    """
    total = sum(int(d) * weight for d, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_from(first_nine: int) -> str:
    """The first valid NHS number whose first nine digits are ``first_nine`` or above (for
    about one start in eleven no check digit exists, and the next one up is taken)."""
    while (check := nhs_check_digit(f"{first_nine:09d}")) is None:
        first_nine += 1
    return f"{first_nine:09d}{check}"


def normalise_nhs_number(value: str) -> str:
    """Return the NHS number as 10 digits, ignoring spaces and hyphens.

    Raises ``ValueError`` with a plain-English message when the value is not 10 digits or its
    Modulus 11 check digit does not match.
    """
    digits = _compact(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError("An NHS number is 10 digits, like 943 476 5919")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("This is not a valid NHS number: one of the digits is wrong")
    return digits


def nhs_number_is_valid(value: str) -> bool:
    """Say whether the value is a valid NHS number, allowing spaces and hyphens."""
    try:
        normalise_nhs_number(value)
    except ValueError:
        return False
    return True


def format_nhs_number(value: str) -> str:
    """Display an NHS number in the NHS's 3-3-4 grouping, e.g. ``943 476 5919``."""
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


# National Insurance number

_NI_NUMBER = re.compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
_NI_UNALLOCATED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def normalise_ni_number(value: str) -> str:
    """Return a National Insurance number upper-case without spaces, e.g. ``AB123456C``.

    The format is two prefix letters, six digits and a suffix A-D. HMRC never uses D, F, I, Q,
    U or V in the prefix, nor O as its second letter, and does not allocate the prefixes BG,
    GB, KN, NK, NT, TN and ZZ (HMRC National Insurance Manual, NIM39110). Raises
    ``ValueError`` when the value breaks any of these rules.
    """
    compact = _compact(value)
    if not _NI_NUMBER.match(compact) or compact[:2] in _NI_UNALLOCATED_PREFIXES:
        raise ValueError(NI_NUMBER_MESSAGE)
    return compact


def ni_number_is_valid(value: str) -> bool:
    """Say whether the value is a National Insurance number in an allocated format."""
    try:
        normalise_ni_number(value)
    except ValueError:
        return False
    return True


def format_ni_number(value: str) -> str:
    """Display a National Insurance number in pairs, e.g. ``AB 12 34 56 C``. Display never
    refuses: nine characters are paired whatever they are (HMRC's example ``QQ 12 34 56 C``
    included), and any other value is shown upper-case without spaces."""
    ni = _compact(value)
    if len(ni) != 9:
        return ni
    return f"{ni[:2]} {ni[2:4]} {ni[4:6]} {ni[6:8]} {ni[8]}"


# Postcode

_POSTCODE = re.compile(r"^(?:GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """Return a UK postcode upper-case with one space before the inward code, e.g. ``SW1A 1AA``.

    Accepts the six standard formats (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA)
    and GIR 0AA, as set out in the Royal Mail Programmers' Guide to the Postcode Address File.
    This checks the format only: it does not say whether the postcode exists. Raises
    ``ValueError`` for anything else.
    """
    compact = _compact(value)
    if not compact.isascii() or not _POSTCODE.match(compact):
        raise ValueError(POSTCODE_MESSAGE)
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str) -> bool:
    """Say whether the value has the format of a UK postcode."""
    try:
        normalise_postcode(value)
    except ValueError:
        return False
    return True


# ODS code

_ODS_PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")


def normalise_ods_code(value: str) -> str:
    """Return a GP practice ODS code upper-case without spaces, e.g. ``M85001``.

    GP practices in England and Wales have one letter then five digits in the NHS Organisation
    Data Service (ODS). Raises ``ValueError`` for any other shape.
    """
    compact = _compact(value)
    if not compact.isascii() or not _ODS_PRACTICE_CODE.match(compact):
        raise ValueError(ODS_CODE_MESSAGE)
    return compact


def ods_code_is_valid(value: str) -> bool:
    """Say whether the value is a GP practice ODS code, allowing spaces and lower case."""
    try:
        normalise_ods_code(value)
    except ValueError:
        return False
    return True


# Django validators


def validate_nhs_number(value: str) -> None:
    """Django validator: raise ``ValidationError`` unless the value is a valid NHS number."""
    if not nhs_number_is_valid(value):
        raise ValidationError(NHS_NUMBER_MESSAGE, code="invalid_nhs_number")


def validate_ni_number(value: str) -> None:
    """Django validator: raise ``ValidationError`` unless the value is a valid NI number."""
    if not ni_number_is_valid(value):
        raise ValidationError(NI_NUMBER_MESSAGE, code="invalid_ni_number")


def validate_postcode(value: str) -> None:
    """Django validator: raise ``ValidationError`` unless the value is a UK postcode."""
    if not postcode_is_valid(value):
        raise ValidationError(POSTCODE_MESSAGE, code="invalid_postcode")


def validate_ods_code(value: str) -> None:
    """Django validator: raise ``ValidationError`` unless the value is a GP practice ODS code."""
    if not ods_code_is_valid(value):
        raise ValidationError(ODS_CODE_MESSAGE, code="invalid_ods_code")
