import pytest

from kustomer_bridge.browser.arguments import (
    exactly_one,
    optional_mapping,
    optional_text,
    require_mapping,
    require_text,
    require_timeout,
    without_none,
)


def test_text():
    assert require_text("name", "  a ") == "a"
    assert optional_text("name", None) is None
    for bad in ("", "  ", None, 3):
        with pytest.raises(ValueError, match="name is required and must be a non-empty string"):
            require_text("name", bad)


def test_mapping():
    assert require_mapping("m", {"a": 1}) == {"a": 1}
    assert optional_mapping("m", None) is None
    with pytest.raises(ValueError, match="m must be a dict, got list"):
        require_mapping("m", [])
    with pytest.raises(ValueError, match="m has a key that is not a non-empty string: 1"):
        require_mapping("m", {1: "x"})


def test_exactly_one():
    assert exactly_one(a=None, b=" x ") == ("b", "x")
    with pytest.raises(ValueError, match="give exactly one of a, b"):
        exactly_one(a="1", b="2")


def test_timeout():
    assert require_timeout(None) is None and require_timeout(250) == 250
    for bad in (0, -1, True, "10", float("nan"), float("inf")):
        with pytest.raises(ValueError, match="timeout_ms must be a positive"):
            require_timeout(bad)


def test_without_none():
    assert without_none(a=1, b=None, c=0) == {"a": 1, "c": 0}
