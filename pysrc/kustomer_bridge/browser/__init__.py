"""Everything that runs in the browser. The build ships this folder whole (with the package's
``__init__``); nothing here imports the server side.

    core/        the sans-IO core: port events in, port commands out (no I/O, no js)
    attributes/  a page snapshot becomes Kustomer custom attributes (values, redaction,
                 the privacy settings)
    port.py      the port: every event and command between JavaScript and the core
    runners.py   where the core runs: a worker (the default) or the main thread
    api.py       KustomerChat, the Python API, over the call gate or over the port
    client.py    the page's own Python: the API over the port, through the loader
    arguments.py the API's argument checks
"""
