"""The jinja2 macro renders the drop-in tag and declared attributes, safely escaped; its
defaults are the Python ones."""

import json
import re
from html.parser import HTMLParser

import jinja2
import pytest

import kustomer_bridge
from kustomer_bridge.server.defaults import KUSTOMER_WIDGET_URL, TAG_SETTINGS

HOSTILE = '</script><script>alert("x")</script>\'"&<>'


def render(**arguments):
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(kustomer_bridge.templates_path()), autoescape=True
    )
    template = environment.from_string(
        '{% from "kustomer_bridge.html" import kustomer_chat %}{{ kustomer_chat(**arguments) }}'
    )
    return template.render(arguments=arguments)


class Elements(HTMLParser):
    """The start tags, their attributes, and the text inside each script element."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.scripts = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.tags and self.tags[-1][0] == "script":
            self.scripts.append(data)


def test_renders_the_tag_with_every_option():
    elements = Elements(
        render(
            api_key="KEY",
            brand_id="BRAND",
            src="/static/kb/kustomer-bridge.js",
            runtime="py",
            runner="main",
            python="eager",
            start_options={"hideChatIcon": True},
            attribute_groups=["page", "utm"],
            redact_params=["order"],
            query_allow=["utm_*"],
            consent="pending",
            load="idle",
            ready_timeout_ms=5000,
            call_timeout_ms=8000,
            debug=True,
            nonce="abc123",
            widget_src="/stub/widget.js",
        )
    )
    assert [tag for tag, _ in elements.tags] == ["script"]
    attributes = elements.tags[0][1]
    assert attributes == {
        "data-cfasync": "false",  # before src: Cloudflare Rocket Loader leaves the tag be
        "src": "/static/kb/kustomer-bridge.js",
        "data-kustomer-api-key": "KEY",
        "data-brand-id": "BRAND",
        "data-runtime": "py",
        "data-runner": "main",
        "data-python": "eager",
        "data-start-options": '{"hideChatIcon": true}',
        "data-attributes": "page,utm",
        "data-redact-params": "order",
        "data-query-allow": "utm_*",
        "data-consent": "pending",
        "data-load": "idle",
        "data-ready-timeout-ms": "5000",
        "data-call-timeout-ms": "8000",
        "data-debug": None,
        "nonce": "abc123",
        "data-widget-src": "/stub/widget.js",
        "defer": None,
    }
    assert list(attributes)[:2] == ["data-cfasync", "src"]
    # every setting the loader reads, and only those, is an option of the macro
    settings = {name[5:] for name in attributes if name.startswith("data-")} - {"cfasync"}
    assert settings == {dataset_spelling_to_attribute(key) for key in TAG_SETTINGS}


def dataset_spelling_to_attribute(key):
    return re.sub(r"[A-Z]", lambda upper: "-" + upper.group().lower(), key)


def test_hostile_values_cannot_break_out():
    html = render(
        api_key=HOSTILE,
        brand_id=HOSTILE,
        src="/kb.js",
        attributes={"orderNumberStr": HOSTILE, "noteTxt": "a\u2028b"},
        start_options={"lang": HOSTILE},
        widget_src="https://chat.example/" + HOSTILE,
    )
    elements = Elements(html)
    assert [tag for tag, _ in elements.tags] == ["script", "script", "script"]
    assert len(re.findall(r"</script", html, re.IGNORECASE)) == 3
    widget, block, tag = (attributes for _, attributes in elements.tags)
    assert "data-kustomer-attributes" in block
    assert json.loads(elements.scripts[1]) == {"orderNumberStr": HOSTILE, "noteTxt": "a\u2028b"}
    assert tag["data-kustomer-api-key"] == HOSTILE and tag["data-brand-id"] == HOSTILE
    assert json.loads(tag["data-start-options"]) == {"lang": HOSTILE}
    assert widget["src"] == "https://chat.example/" + HOSTILE
    assert widget["data-kustomer-api-key"] == HOSTILE


@pytest.mark.parametrize("value", ["javascript:alert(1)", '" onload="alert(1)'])
def test_attribute_values_stay_inside_their_attribute(value):
    widget, tag = Elements(render(api_key="k", src=value, widget_src="https://" + value)).tags
    assert tag[1]["src"] == value and "onload" not in tag[1]
    assert widget[1]["src"] == "https://" + value and "onload" not in widget[1]


WIDGET = KUSTOMER_WIDGET_URL


@pytest.mark.parametrize(
    "options, written",
    [
        ({}, WIDGET),
        ({"load": "immediate", "consent": "granted"}, WIDGET),
        ({"widget_src": "https://chat.example/widget.js"}, "https://chat.example/widget.js"),
        ({"consent": "pending"}, None),  # widget.js must not be fetched before consent
        ({"consent": "Pending"}, None),  # not a known value: fail closed
        ({"load": "idle"}, None),
        ({"load": "interaction"}, None),
        ({"widget_src": "stub/widget.js"}, None),  # resolved against the loader, not the page
        ({"widget_src": "/stub/widget.js"}, None),
    ],
)
def test_kustomers_tag_is_written_only_when_the_bridge_loads_it_at_once(options, written):
    tags = Elements(render(api_key="k", src="/kb.js", **options)).tags
    assert tags[-1][1]["src"] == "/kb.js"  # the bridge's tag last: widget.js need not wait for it
    expected = [
        {
            "data-cfasync": "false",
            "src": written,
            "data-kustomer-api-key": "k",
            "data-kustomer-bridge-widget": None,
            "defer": None,
        }
    ]
    assert [attributes for _, attributes in tags[:-1]] == (expected if written else [])


def test_kustomers_tag_carries_the_nonce():
    (_, widget), _ = Elements(render(api_key="k", src="/kb.js", nonce="n0nce")).tags
    assert widget["nonce"] == "n0nce" and "data-kustomer-bridge-widget" in widget


def test_the_macros_defaults_are_written_from_the_python_ones():
    """kustomer_bridge.html keeps a copy of server/defaults.py (python build.py writes it)."""
    from bundle import generated

    assert generated.TEMPLATE not in generated.stale(), "stale: run python build.py"


@pytest.mark.parametrize("api_key", [None, ""])
def test_without_a_key_the_tag_attaches_to_the_pages_own_kustomer(api_key):
    """No data-kustomer-api-key="None": the bridge then attaches to the Kustomer the page
    loads itself, and the macro writes no widget.js tag (it would have no key)."""
    html = render(api_key=api_key, src="/kb.js")
    [(_, tag)] = Elements(html).tags
    assert "data-kustomer-api-key" not in tag and "None" not in html
