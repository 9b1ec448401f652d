import pytest
from hypothesis import given
from hypothesis import strategies as st

from kustomer_bridge.browser.attributes.redaction import (
    DEFAULT_DENY,
    REDACTED,
    Redactor,
    percent_decode,
    query_params,
)


def test_denied_values_are_redacted_and_the_rest_stays_byte_for_byte():
    url = "https://x.test/p?utm_source=news%20letter&token=abc&q=a+b&Email=me%40x.test#top"
    assert Redactor().redact(url) == (
        "https://x.test/p?utm_source=news%20letter&token=REDACTED&q=a+b&Email=REDACTED"
    )


@pytest.mark.parametrize(
    "name", ["refresh_token", "X-API-KEY", "%74oken", "user.email", "session", "sig"]
)
def test_names_are_matched_by_part_case_and_escape(name):
    assert Redactor().hides(name)


@pytest.mark.parametrize("name", ["postcode", "keyword", "utm_campaign", "passenger", "q"])
def test_unrelated_names_are_kept(name):
    assert not Redactor().hides(name)


def test_sites_can_extend_the_deny_list_or_switch_to_an_allow_list():
    assert Redactor(extra_deny=["order"]).redact("https://x.test/?order=9") == (
        "https://x.test/?order=REDACTED"
    )
    allow = Redactor(allow=["utm_*", "ref"])
    assert allow.redact("https://x.test/?utm_medium=cpc&ref=a&user=bob") == (
        "https://x.test/?utm_medium=cpc&ref=a&user=REDACTED"
    )


def test_deny_patterns_and_an_empty_allow_list():
    assert Redactor(extra_deny=["order*"]).redact("https://x.test/?order_no=9&x=1") == (
        "https://x.test/?order_no=REDACTED&x=1"
    )
    assert Redactor(allow=[]).redact("https://x.test/?utm_source=a&x=1") == (
        "https://x.test/?utm_source=REDACTED&x=REDACTED"
    )


def test_urls_without_a_query_only_lose_their_fragment():
    assert Redactor().redact("https://x.test/a#b?token=1") == "https://x.test/a"


def test_helpers():
    assert percent_decode("a%20b+c%zz") == "a b c%zz"
    assert query_params("https://x.test/?a=1&b=%C3%A9&c#f") == [("a", "1"), ("b", "é"), ("c", "")]


SAFE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@given(
    st.lists(st.tuples(st.one_of(st.sampled_from(DEFAULT_DENY), SAFE), SAFE), max_size=6),
    st.sampled_from(["", "#frag"]),
)
def test_redaction_never_leaks_a_denied_value(params, fragment):
    secret = "S3CR3TVALUE"
    query = "&".join(
        "%s=%s" % (name, secret if name in DEFAULT_DENY else value) for name, value in params
    )
    redacted = Redactor().redact("https://x.test/p?" + query + fragment)
    assert secret not in redacted
    assert redacted.count(REDACTED) == sum(name in DEFAULT_DENY for name, _ in params)


@given(st.text(max_size=80))
def test_redact_never_raises(url):
    assert "#" not in Redactor().redact(url)
