"""Helpers for browser tests that drive a page with the bridge."""


def boot(page, url, timeout=30000):
    """Open ``url`` and wait until Python has taken over window.kustomerBridge."""
    page.goto(url)
    page.wait_for_function(
        "() => window.kustomerBridge && window.kustomerBridge.runtime", timeout=timeout
    )


def ready_state(page):
    """'ready', or the error name and message ready rejected with."""
    return page.evaluate(
        "() => kustomerBridge.ready.then(() => 'ready', e => e.name + ': ' + e.message)"
    )


def boot_ready(page, url, timeout=30000):
    """``boot`` and require that Kustomer became ready through the bridge."""
    boot(page, url, timeout)
    state = ready_state(page)
    assert state == "ready", state
