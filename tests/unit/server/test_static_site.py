"""The docs-site integrations (MkDocs plugin, Sphinx extension) take every tag option of the
macro, check options and attributes by the same rules, and write the macro's own tags."""

import types

import pytest
from mkdocs.config.base import ValidationError
from sphinx.errors import ConfigError

from kustomer_bridge import mkdocs as mkdocs_plugin
from kustomer_bridge import sphinx as sphinx_extension
from kustomer_bridge.server.defaults import TAG_CHOICES
from kustomer_bridge.server.static_site import (
    TAG_OPTIONS,
    check_option,
    page_attributes,
    page_tags,
)
from kustomer_bridge.server.tag import chat_tag, macros

# The macro's parameters a site does not set once for all its pages.
PER_PAGE = {"api_key", "src", "attributes", "nonce", "integrity"}


def test_every_tag_option_of_the_macro_is_a_site_option():
    assert set(TAG_OPTIONS) == set(macros().kustomer_chat.arguments) - PER_PAGE
    for name, choices in TAG_CHOICES.items():
        assert TAG_OPTIONS[name] == ("choice", choices)


@pytest.mark.parametrize(
    "name, value",
    [("consent", "pending"), ("attribute_groups", ["page", "utm"]), ("debug", True),
     ("ready_timeout_ms", 20000), ("brand_id", 1234), ("start_options", {"zIndex": 3}),
     ("runtime", None)],
)  # fmt: skip
def test_good_options_pass(name, value):
    assert check_option(name, value) is None


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("consent", "maybe", "must be one of granted, pending, got 'maybe'"),
        ("attribute_groups", ["page", "gps"], "a list of strings from page,"),
        ("ready_timeout_ms", "20s", "a positive whole number of milliseconds"),
        ("ready_timeout_ms", True, "a positive whole number of milliseconds"),
        ("debug", "yes", "must be true or false"),
        ("redact_params", "email", "a list of strings"),
    ],
)
def test_a_bad_option_says_what_it_must_be(name, value, expected):
    assert expected in check_option(name, value)


def test_a_page_declares_the_sites_attributes_then_its_own():
    site = {"docsSiteStr": "Acme Docs", "docsSectionStr": "home"}
    merged, problems = page_attributes(site, {"docsSectionStr": "billing"}, "billing.md")
    assert merged == {"docsSiteStr": "Acme Docs", "docsSectionStr": "billing"}
    assert problems == []


def test_a_pages_bad_attribute_is_left_out_and_reported_naming_the_page():
    merged, problems = page_attributes(
        {"docsSiteStr": "Acme"}, {"countNum": "1,200", "docs section": "x", "aStr": "b"}, "p.md"
    )
    assert merged == {"docsSiteStr": "Acme", "aStr": "b"}
    assert problems[0].startswith("p.md: attribute countNum: '1,200' has a thousands separator")
    assert problems[1].startswith("p.md: attribute docs section: a system name is letters")


def test_page_attributes_that_are_not_a_mapping_are_reported():
    merged, problems = page_attributes({"aStr": "b"}, "billing", "p.md")
    assert merged == {"aStr": "b"}
    assert problems == ["p.md: attributes must be a mapping of names to values, got 'billing'"]


def test_the_page_tags_are_the_macros():
    options = dict.fromkeys(TAG_OPTIONS)
    options.update(consent="pending", brand_id="B1")
    written = page_tags("key", "../kb/kustomer-bridge.js", options, {"aStr": "b"}, "sha384-x")
    assert written == str(
        chat_tag(
            "key", "../kb/kustomer-bridge.js", consent="pending", brand_id="B1",
            attributes={"aStr": "b"}, integrity="sha384-x",
        )
    )  # fmt: skip


def mkdocs_config(**options):
    config = mkdocs_plugin.KustomerBridgeConfig()
    config.load_dict({"api_key": "key", **options})
    return config.validate()


def test_the_mkdocs_plugin_takes_its_options_and_names_a_bad_one():
    assert mkdocs_config(consent="pending", attributes={"docsSiteStr": "Acme"}) == ([], [])
    [(name, error)], _ = mkdocs_config(load="later")
    assert name == "load" and "must be one of immediate, idle, interaction" in str(error)
    [(name, error)], _ = mkdocs_config(attributes={"docs site": "Acme"})
    assert name == "attributes" and "attribute docs site: a system name" in str(error)
    [(name, error)], _ = mkdocs_config(bundle_dir="../outside")
    assert name == "bundle_dir" and isinstance(error, ValidationError)
    [(name, error)], _ = mkdocs_config(api_key=None)  # !ENV KUSTOMER_API_KEY, unset
    assert name == "api_key" and str(error) == "Required configuration not provided."


def sphinx_config(**values):
    config = {"kustomer_api_key": "key", "kustomer_attributes": {}}
    config.update(("kustomer_" + name, None) for name in TAG_OPTIONS)
    config.update(values)
    return types.SimpleNamespace(**config)


def test_the_sphinx_extension_checks_its_config_values_naming_a_bad_one():
    sphinx_extension.check_config(None, sphinx_config(kustomer_runtime="py"))
    for values, expected in [
        ({"kustomer_runtime": "pypy"}, "kustomer_runtime must be one of mpy, py"),
        ({"kustomer_api_key": ""}, "kustomer_api_key must be your Kustomer Chat API key"),
        ({"kustomer_attributes": {"sizeNum": "big"}}, "kustomer_attributes: attribute sizeNum"),
        ({"kustomer_query_allow": "q"}, "kustomer_query_allow must be a list of strings"),
    ]:
        with pytest.raises(ConfigError, match=expected):
            sphinx_extension.check_config(None, sphinx_config(**values))


def test_sphinx_page_metadata_gives_the_pages_attributes():
    read = sphinx_extension.metadata_attributes
    assert read({"kustomer-docsSectionStr": "billing", "orphan": ""}) == {
        "docsSectionStr": "billing"
    }
    # MyST hands a front matter mapping over as JSON text
    assert read({"kustomer": '{"docsSectionStr": "billing", "countNum": 3}'}) == {
        "docsSectionStr": "billing",
        "countNum": 3,
    }
    assert read({"kustomer": "billing"}) == "billing"  # reported: not a mapping
