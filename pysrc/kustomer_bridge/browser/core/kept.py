"""A kept describe: one ``describeConversation`` that Kustomer has not yet answered.

It is kept for the tab (the driver stores its *record*, port command ``keep``) from the
moment it begins until Kustomer's callback comes without an error, so that the next page of
the tab resumes it when this one goes first. The record is exactly what will be sent, after
redaction, and nothing else::

    {"key": "c1/5d0fa3b2", "conversationId": "c1", "customAttributes": {...},
     "patienceMs": 1800000, "delayed": false}

``key`` names the describe (a conversation and its attributes: the same describe asked twice
is one); ``patienceMs`` is how long it may still be tried (the driver turns it into a time
when it first stores it); ``delayed`` says that ``describeDelayed`` was said for it.

A failed attempt is tried again after ``retry_delay_ms``: 1 s, 2 s, 4 s … capped at 60 s,
each with jitter (segmentio/localstorage-retry, "Exponential Backoff And Jitter" on the AWS
Architecture Blog), for ``PATIENCE_MS`` in the tab.
"""

import json

PATIENCE_MS = 30 * 60 * 1000
RETRY_FIRST_MS = 1000
RETRY_CAP_MS = 60000


class KeptDescribe:
    """A describe of this page's core, from its first attempt to its outcome."""

    def __init__(self, conversation_id, attributes, delayed=False, timeout_ms=None):
        self.conversation_id = conversation_id
        self.attributes = attributes
        self.key = describe_key(conversation_id, attributes)
        self.delayed = delayed
        self.attempts = 0
        self.in_flight = False
        self.expired = False
        self.error = None  # what the last failed attempt raised
        self.callers = []  # Deferreds of the page's requests for this describe
        self.timeout_ms = timeout_ms  # each attempt's deadline (None: data-call-timeout-ms)
        self.cancel_retry = None  # while a retry is scheduled
        self.cancel_patience = None

    def record(self, patience_ms=PATIENCE_MS):
        """What the driver stores for the tab (the module docstring's shape)."""
        return {
            "key": self.key,
            "conversationId": self.conversation_id,
            "customAttributes": self.attributes,
            "patienceMs": patience_ms,
            "delayed": self.delayed,
        }

    def stop_timers(self):
        for cancel in (self.cancel_retry, self.cancel_patience):
            if cancel is not None:
                cancel()
        self.cancel_retry = self.cancel_patience = None


def describe_key(conversation_id, attributes):
    """``conversationId/hash of the attributes``: equal for equal describes, in every runtime
    (MicroPython's dicts keep no order, so the attributes are sorted first)."""
    canonical = json.dumps(sorted(attributes.items()))
    return "%s/%08x" % (conversation_id, fnv1a(canonical))


def fnv1a(text):
    """The 32-bit FNV-1a hash of ``text``: the same on CPython, Pyodide and MicroPython."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def retry_delay_ms(attempts, key):
    """How long to wait after ``attempts`` failed attempts: between half and all of
    1 s, 2 s, 4 s … 60 s, the share drawn from the describe's key and the attempt (pages that
    failed together do not all try again together; a test can predict it)."""
    ceiling = min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** min(attempts - 1, 16))
    share = fnv1a("%s#%d" % (key, attempts)) / 0x100000000
    return int(ceiling * (1 + share) / 2)


def is_final(error):
    """Kustomer refused the describe itself (a 4xx status other than 408 and 429: say, an
    attribute that is not activated): trying again cannot help."""
    status = getattr(error, "status", None)
    return isinstance(status, int) and 400 <= status < 500 and status not in (408, 429)
