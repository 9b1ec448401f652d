"""What ``window.kustomerBridge`` does once Python has taken over from the loader's buffer.

Values cross as JSON strings; results go back through the ``resolve``/``reject`` callbacks
the loader passes in (it turns them into Promises). Nothing here raises into the page.
"""

import json


class JsFace:
    def __init__(self, chat, attribute_store, log):
        self._chat = chat
        self._store = attribute_store
        self._log = log

    def describe_conversation(self, conversation_id, attributes_json, resolve, reject):
        try:
            result = self._chat.describe_conversation(conversation_id, json.loads(attributes_json))
        except Exception as error:
            reject(type(error).__name__, str(error))
            return
        result.add_done_callback(lambda done: settle(done, resolve, reject))

    def set_attributes(self, attributes_json):
        """Merge attributes set at run time; returns the JSON list of rejections."""
        try:
            values = json.loads(attributes_json)
            if not isinstance(values, dict):
                raise ValueError("setAttributes expects an object of attribute names to values")
            rejected = self._store.set_runtime(values)
        except Exception as error:
            self._log.config_error("setAttributes: %s" % error)
            rejected = [{"name": None, "reason": str(error)}]
        return json.dumps(rejected)

    def on(self, event, handler):
        """Subscribe a JS function that takes the payload as JSON; returns the unsubscribe."""
        return self._chat.on(event, lambda payload: handler(json.dumps(payload)))


def settle(done, resolve, reject):
    if done.failed():
        error = done.error()
        reject(type(error).__name__, str(error))
    else:
        resolve(json.dumps(done.result()))
