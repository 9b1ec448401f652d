"""The stub SDK's options, as the ``kustomer`` marker and ``KustomerStub.configure`` take them.

    @pytest.mark.kustomer(load_latency_ms=0, fail={"login": "invalid token"})

Each is a field of the stub's config (web/kustomer-stub.js): ``load_latency_ms`` (until the
rest of the SDK arrives), ``start_latency_ms`` (until start calls back), ``call_latency_ms``
(until each other callback), ``fail_load`` (the rest of the SDK never arrives),
``availability`` (what isChatAvailable answers: online, offline, hidden or disabled),
``known_attributes`` (custom attribute names; a describe call with another fails, as an
attribute not activated on the klass would), ``fail`` ({method: message}, or {method:
{message, status, code, times}}: the next calls of method call back with an Error; start
too). The marker alone also takes ``allow_dropped=True``: the test provokes the classic race
(a call before start's callback) on purpose.
"""

STUB_OPTIONS = {
    "load_latency_ms": "loadLatencyMs",
    "start_latency_ms": "startLatencyMs",
    "call_latency_ms": "callLatencyMs",
    "fail_load": "failLoad",
    "availability": "availability",
    "known_attributes": "knownAttributes",
    "fail": "failNext",
}


def stub_config(options):
    """The stub's config for ``options``; an option it does not know raises, naming it."""
    config = {}
    for name, value in options.items():
        if name not in STUB_OPTIONS:
            raise ValueError(
                "unknown kustomer stub option %r (the options: %s, and on the marker "
                "allow_dropped)" % (name, ", ".join(sorted(STUB_OPTIONS)))
            )
        config[STUB_OPTIONS[name]] = failures(value) if name == "fail" else value
    return config


def failures(fail):
    """``{"login": "message"}`` or ``{"login": {"message": ..., "status": ...}}``."""
    if not isinstance(fail, dict):
        raise ValueError("kustomer stub option fail must be a dict of method -> message")
    return {
        method: spec if isinstance(spec, dict) else {"message": str(spec)}
        for method, spec in fail.items()
    }


def marker_options(item):
    """``(stub options, allow_dropped)`` from a test's ``kustomer`` markers (a test's own
    over its class's and module's)."""
    options = {}
    for marker in reversed(list(item.iter_markers("kustomer"))):
        if marker.args:
            raise ValueError("the kustomer marker takes keyword options only, got %r" % marker.args)
        options.update(marker.kwargs)
    allow_dropped = bool(options.pop("allow_dropped", False))
    stub_config(options)  # an unknown option fails the test at once, naming it
    return options, allow_dropped
