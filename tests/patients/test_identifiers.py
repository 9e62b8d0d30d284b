import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from patients.identifiers import (
    NHS_NUMBER_MESSAGE,
    NI_NUMBER_MESSAGE,
    format_nhs_number,
    format_ni_number,
    nhs_check_digit,
    nhs_number_from,
    nhs_number_is_valid,
    ni_number_is_valid,
    normalise_nhs_number,
    normalise_ni_number,
    normalise_ods_code,
    normalise_postcode,
    ods_code_is_valid,
    postcode_is_valid,
    validate_nhs_number,
    validate_ni_number,
    validate_ods_code,
    validate_postcode,
)
from patients.models import Patient


@st.composite
def valid_nhs_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    check = nhs_check_digit(first_nine)
    if check is None:
        first_nine = first_nine[:8] + str((int(first_nine[8]) + 1) % 10)
        check = nhs_check_digit(first_nine)
    assert check is not None
    return first_nine + str(check)


NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


@st.composite
def valid_ni_numbers(draw: st.DrawFn) -> str:
    prefix = draw(
        st.tuples(st.sampled_from(NI_FIRST), st.sampled_from(NI_SECOND))
        .map("".join)
        .filter(lambda p: p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
    )
    digits = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    return prefix + digits + draw(st.sampled_from("ABCD"))


# NHS number


def test_known_example_nhs_number_is_valid() -> None:
    assert nhs_number_is_valid("943 476 5919")
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("943-476-5919")


def test_nhs_number_normalises_to_ten_digits() -> None:
    assert normalise_nhs_number(" 943 476 5919 ") == "9434765919"


def test_nhs_number_formats_in_three_three_four_groups() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"


def test_nhs_check_digit_of_eleven_becomes_zero() -> None:
    assert nhs_check_digit("000000000") == 0
    assert nhs_number_is_valid("0000000000")


def test_nhs_number_whose_check_would_be_ten_is_invalid() -> None:
    assert nhs_check_digit("000000006") is None
    assert not any(nhs_number_is_valid(f"000000006{digit}") for digit in range(10))


@pytest.mark.parametrize("value", ["", "943476591", "94347659190", "943476591X", "9434765918"])
def test_malformed_nhs_numbers_are_rejected(value: str) -> None:
    assert not nhs_number_is_valid(value)
    with pytest.raises(ValueError, match="NHS number"):
        normalise_nhs_number(value)


def test_full_width_digits_are_not_an_nhs_number() -> None:
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in "9434765919")
    assert not nhs_number_is_valid(full_width)


@given(valid_nhs_numbers())
def test_every_valid_nhs_number_round_trips_through_normalise_and_format(number: str) -> None:
    formatted = format_nhs_number(number)
    assert formatted == f"{number[:3]} {number[3:6]} {number[6:]}"
    assert normalise_nhs_number(formatted) == number
    assert nhs_number_is_valid(formatted)


@given(valid_nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_nhs_number_single_digit_change_is_detected(number: str, position: int, delta: int) -> None:
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    assert not nhs_number_is_valid(changed)


def test_validate_nhs_number_raises_plain_english_error() -> None:
    validate_nhs_number("943 476 5919")
    with pytest.raises(ValidationError) as excinfo:
        validate_nhs_number("943 476 5918")
    assert excinfo.value.messages == [NHS_NUMBER_MESSAGE]
    assert excinfo.value.code == "invalid_nhs_number"


# National Insurance number


def test_ni_number_is_stored_upper_case_without_spaces() -> None:
    assert normalise_ni_number("ab 12 34 56 c") == "AB123456C"


def test_ni_number_formats_in_pairs() -> None:
    assert format_ni_number("AB123456C") == "AB 12 34 56 C"


@pytest.mark.parametrize("letter", list("DFIQUV"))
def test_ni_prefix_letters_never_used_are_rejected_in_either_position(letter: str) -> None:
    assert not ni_number_is_valid(f"{letter}A123456C")
    assert not ni_number_is_valid(f"A{letter}123456C")


def test_ni_prefix_with_o_second_is_rejected_but_o_first_is_allowed() -> None:
    assert not ni_number_is_valid("AO123456C")
    assert ni_number_is_valid("OA123456C")


@pytest.mark.parametrize("prefix", ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"])
def test_unallocated_ni_prefixes_are_rejected(prefix: str) -> None:
    assert not ni_number_is_valid(f"{prefix}123456C")


@pytest.mark.parametrize("value", ["AB123456E", "AB123456", "AB12345C", "A1123456C", "QQ123456C"])
def test_malformed_ni_numbers_are_rejected(value: str) -> None:
    assert not ni_number_is_valid(value)
    with pytest.raises(ValueError, match="National Insurance number"):
        normalise_ni_number(value)


@given(valid_ni_numbers())
def test_every_valid_ni_number_round_trips_through_format(ni: str) -> None:
    assert normalise_ni_number(format_ni_number(ni.lower())) == ni


def test_validate_ni_number_raises_validation_error() -> None:
    validate_ni_number("AB 12 34 56 C")
    with pytest.raises(ValidationError, match="National Insurance number"):
        validate_ni_number("QQ 12 34 56 C")


# Postcode


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("ec1a  1bb", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_postcode_in_each_standard_format_is_normalised(value: str, expected: str) -> None:
    assert normalise_postcode(value) == expected
    assert postcode_is_valid(value)


@pytest.mark.parametrize("value", ["", "M1", "1M1 1AE", "M1 1A", "SW1A 1A1", "ABC1 1AA", "M1 AAE"])
def test_malformed_postcodes_are_rejected(value: str) -> None:
    assert not postcode_is_valid(value)
    with pytest.raises(ValueError, match="postcode"):
        normalise_postcode(value)


@given(
    st.from_regex(r"\A[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}\Z", fullmatch=True),
)
def test_normalised_postcode_has_one_space_before_three_character_inward_code(
    compact: str,
) -> None:
    normalised = normalise_postcode(compact.lower())
    outward, inward = normalised.split(" ")
    assert outward + inward == compact
    assert len(inward) == 3
    assert normalise_postcode(normalised) == normalised


def test_validate_postcode_raises_validation_error() -> None:
    validate_postcode("SW1A 1AA")
    with pytest.raises(ValidationError, match="postcode"):
        validate_postcode("SW1A")


# ODS code


def test_gp_practice_ods_code_is_one_letter_then_five_digits() -> None:
    assert ods_code_is_valid("M85001")
    assert normalise_ods_code(" m85001 ") == "M85001"
    for value in ["M8500", "M850011", "MM8500", "85001M", ""]:
        assert not ods_code_is_valid(value)


def test_validate_ods_code_raises_validation_error() -> None:
    validate_ods_code("M85001")
    with pytest.raises(ValidationError, match="GP practice code"):
        validate_ods_code("RXX")


def test_the_examples_given_to_users_are_valid_ni_numbers() -> None:
    help_text = Patient._meta.get_field("ni_number").help_text
    for text in (NI_NUMBER_MESSAGE, help_text):
        example = re.search(r"[A-Z]{2}( \d\d){3} [A-D]", text).group()
        validate_ni_number(example)


def test_nhs_number_from_takes_the_next_start_that_has_a_check_digit() -> None:
    assert nhs_check_digit("400000008") is None  # no NHS number starts with these nine
    assert nhs_number_from(400_000_008) == "4000000098"
    assert nhs_number_from(400_000_001) == "4000000012"
    assert nhs_number_from(943_476_591) == "9434765919"
