"""The port is defined once (browser/port.py) and each side makes and reads its messages by
the fields' names. Python's side is here and in test_machine.py (the core's handlers take
the fields by name); JavaScript's in tests/js/ (node --test: every sender and the driver's
dispatcher, over web/port/generated.mjs), which must be the build's copy of port.py."""

import ast
from pathlib import Path

import pytest

from bundle import generated
from kustomer_bridge.browser import port


def test_a_command_is_made_from_its_fields_by_name_in_the_defined_order():
    made = port.command("answer", value=None, ok=True, request_id=1)
    assert made == ["answer", 1, True, None]
    assert port.command("cancelTimer", timer_id=4) == ["cancelTimer", 4]


@pytest.mark.parametrize(
    "name, fields",
    [
        ("answer", {"request_id": 1, "ok": True}),  # dropped
        ("answer", {"requestId": 1, "ok": True, "value": None}),  # the JavaScript's name
        ("answer", {"request_id": 1, "ok": True, "value": None, "extra": 0}),  # added
        ("settle", {"request_id": 1}),  # not a command
    ],
)
def test_a_command_the_definition_does_not_have_is_refused(name, fields):
    with pytest.raises((KeyError, ValueError)):
        port.command(name, **fields)


def test_every_command_the_core_makes_is_made_by_name():
    """A positional call would bind by order again: the core's sources never make one."""
    core = Path(port.__file__).parent / "core"
    for path in core.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "command":
                assert len(node.args) == 1, "%s:%d" % (path.name, node.lineno)


def test_the_javascript_copy_of_the_port_is_the_builds():
    assert generated.SEAM not in generated.stale(), "stale: run python build.py"


def test_the_architecture_page_shows_the_port_as_defined():
    assert generated.ARCHITECTURE not in generated.stale(), "stale: run python build.py"


def keys_read(path, name):
    """The constant keys a module reads of the variable ``name``: ``name.get("k")``,
    ``name["k"]``."""
    keys = set()
    for node in ast.walk(ast.parse(Path(path).read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and getattr(node.func.value, "id", None) == name
        ):
            keys.add(node.args[0].value)
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == name:
            keys.add(node.slice.value)
    return keys


@pytest.mark.parametrize(
    "module, name, payload",
    [
        ("attributes/page.py", "snapshot", "snapshot"),
        ("core/machine.py", "sdk", "sdk"),
        ("core/sdk.py", "sdk", "sdk"),
        ("port.py", "info", "error"),
    ],
)
def test_python_reads_only_the_payloads_fields(module, name, payload):
    read = keys_read(Path(port.__file__).parent / module, name)
    assert read and read <= set(port.PAYLOAD_FIELDS[payload])
