"""The sans-IO core, in the style of h11: it never reads the page, sets a timer or calls
Kustomer itself; it takes port events and returns port commands.

    machine.py    Machine: port events in, port commands out; builds the rest at boot
    gate.py       CallGate: every SDK call held until start() completed, then flushed
    call_queue.py the calls held, and their flush order
    listeners.py  one SDK listener per Kustomer event, fanned out to Python handlers
    describer.py  every new conversation described once, with the page of its moment;
                  each describe kept until Kustomer answers it, retried with backoff
    kept.py       a kept describe: its record for the tab, its key, its backoff
    sdk.py        the SDK port (its interface, and as port commands) and the clock
    deferred.py   Deferred: a one-shot result Python awaits and a callback settles
    errors.py     KustomerError, KustomerTimeout, KustomerUnavailable
    log.py        console lines with the [kustomer-bridge] prefix
"""
