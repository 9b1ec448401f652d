"""Exceptions raised by the bridge; each keeps what the SDK said, or what it failed to say."""


class KustomerError(Exception):
    """The Kustomer SDK called back with an error.

    ``message`` is the SDK error's message; ``status`` and ``code`` are kept when the SDK
    error carries them (API errors do), else ``None``.
    """

    def __init__(self, message, status=None, code=None, method=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.method = method

    def __str__(self):
        prefix = "Kustomer.%s failed: " % self.method if self.method else ""
        return prefix + self.message


class KustomerUnavailable(KustomerError):
    """The SDK never became ready (not loaded, never defined, start never called back)."""

    def __init__(self, reason):
        super().__init__(reason)

    def __str__(self):
        return self.message


class KustomerTimeout(KustomerError):
    """An SDK method did not call back within its deadline (``timeout_ms``).

    Kustomer's docs promise no callback: a network failure, an invalid JWT or a new SDK
    version can leave one out. A callback that still comes later is ignored.
    """

    def __init__(self, method, timeout_ms):
        super().__init__(
            "Kustomer.%s did not call back within %s" % (method, seconds(timeout_ms)),
            method=method,
        )
        self.timeout_ms = timeout_ms

    def __str__(self):
        return self.message


def seconds(ms):
    """``1500`` -> ``"1.5 s"``: how the bridge names a wait in its messages."""
    return "%g s" % (ms / 1000)


class NotStarted(KustomerError):
    """A call that reached Kustomer while it was not started (the page stopped it): it did
    nothing, and waits for the next start (the gate holds it again)."""

    def __init__(self):
        super().__init__("Kustomer was not started")


def threw(method, error):
    """The KustomerError for an SDK method that raised instead of calling back."""
    if not isinstance(error, KustomerError):  # the port's errors already carry the JS type
        error = KustomerError("%s: %s" % (type(error).__name__, error))
    return KustomerError("it threw " + error.message, method=method)
