"""Exceptions raised by the bridge; both keep what the SDK said."""


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
