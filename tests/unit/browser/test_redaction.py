import json
import re
import subprocess

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


# -- the rule compiled for URLs at rest before Python has run (the loader's atRest) ----------

NAMES = st.text(alphabet="aAkKeEyYtToOnN_.-~%+ 1é=", max_size=12)
PAIRS = st.lists(st.tuples(NAMES.filter(lambda n: "=" not in n), st.text("ab=?&", max_size=3)))
RULES = [
    Redactor(),
    Redactor(extra_deny=["ordernumber*", "my.key", "%74ok"]),
    Redactor(allow=["utm_*", "ref", "page[x]"]),
    Redactor(allow=[]),
]


def at_rest(redactor, url):
    """What the loader does with hidden_names() (web/loader/early.mjs restingRule)."""
    url = url.split("#", 1)[0]
    if "?" not in url:
        return url
    head, query = url.split("?", 1)
    hidden = re.compile("(^|&)(%s)=[^&]*" % redactor.hidden_names(), re.I | re.A)
    return head + "?" + hidden.sub(r"\1\2=" + REDACTED, query)


def shown(url):
    """The values a redacted URL still shows, by position."""
    return [pair for pair in url.split("?", 1)[-1].split("&") if not pair.endswith(REDACTED)]


@pytest.mark.parametrize("redactor", RULES, ids=["default", "extra", "allow", "none"])
@given(pairs=PAIRS)
def test_at_rest_the_rule_hides_the_same_values_or_more(redactor, pairs):
    url = "https://x.test/p?" + "&".join(n + "=" + v for n, v in pairs) + "#f"
    exact, strict = redactor.redact(url), at_rest(redactor, url)
    assert set(shown(strict)) <= set(shown(exact))
    names = [pair.split("=", 1)[0] for pair in url.split("#")[0].split("?", 1)[1].split("&")]
    if all(re.fullmatch(r"[A-Za-z0-9_.~-]*", name) for name in names):
        assert strict == exact


def test_at_rest_the_default_rule_is_exact_for_plain_names():
    url = "https://x.test/p?utm_source=mail&Refresh_Token=abc&order.key=1&keyword=k&e%6Dail=m"
    assert at_rest(Redactor(), url) == (
        "https://x.test/p?utm_source=mail&Refresh_Token=REDACTED&order.key=REDACTED"
        "&keyword=k&e%6Dail=REDACTED"
    )


def test_javascript_reads_the_compiled_rule_as_python_does(tmp_path):
    """The loader runs the pattern as a JavaScript RegExp (flags "gi")."""
    queries = [
        "a=1&token=2&X-Api-Key=3&utm_campaign=4&user.email=5&%74oken=6&ké=7&flag&=8&sid",
        "postcode=1&passenger=2&Session_ID=3&refresh_token=4&a~token=5&order_no=6",
    ]
    script = (
        "const [rules, queries] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(rules.map((rule) => queries.map((query) => query.replace("
        "new RegExp(`(^|&)(${rule})=[^&]*`, 'gi'), '$1$2=REDACTED')))))"
    )
    rules = [redactor.hidden_names() for redactor in RULES]
    result = subprocess.run(
        ["node", "-e", script, json.dumps([rules, queries])],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [[at_rest(r, "?" + q)[1:] for q in queries] for r in RULES]
    assert json.loads(result.stdout) == expected
