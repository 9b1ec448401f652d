"""Copies of Python definitions, written where Python cannot be imported: the jinja2
macro's defaults (from kustomer_bridge/server/defaults.py) and docs/architecture.md's port
table (from kustomer_bridge/browser/port.py), each between two markers; and the README's
browser-support table, from the last full test run (test-results/browser-support.md) when
it had no failures. ``python build.py`` rewrites them; a unit test fails when one is stale."""

from kustomer_bridge.browser import port
from kustomer_bridge.server.defaults import KUSTOMER_WIDGET_URL, TAG_DEFAULTS

from .paths import ROOT, TEMPLATES


def template_defaults():
    return "\n".join(
        [
            '{%%- set kustomer_widget_url = "%s" %%}' % KUSTOMER_WIDGET_URL,
            '{%%- set default_consent = "%s" %%}' % TAG_DEFAULTS["consent"],
            '{%%- set default_load = "%s" %%}' % TAG_DEFAULTS["load"],
        ]
    )


def port_table():
    lines = ["| message | fields | what it says |", "|---|---|---|"]
    for heading, table in (
        ("events, JavaScript to Python", port.EVENTS),
        ("commands, Python to JavaScript", port.COMMANDS),
    ):
        lines.append("| **%s** | | |" % heading)
        for name, fields, meaning in table:
            lines.append("| `%s` | %s | %s |" % (name, ", ".join(fields) or "-", meaning))
    return "\n".join(lines)


TEMPLATE = TEMPLATES / "kustomer_bridge.html"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"
SUPPORT = ("<!-- browser-support:start -->", "<!-- browser-support:end -->")
SUPPORT_REPORT = ROOT / "test-results" / "browser-support.md"


def browser_support():
    """The last full run's table, if it passed; else the README's as it is."""
    if SUPPORT_REPORT.exists() and "failed" not in SUPPORT_REPORT.read_text():
        return SUPPORT_REPORT.read_text().strip()
    return README.read_text().split(SUPPORT[0], 1)[1].split(SUPPORT[1], 1)[0].strip()


# (file, start marker, end marker, what goes between them)
BLOCKS = (
    (TEMPLATE, "{#- defaults: start -#}", "{#- defaults: end -#}", template_defaults),
    (ARCHITECTURE, "<!-- port:start -->", "<!-- port:end -->", port_table),
    (README, *SUPPORT, browser_support),
)


def written(text, start, end, content):
    head, rest = text.split(start, 1)
    return head + start + "\n" + content() + "\n" + end + rest.split(end, 1)[1]


def stale():
    """The files whose copy differs from its definition."""
    return [
        path
        for path, start, end, content in BLOCKS
        if path.read_text() != written(path.read_text(), start, end, content)
    ]


def refresh():
    """Rewrite every stale copy; returns the files rewritten."""
    changed = stale()
    for path, start, end, content in BLOCKS:
        if path in changed:
            path.write_text(written(path.read_text(), start, end, content))
    return changed
