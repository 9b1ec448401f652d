"""Every describe counted done only when Kustomer has answered it, and kept until then.

``created(payload, snapshot)`` takes each ``conversationCreated`` port event: it takes the
conversation id (once per page), captures the attributes of that moment and describes them.
``describe(conversation_id, attributes)`` is the page's own describe (``kustomerBridge`` or
the Python API). Either way the describe is *kept* (kept.py; the ``keep`` command) until
Kustomer's callback comes without an error (``forget``, then ``describeSent``), and
``adopt(records)`` takes the describes the tab keeps (at boot, and when the page comes back
from the back/forward cache): it resumes those this page does not have, once it has claimed
them (``claim``, then ``claimed``: no other page of the site is describing them, as a frame of
the same tab or a duplicated tab would be), and lets go of its own that another page of the
tab has finished meanwhile.

A failed attempt (no callback within its deadline, a network error) is tried again with
backoff, and at once when the network is back or the tab shown again (``wake``), for
``PATIENCE_MS`` in the tab: ``describeDelayed`` says once that it is late and why,
``describeFailed`` once that it is given up. A describe Kustomer refuses (a 4xx) is given
up at once. While Kustomer is unavailable on this page, its describes wait, kept, for a page
of the tab where it is. Nothing raises into the SDK or the page.
"""

from .deferred import Deferred
from .errors import KustomerError, KustomerUnavailable, seconds
from .kept import PATIENCE_MS, KeptDescribe, is_final, retry_delay_ms


