import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kustomer_bridge.browser.attributes.values import (
    MAX_TEXT,
    Rejected,
    convert,
    convert_all,
    format_epoch_ms,
    suffix_of,
)


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("orderNumberStr", "Str"),
        ("AvgSatScoreNum", "Num"),
        ("pageUrl", "Url"),
        ("lastOrderAt", "At"),
        ("marketingOptInBool", "Bool"),
        ("notesTxt", "Txt"),
        ("primaryOrderId", "Id"),
    ],
)
def test_valid_names_give_their_suffix(name, suffix):
    assert suffix_of(name) == suffix


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("order number Str", "letters and digits only"),
        ("2ndOrderStr", "starting with a letter"),
        ("orderNumber", "no type suffix"),
        ("Str", "no type suffix"),
        ("", "non-empty"),
        ("order-numberStr", "letters and digits only"),
    ],
)
def test_invalid_names_are_rejected_with_the_reason(name, reason):
    with pytest.raises(Rejected, match=reason):
        suffix_of(name)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("cartTotalNum", "129.90", 129.9),
        ("cartTotalNum", " 42 ", 42),
        ("cartTotalNum", 3, 3),
        ("cartTotalNum", "-1e3", -1000.0),
        ("inStockBool", "true", True),
        ("inStockBool", " FALSE ", False),
        ("inStockBool", False, False),
        ("placedAt", 1700000000000, "2023-11-14T22:13:20.000Z"),
        ("placedAt", "1700000000000", "2023-11-14T22:13:20.000Z"),
        ("placedAt", "2024-05-01", "2024-05-01T00:00:00.000Z"),
        ("placedAt", "2024-05-01T12:30:15.5+02:00", "2024-05-01T10:30:15.500Z"),
        ("placedAt", "2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"),
        ("accountUrl", "https://shop.example.com/a?b=1", "https://shop.example.com/a?b=1"),
        ("planStr", 42, "42"),
        ("planStr", True, "true"),
        ("orderId", " A-1 ", "A-1"),
        ("planStr", None, None),
        ("cartTotalNum", None, None),
    ],
)
def test_values_are_converted_by_suffix(name, raw, value):
    assert convert(name, raw) == value


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("cartTotalNum", "1,299.00", "thousands separator"),
        ("cartTotalNum", "12 EUR", "is not a number"),
        ("cartTotalNum", float("nan"), "not finite"),
        ("cartTotalNum", float("inf"), "not finite"),
        ("cartTotalNum", "1e999", "not finite"),
        ("cartTotalNum", True, "boolean is not a number"),
        ("inStockBool", "yes", "not true or false"),
        ("placedAt", "yesterday", "ISO 8601"),
        ("placedAt", "2023-02-29", "not a valid date"),
        ("accountUrl", "javascript:alert(1)", r"absolute http\(s\) URL"),
        ("accountUrl", "/relative/path", r"absolute http\(s\) URL"),
        ("accountUrl", "httpx", r"absolute http\(s\) URL"),
        ("accountUrl", "https", r"absolute http\(s\) URL"),
        ("accountUrl", "https:", r"absolute http\(s\) URL"),
        ("accountUrl", "https://", r"absolute http\(s\) URL"),
        ("accountUrl", "ftp://x.test/", r"absolute http\(s\) URL"),
        ("planStr", {"a": 1}, "dict cannot be sent"),
        ("orderId", "  ", "must not be empty"),
    ],
)
def test_bad_values_are_rejected_with_the_reason(name, raw, reason):
    with pytest.raises(Rejected, match=reason):
        convert(name, raw)


def test_long_text_is_cut_at_1024_and_reported_but_kept():
    accepted, problems = convert_all({"notesTxt": "x" * 5000, "bad name": 1, "okStr": "fine"})
    assert accepted == {"notesTxt": "x" * MAX_TEXT, "okStr": "fine"}
    assert problems[0]["name"] == "notesTxt" and problems[0]["kept"]
    assert problems[1]["name"] == "bad name" and "kept" not in problems[1]


@given(st.integers(min_value=-62135596800000, max_value=253402300799999))
def test_epoch_formatting_round_trips_through_iso_parsing(epoch_ms):
    iso = format_epoch_ms(epoch_ms)
    assert convert("placedAt", iso) == iso
    assert convert("placedAt", epoch_ms) == iso


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(st.text(max_size=30), ANY_VALUE)
def test_convert_never_raises_anything_but_rejected(name, value):
    try:
        result = convert(name, value)
    except Rejected as rejected:
        assert str(rejected)
        return
    if name.endswith("Num") and result is not None:
        assert isinstance(result, (int, float)) and math.isfinite(result)
    if name.endswith(("Str", "Txt")) and result is not None:
        assert len(result) <= MAX_TEXT


@given(st.dictionaries(st.text(max_size=12), ANY_VALUE, max_size=8))
def test_convert_all_accounts_for_every_name(values):
    accepted, problems = convert_all(values)
    rejected = {problem["name"] for problem in problems if not problem.get("kept")}
    assert set(accepted) | rejected == set(values)
    assert not set(accepted) & rejected
