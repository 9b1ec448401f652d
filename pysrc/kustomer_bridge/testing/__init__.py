"""The test kit a Kustomer site's own pytest suite gets (``pip install
"kustomer-bridge[test]"``); the pytest plugin (``kustomer_bridge.pytest_plugin``) wires it:

    stub.py      KustomerStub: the stub SDK in every page of a test's browser context, its
                 call log, assertions that wait, and the controls (faults, options)
    options.py   the kustomer marker's options, and configure()'s: one set of names
    browsers.py  the system's Chromium and Firefox when Playwright has none of its own
    contract.py  the stub's fidelity promises as tests: against the stub, or against
                 Kustomer's real widget.js (pytest --pyargs kustomer_bridge.testing.contract
                 --kustomer-live)

It runs in the test process (CPython), never in the browser.
"""