class Describer:
    """``tab`` carries out the tab's part: ``keep(record)`` (store it for the tab),
    ``forget(key)``, ``claim(key)`` (ask for it; the answer comes to ``claimed``)."""

    def __init__(self, gate, capture, clock, log, emit, tab):
        self._gate = gate
        self._capture = capture  # capture(snapshot) -> (attributes, problems)
        self._clock = clock
        self._log = log
        self._emit = emit  # emit(bridge event, payload)
        self._tab = tab
        self._taken = set()  # conversation ids this page describes, or leaves to the page that does
        self._pending = {}  # key -> KeptDescribe
        self._claiming = {}  # key -> (KeptDescribe, patience_ms): asked for, not yet had

    def created(self, payload, snapshot):
        """Describe the conversation of an ``onConversationCreate`` payload, once;
        ``snapshot`` is the page as it was when the event fired."""
        try:
            conversation_id = conversation_id_of(payload)
            if conversation_id is None:
                self._log.debug("onConversationCreate without a conversationId: %r" % (payload,))
                return
            if conversation_id in self._taken:
                return
            self._taken.add(conversation_id)
            attributes, problems = self._capture(snapshot)
            for problem in problems:
                self._report(problem)
            self._begin(KeptDescribe(conversation_id, attributes), PATIENCE_MS)
        except Exception as error:
            self._log.error(
                "could not describe the conversation: %s: %s" % (type(error).__name__, error)
            )

    def describe(self, conversation_id, attributes, timeout_ms=None):
        """The page's describe: a Deferred of Kustomer's answer; KustomerUnavailable at once
        while Kustomer cannot come to this page (the describe stays kept for the tab)."""
        result = Deferred()
        self._begin(
            KeptDescribe(conversation_id, attributes, timeout_ms=timeout_ms), PATIENCE_MS, result
        )
        return result

    def adopt(self, records):
        """The describes the tab keeps now: resume the ones this page lacks; one of this
        page's that the tab no longer keeps was finished by another page."""
        keys = set()
        for record in records:
            try:
                describe = KeptDescribe(
                    record["conversationId"], record["customAttributes"], record.get("delayed")
                )
                keys.add(describe.key)
                self._taken.add(describe.conversation_id)
                if describe.key not in self._pending and describe.key not in self._claiming:
                    self._claiming[describe.key] = (describe, record["patienceMs"])
                    self._tab.claim(describe.key)
            except Exception as error:
                self._log.debug("a kept describe could not be read: %r (%s)" % (record, error))
        for key in [key for key in self._pending if key not in keys]:
            self._log.debug("describe %s was finished by another page of the tab" % key)
            self._finish(self._pending[key], None, None)

    def claimed(self, key, granted):
        """The answer to ``claim``: resume the describe, or leave it to the page that has it."""
        describe, patience_ms = self._claiming.pop(key, (None, 0))
        if describe is None or describe.key in self._pending:
            return
        if not granted:
            self._log.debug("describe %s is under way in another page" % key)
            return
        self._log.debug("resuming the describe of %s" % describe.conversation_id)
        self._begin(describe, patience_ms)

    def wake(self, reason):
        """The network is back, or the tab is shown again: try the waiting describes now."""
        for describe in list(self._pending.values()):
            if describe.cancel_retry is not None:
                self._log.debug("trying %s again at once: %s" % (describe.key, reason))
                describe.cancel_retry()
                self._attempt(describe)

    # -- one describe, from its first attempt to its outcome ---------------------------------

    def _begin(self, describe, patience_ms, caller=None):
        """Keep and try ``describe`` (or join the same one under way); ``caller``, a
        Deferred, settles with its outcome on this page."""
        if caller is not None:
            describe.callers.append(caller)
        pending = self._pending.get(describe.key)
        if pending is not None:
            pending.callers += describe.callers
            return
        self._tab.keep(describe.record(patience_ms))
        if self._gate.state == "failed":
            self._say_delayed(describe, self._gate.failure)
            if caller is not None:
                caller.reject(self._gate.failure)
            return
        self._pending[describe.key] = describe
        describe.cancel_patience = self._clock.call_later(
            max(0, patience_ms), lambda: self._patience_over(describe)
        )
        if patience_ms > 0:
            self._attempt(describe)

    def _attempt(self, describe):
        describe.cancel_retry = None
        describe.attempts += 1
        describe.in_flight = True
        options = {
            "conversationId": describe.conversation_id,
            "customAttributes": describe.attributes,
        }
        result = self._gate.call("describeConversation", [options], timeout_ms=describe.timeout_ms)
        result.add_done_callback(lambda outcome: self._answered(describe, outcome))

    def _answered(self, describe, outcome):
        describe.in_flight = False
        if self._pending.get(describe.key) is not describe:
            return  # finished by another page meanwhile
        if not outcome.failed():
            self._done(describe, outcome.result())
            return
        describe.error = error = outcome.error()
        if is_final(error) or describe.expired:
            self._give_up(describe, error)
        elif isinstance(error, KustomerUnavailable):
            self._say_delayed(describe, error)
            self._park(describe, error)
        else:
            self._say_delayed(describe, error)
            delay = retry_delay_ms(describe.attempts, describe.key)
            self._log.debug(
                "describe %s failed (%s); again in %s" % (describe.key, error, seconds(delay))
            )
            describe.cancel_retry = self._clock.call_later(delay, lambda: self._attempt(describe))

    def _patience_over(self, describe):
        describe.cancel_patience = None
        describe.expired = True
        if not describe.in_flight and self._pending.get(describe.key) is describe:
            self._give_up(describe, describe.error)

    def _say_delayed(self, describe, error):
        if describe.delayed:
            return
        describe.delayed = True
        self._tab.keep(describe.record())  # the driver keeps the time it first stored
        self._emit(
            "describeDelayed",
            {
                "conversationId": describe.conversation_id,
                "reason": str(error),
                "attempts": describe.attempts,
            },
        )

    def _park(self, describe, error):
        """Kustomer cannot come to this page: its callers hear so; the tab keeps it."""
        del self._pending[describe.key]
        describe.stop_timers()
        for caller in describe.callers:
            caller.reject(error)

    def _done(self, describe, response):
        self._finish(describe, response, None)
        self._emit(
            "describeSent",
            {
                "conversationId": describe.conversation_id,
                "customAttributes": describe.attributes,
                "attempts": describe.attempts,
            },
        )

    def _give_up(self, describe, error):
        if describe.expired:
            error = KustomerError(
                "not described within %s (%s)" % (minutes(PATIENCE_MS), error or "never answered")
            )
        self._log.debug("describe %s given up: %s" % (describe.key, error))
        self._finish(describe, None, error)
        self._emit(
            "describeFailed",
            {
                "conversationId": describe.conversation_id,
                "customAttributes": describe.attributes,
                "reason": str(error),
            },
        )

    def _finish(self, describe, response, error):
        """The tab forgets the describe; its callers settle."""
        del self._pending[describe.key]
        describe.stop_timers()
        self._tab.forget(describe.key)
        for caller in describe.callers:
            caller.settle(response, error)

    def _report(self, problem):
        if problem.get("kept"):
            self._log.debug("attribute %s %s" % (problem["name"], problem["reason"]))
            return
        self._log.debug("attribute %s rejected: %s" % (problem["name"], problem["reason"]))
        self._emit("attributeRejected", problem)


def minutes(ms):
    return "%d min" % (ms // 60000)


def conversation_id_of(event):
    """The payload's ``conversationId`` as a non-empty string (numbers too), else None."""
    value = event.get("conversationId") if isinstance(event, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None
