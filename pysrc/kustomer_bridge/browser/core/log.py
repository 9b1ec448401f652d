"""Console output with the ``[kustomer-bridge]`` prefix.

Configuration mistakes are reported once each, always; routine diagnostics only in debug.
The sink is a function ``sink(level, text)``: the browser passes ``console``, tests a list.
"""

PREFIX = "[kustomer-bridge]"


class Log:
    def __init__(self, sink, debug=False):
        self._sink = sink
        self.debug_enabled = bool(debug)
        self._reported = set()

    def debug(self, message):
        if self.debug_enabled:
            self._emit("debug", message)

    def warn(self, message):
        self._emit("warn", message)

    def error(self, message):
        self._emit("error", message)

    def config_error(self, message):
        """A mistake the site owner must fix: shown once per distinct message, always."""
        if message in self._reported:
            return
        self._reported.add(message)
        self._emit("error", message)

    def _emit(self, level, message):
        try:
            self._sink(level, PREFIX + " " + message)
        except Exception:  # a broken console must never break the bridge
            pass
