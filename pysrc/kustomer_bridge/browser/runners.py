"""Where the core runs (core/machine.py's Machine): each runner only hands the driver a
function that takes a JSON list of port events and returns the JSON list of commands
(port.py).

``worker_handle`` is the default: the boot module's worker runs the runtime and calls it for
each message, Python off the page's main thread; it never touches ``window`` or
``document``. ``run_on_main_thread`` (in PyScript) is the main-thread runner: for a page with
Python but no PyScript of its own, for data-runner="main", and when a worker cannot start.
"""

from .core.machine import Machine


def worker_handle():
    return Machine().handle_json


def run_on_main_thread():
    """Connect the core in a task of its own, not inside the runtime's long start-up task:
    the driver gets a function that makes a core (again, should one fail)."""
    import asyncio

    import js
    from pyscript.ffi import create_proxy

    def new_core():
        return create_proxy(Machine().handle_json)

    async def connect():
        await asyncio.sleep(0)
        js.window.__kustomerBridge__.connectMainThread(create_proxy(new_core))

    asyncio.get_event_loop().create_task(connect())
