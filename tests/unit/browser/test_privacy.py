"""Privacy settings fail closed: a mistake never sends more than the site asked for."""

import pytest

from kustomer_bridge.browser.attributes.page import GROUPS
from kustomer_bridge.browser.attributes.privacy import settings, split_list

URL = "https://shop.test/p?utm_source=mail&order=9&token=abc&q=shoes"


def test_absent_settings_send_every_group_with_the_default_deny_list():
    groups, redactor, problems = settings({})
    assert groups == GROUPS and problems == []
    assert (
        redactor.redact(URL) == "https://shop.test/p?utm_source=mail&order=9&token=REDACTED&q=shoes"
    )


def test_a_typo_in_data_attributes_sends_only_the_valid_groups_and_says_so():
    groups, _, problems = settings({"attributes": "page,utms"})
    assert groups == ("page",)
    assert problems == [
        "data-attributes: unknown group 'utms' (groups: page, referrer, landing, utm, browser, "
        "declared); sending only page"
    ]


@pytest.mark.parametrize("text", ["pgae", "utms, refferer"])
def test_data_attributes_with_no_valid_group_sends_nothing(text):
    groups, _, problems = settings({"attributes": text})
    assert groups == () and problems[0].endswith("sending only nothing")


def test_an_empty_data_attributes_sends_nothing():
    assert settings({"attributes": ""})[:2][0] == ()


def test_groups_keep_their_canonical_order_and_ignore_case():
    assert settings({"attributes": " UTM , page "})[0] == ("page", "utm")


def test_an_unparsable_redact_list_redacts_every_query_value():
    _, redactor, problems = settings({"redactParams": "order session"})
    assert redactor.redact(URL) == (
        "https://shop.test/p?utm_source=REDACTED&order=REDACTED&token=REDACTED&q=REDACTED"
    )
    assert problems == [
        "data-redact-params: 'order session' is not a parameter name (a name has no spaces or "
        "any of = & ? #, and may end in *); every query value is redacted"
    ]


def test_a_valid_redact_list_extends_the_deny_list():
    _, redactor, problems = settings({"redactParams": "order, q*"})
    assert problems == []
    assert redactor.redact(URL) == (
        "https://shop.test/p?utm_source=mail&order=REDACTED&token=REDACTED&q=REDACTED"
    )


def test_a_bad_allow_list_keeps_only_its_valid_patterns():
    _, redactor, problems = settings({"queryAllow": "utm_*, q=shoes"})
    assert redactor.redact(URL) == (
        "https://shop.test/p?utm_source=mail&order=REDACTED&token=REDACTED&q=REDACTED"
    )
    assert problems[0].startswith("data-query-allow: 'q=shoes' is not a parameter name")
    assert problems[0].endswith("only utm_* keep their values")


@pytest.mark.parametrize("text", ["", " , ", "a b", "*", "**"])
def test_an_allow_list_with_nothing_valid_redacts_every_value(text):
    _, redactor, problems = settings({"queryAllow": text})
    assert redactor.redact("https://x.test/?a=1&b=2") == "https://x.test/?a=REDACTED&b=REDACTED"
    assert problems[0].endswith("only no parameters keep their values")


def test_split_list():
    assert split_list(" a, B,,c ") == ["a", "b", "c"]
    assert split_list("") == []
