"""Tests of reading and showing numbers in Indonesian and plain form."""

import ast
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.core import angka
from sakip.core.angka import (
    RUPIAH_MAX,
    TranslatableValueError,
    format_angka,
    parse_angka,
    parse_rupiah,
    round_half_up,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Indonesian form: a comma is the decimal separator.
        ("1.234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("0,648", "0.648"),
        ("-1,5", "-1.5"),
        ("72,84", "72.84"),
        ("1234,5", "1234.5"),
        ("\u22121,5", "-1.5"),  # the minus sign that reports print
        ("+2,5", "2.5"),
        # A percent sign is dropped, never divided by 100.
        ("97,5%", "97.5"),
        ("97,5 %", "97.5"),
        ("100%", "100"),
        # Plain form: a single dot is the decimal point.
        ("1234.5", "1234.5"),
        ("1234.567", "1234.567"),
        ("0.648", "0.648"),
        ("12.34", "12.34"),
        ("0.5", "0.5"),
        ("-0.25", "-0.25"),
        # Without a comma, two or more dots grouping by three are thousands.
        ("1.234.567", "1234567"),
        ("12.345.678.901", "12345678901"),
        ("-1.000.000", "-1000000"),
        # Integers and surrounding spaces.
        ("7", "7"),
        ("  13 ", "13"),
        ("\u00a013\u00a0", "13"),  # no-break spaces from copied web tables
        ("0", "0"),
    ],
)
def test_parse_angka_text(text, expected):
    assert parse_angka(text) == Decimal(expected)


def test_parse_angka_result_type():
    assert isinstance(parse_angka("1.234,5"), Decimal)


@pytest.mark.parametrize("empty", [None, "", "   ", "\u00a0"])
def test_parse_angka_empty(empty):
    assert parse_angka(empty) is None


def test_parse_angka_zero_is_not_empty():
    assert parse_angka("0") == Decimal(0)
    assert parse_angka(0) == Decimal(0)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (0.1, "0.1"),  # Decimal(0.1) would be 0.1000000000000000055511…
        (72.84, "72.84"),
        (3, "3"),
        (-12, "-12"),
        (144.0, "144"),
        (1e16, "10000000000000000"),
        (Decimal("9.53"), "9.53"),
    ],
)
def test_parse_angka_numeric_cell(cell, expected):
    result = parse_angka(cell)

    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


def test_parse_angka_float_is_exact_text():
    assert parse_angka(0.1).as_tuple() == Decimal("0.1").as_tuple()


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "1,234.5",  # English form: a comma before a dot is ambiguous
        "1.23.4",
        "0.123.456",  # a first group starting with 0 is not thousands
        "1.2345.678",
        "1.234.56",
        "12 345",
        "1,2,3",
        "1.234,",
        ",5",
        "1,",
        "%",
        "%12",
        "12%%",
        "--1",
        "1e5",
        "nan",
        "Infinity",
        "WTP",
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("Infinity"),
        True,
        [1],
    ],
)
def test_parse_angka_invalid(value):
    with pytest.raises(ValueError, match="bukan angka yang sah"):
        parse_angka(value)


def test_parse_angka_error_names_value():
    with pytest.raises(TranslatableValueError) as caught:
        parse_angka("12,3,4")

    assert '"12,3,4"' in str(caught.value)
    assert caught.value.params == {"nilai": "12,3,4"}
    assert caught.value.template % caught.value.params == str(caught.value)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.675", 2, "2.68"),  # as a float 2.675 would round to 2.67
        ("2.665", 2, "2.67"),  # half even would give 2.66
        ("-2.675", 2, "-2.68"),  # half up rounds away from zero
        ("90.996", 2, "91.00"),
        ("90.995", 2, "91.00"),
        ("90.99499999", 2, "90.99"),
        ("100", 2, "100.00"),
        ("0.005", 2, "0.01"),
        ("1234.5", 0, "1235"),
        ("1.23456", 4, "1.2346"),
        ("1E+40", 2, "1E+40"),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(Decimal(value), places)

    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -places


def test_round_half_up_large_value_keeps_digits():
    value = Decimal("123456789012345678901234567890123.455")

    assert round_half_up(value) == Decimal("123456789012345678901234567890123.46")


