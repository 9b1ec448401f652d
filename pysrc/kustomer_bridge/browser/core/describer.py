"""Describe every new conversation once, with the page attributes of its moment.

``AutoDescriber.handle(payload, snapshot)`` takes each ``conversationCreated`` port event
(the loader hears onConversationCreate from each start's completion on, and keeps the events
of before Python took over, each with the page snapshot of its moment). It claims the
conversation id (once per page), captures the attributes, and calls ``describe_conversation``;
a failure or a timeout is retried after about 1 s, then 3 s, and then reported as a
``describeFailed`` event. Nothing raises into the SDK or the page.
"""

RETRY_DELAYS_MS = (1000, 3000)


class AutoDescriber:
    def __init__(self, chat, capture, clock, log, emit):
        self._chat = chat
        self._capture = capture  # capture(snapshot) -> (attributes, problems)
        self._clock = clock
        self._log = log
        self._emit = emit
        self._seen = set()

    def handle(self, payload, snapshot):
        """Describe the conversation of an ``onConversationCreate`` payload, once;
        ``snapshot`` is the page as it was when the event fired."""
        try:
            conversation_id = conversation_id_of(payload)
            if conversation_id is None:
                self._log.debug("onConversationCreate without a conversationId: %r" % (payload,))
                return
            if conversation_id in self._seen:
                return
            self._seen.add(conversation_id)
            attributes, problems = self._capture(snapshot)
            for problem in problems:
                self._report(problem)
            self._send(conversation_id, attributes, 0)
        except Exception as error:
            self._log.error(
                "could not describe the conversation: %s: %s" % (type(error).__name__, error)
            )

    def _report(self, problem):
        if problem.get("kept"):
            self._log.debug("attribute %s %s" % (problem["name"], problem["reason"]))
            return
        self._log.debug("attribute %s rejected: %s" % (problem["name"], problem["reason"]))
        self._emit("attributeRejected", problem)

    def _send(self, conversation_id, attributes, attempt):
        # describeConversation is idempotent: the same id with the same attributes sets the
        # same values again. So a retry after a timeout is safe even when the first call did
        # reach Kustomer and only its confirmation was lost.
        result = self._chat.describe_conversation(conversation_id, attributes)

        def done(outcome):
            if not outcome.failed():
                self._emit(
                    "describeSent",
                    {
                        "conversationId": conversation_id,
                        "customAttributes": attributes,
                        "attempts": attempt + 1,
                    },
                )
            elif attempt < len(RETRY_DELAYS_MS):
                self._clock.call_later(
                    RETRY_DELAYS_MS[attempt],
                    lambda: self._send(conversation_id, attributes, attempt + 1),
                )
            else:
                error = outcome.error()
                self._log.debug(
                    "describeConversation failed for %s after %d attempts: %s"
                    % (conversation_id, attempt + 1, error)
                )
                self._emit(
                    "describeFailed",
                    {
                        "conversationId": conversation_id,
                        "customAttributes": attributes,
                        "reason": str(error),
                    },
                )

        result.add_done_callback(done)


def conversation_id_of(event):
    """The payload's ``conversationId`` as a non-empty string (numbers too), else None."""
    value = event.get("conversationId") if isinstance(event, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None
