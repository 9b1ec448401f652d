"""A one-shot result that Python can ``await`` and a JavaScript callback can settle.

Works the same on CPython, Pyodide and MicroPython (whose ``await`` iterates the object)::

    result = Deferred()
    js_callback = result.resolve      # later: result.resolve(response)
    value = await result              # or raises what result.reject(error) was given
"""

import asyncio


class Deferred:
    """Settled once, by ``resolve(value)`` or ``reject(error)``; later settles are ignored."""

    def __init__(self):
        self._settled = False
        self._value = None
        self._error = None
        self._callbacks = []
        self._event = None

    def done(self):
        return self._settled

    def failed(self):
        return self._settled and self._error is not None

    def resolve(self, value=None):
        return self._settle(value, None)

    def reject(self, error):
        return self._settle(None, error)

    def settle(self, value=None, error=None):
        """As a node-style callback settles: rejected with ``error`` unless it is None."""
        return self._settle(None, error) if error is not None else self._settle(value, None)

    def result(self):
        """The value, or raise the error; ``RuntimeError`` while still pending."""
        if not self._settled:
            raise RuntimeError("result is not ready yet")
        if self._error is not None:
            raise self._error
        return self._value

    def error(self):
        return self._error

    def add_done_callback(self, callback):
        """Call ``callback(self)`` once settled (at once if it already is)."""
        if self._settled:
            callback(self)
        else:
            self._callbacks.append(callback)

    def _settle(self, value, error):
        if self._settled:
            return False
        self._settled = True
        self._value = value
        self._error = error
        if self._event is not None:
            self._event.set()
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self)
        return True

    async def _wait(self):
        if not self._settled:
            if self._event is None:
                self._event = asyncio.Event()
            await self._event.wait()
        return self.result()

    def __await__(self):
        waiting = self._wait()
        return waiting.__await__() if hasattr(waiting, "__await__") else waiting

    __iter__ = __await__


def settled(value=None, error=None):
    """A Deferred that is already resolved (or rejected when ``error`` is given)."""
    deferred = Deferred()
    deferred.settle(value, error)
    return deferred
