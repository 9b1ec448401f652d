"""Describe every new conversation once, with the page attributes of that moment.

``AutoDescriber.handle`` is the ``onConversationCreate`` handler. It claims the conversation
id (once per page, even with two bridges: the claim is shared through the page), captures the
attributes, and calls ``describe_conversation``; a failure is retried after about 1 s, then
3 s, and then reported as a ``describeFailed`` event. Nothing raises into the SDK or the page.
"""

RETRY_DELAYS_MS = (1000, 3000)


class AutoDescriber:
    def __init__(self, chat, capture, clock, log, emit, claim=None):
        self._chat = chat
        self._capture = capture
        self._clock = clock
        self._log = log
        self._emit = emit
        self._seen = set()
        self._claim = claim or self._claim_locally

    def handle(self, event):
        try:
            conversation_id = (event or {}).get("conversationId")
            if not conversation_id or not self._claim(str(conversation_id)):
                return
            attributes, problems = self._capture()
            for problem in problems:
                self._report(problem)
            self._send(str(conversation_id), attributes, 0)
        except Exception as error:
            self._log.error(
                "could not describe the conversation: %s: %s" % (type(error).__name__, error)
            )

    def _claim_locally(self, conversation_id):
        if conversation_id in self._seen:
            return False
        self._seen.add(conversation_id)
        return True

    def _report(self, problem):
        if problem.get("kept"):
            self._log.debug("attribute %s %s" % (problem["name"], problem["reason"]))
            return
        self._log.debug("attribute %s rejected: %s" % (problem["name"], problem["reason"]))
        self._emit("attributeRejected", problem)

    def _send(self, conversation_id, attributes, attempt):
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
                        "error": str(error),
                    },
                )

        result.add_done_callback(done)