def test_round_half_up_not_finite():
    with pytest.raises(ValueError, match="not a finite number"):
        round_half_up(Decimal("NaN"))


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1234567.891", 2, "1.234.567,89"),
        ("1234567.885", 2, "1.234.567,89"),  # half up
        ("97.5", 2, "97,50"),
        ("100", 2, "100,00"),
        ("0", 2, "0,00"),
        ("0.005", 2, "0,01"),
        ("-1234.5", 2, "-1.234,50"),
        ("-0.001", 2, "0,00"),  # no "-0,00"
        ("999.999", 2, "1.000,00"),
        ("1234567", 0, "1.234.567"),
        ("0.0001", 4, "0,0001"),
    ],
)
def test_format_angka(value, places, expected):
    assert format_angka(Decimal(value), places) == expected


def test_format_angka_default_places():
    assert format_angka(Decimal("12.3")) == "12,30"


@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_format_then_parse_round_trip(value):
    assert parse_angka(format_angka(value)) == round_half_up(value, 2)


def test_angka_imports_only_stdlib():
    tree = ast.parse(Path(angka.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])

    assert imported <= sys.stdlib_module_names, imported


def test_angka_import_loads_no_django():
    code = (
        "import sys, sakip.core.angka; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    # The interpreter of this test run, with a fixed code string.
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603

    assert result.returncode == 0


@pytest.mark.parametrize("text", ["144.000", "1.250", "-43.516", "1.000", "999.999%"])
def test_parse_angka_ambiguous_dot_rejected(text):
    with pytest.raises(ValueError, match="bermakna ganda") as raised:
        parse_angka(text)

    assert text.rstrip("%") in str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("150.000", 150_000),  # one dot and three digits: thousands
        ("Rp 1.500.000", 1_500_000),
        ("Rp. 1.000.000", 1_000_000),
        ("rp1.000", 1_000),
        ("RP.1000", 1_000),
        ("Rp 37.495.500,00", 37_495_500),
        ("37.495.500,-", 37_495_500),
        ("1500000,0", 1_500_000),
        ("1500000.00", 1_500_000),
        (" 1 500 000\u00a0", 1_500_000),
        ("+5", 5),
        ("-0", 0),
        ("0", 0),
        ("999.999.999.999.999", RUPIAH_MAX),
        (1_500_000, 1_500_000),
        (1_500_000.0, 1_500_000),
        (Decimal("12.00"), 12),
    ],
)
def test_parse_rupiah(value, expected):
    result = parse_rupiah(value)

    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_parse_rupiah_empty(empty):
    assert parse_rupiah(empty) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("satu juta", "invalid"),
        ("Rp", "invalid"),
        ("1.500.00", "invalid"),
        ("1,234.5", "invalid"),
        ("0.500", "invalid"),
        ("1e5", "invalid"),
        ("%", "invalid"),
        (True, "invalid"),
        (float("nan"), "invalid"),
        ([1], "invalid"),
        ("1.500.000,50", "sen"),
        ("1500,5", "sen"),
        ("1.5", "sen"),
        (1_500_000.5, "sen"),
        ("-5", "min_value"),
        ("\u22121.000", "min_value"),
        (-5, "min_value"),
        ("1.000.000.000.000.000", "max_value"),
        ("9223372036854775807", "max_value"),
        (10**15, "max_value"),
        (1e16, "max_value"),
    ],
)
def test_parse_rupiah_rejected(value, code):
    with pytest.raises(TranslatableValueError) as raised:
        parse_rupiah(value)

    assert raised.value.code == code


def test_parse_rupiah_long_text_rejected_quickly():
    # Python refuses int() of more than 4300 digits; the length is checked first.
    with pytest.raises(TranslatableValueError) as raised:
        parse_rupiah("9" * 100_000)

    assert raised.value.code == "max_value"
    assert len(str(raised.value)) < 200
    assert "999.999.999.999.999" in str(raised.value)


def test_parse_rupiah_message_quotes_value():
    with pytest.raises(TranslatableValueError) as raised:
        parse_rupiah("Rp. sejuta")

    assert str(raised.value).startswith('Nilai "Rp. sejuta" bukan jumlah rupiah.')
    assert "kosongkan" not in str(raised.value)
