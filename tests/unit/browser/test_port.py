"""The port is defined once (browser/port.py): the JavaScript sends and runs only what it
defines, and docs/architecture.md's table is made from it."""

import re
from pathlib import Path

from bundle import generated
from kustomer_bridge.browser import port

WEB = Path(__file__).resolve().parents[3] / "web"


def javascript():
    return "\n".join(path.read_text() for path in sorted(WEB.rglob("*.*js")))


def test_every_event_the_javascript_sends_is_defined():
    """(Their fields are checked as they cross: the driver refuses a message whose field
    count is not the definition's, and the core likewise.)"""
    sent = set(re.findall(r'send\(\["(\w+)"', javascript()))
    assert sent == set(port.EVENT_FIELDS), "the JavaScript and the port differ"


def test_the_driver_runs_exactly_the_defined_commands():
    driver = (WEB / "boot" / "driver.mjs").read_text()
    runners = driver.split("const run = {", 1)[1].split("\n  };", 1)[0]
    names = re.findall(r"^    (\w+)(?::| \()", runners, re.M)
    assert sorted(names) == sorted(port.COMMAND_FIELDS)


def test_a_command_the_definition_lacks_is_refused():
    assert port.command("answer", 1, True, None) == ["answer", 1, True, None]
    for bad in (("answer", 1), ("settle", 1, True, None)):
        try:
            port.command(*bad)
        except (KeyError, ValueError):
            continue
        raise AssertionError("accepted %s" % (bad,))


def test_the_architecture_page_shows_the_port_as_defined():
    assert generated.ARCHITECTURE not in generated.stale(), "stale: run python build.py"
