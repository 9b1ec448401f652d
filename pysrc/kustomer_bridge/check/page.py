"""What a page shows the check, in a real browser (Playwright; the test kit's system browsers).

The page loads as a visitor's would, but for Kustomer's widget.js URL, which the stub SDK
answers (``live``: the real widget.js, and nothing is created). Once Kustomer's start has
called back and the page's network has gone quiet (a tag manager has added its tags), the
bridge's tag has run and ``kustomerBridge.ready`` has settled (within the bridge's own bound),
the check reads the bridge's state and, with the stub, what the
bridge cost the page until chat was ready, creates one conversation and waits for its
describe (unless a file Python needs does not reach the page); last, it leaves the page and
comes back (the back/forward cache). Nothing leaves the machine but the page's own requests.
``look(url, ...)`` returns ``seen`` as findings.py reads it, or raises ``CannotCheck`` with
one line saying why.
"""

from ..testing.browsers import with_system_browser
from ..testing.stub import KustomerStub, serve_stub
from .delivery import python_cannot_load
from .placement import scripts_in
from .probes import NOT_RESTORED, READ_BRIDGE, READ_COST, READ_FILES, STARTED, WATCH

MESSAGE = "kustomer-bridge check: is this conversation described?"
SETTLE_BOUND_MS = 10000


class CannotCheck(Exception):
    """The page could not be checked (no browser, the page did not load): why, in one line."""


def look(playwright, url, browser="chromium", live=False, wait_ms=30000):
    """Load ``url`` in ``browser`` and return what the check saw (findings.py's ``seen``)."""
    engine = getattr(playwright, browser)
    options = with_system_browser({"headless": True}, browser, engine.executable_path)
    if browser == "chromium":  # Playwright turns Chromium's back/forward cache off
        options["ignore_default_args"] = ["--disable-back-forward-cache"]
    try:
        launched = engine.launch(**options)
    except Exception as error:
        raise CannotCheck("%s could not start (%s)" % (browser, first_line(error))) from None
    try:
        return look_in(launched.new_context(), url, live, wait_ms)
    except CannotCheck:
        raise
    except Exception as error:  # the page closed itself, a step timed out: said in one line
        raise CannotCheck(
            "the check could not finish on %s (%s)" % (url, first_line(error))
        ) from None
    finally:
        launched.close()


def look_in(context, url, live, wait_ms):
    lines, requests = [], {}
    if not live:
        serve_stub(context)
    page = context.new_page()
    page.add_init_script(WATCH)
    page.on("console", lambda message: bridge_line(lines, message))
    page.on("requestfinished", lambda request: requests.setdefault(request.url, request))
    try:
        response = page.goto(url, wait_until="load", timeout=wait_ms)
    except Exception as error:
        raise CannotCheck("%s did not load (%s)" % (url, first_line(error))) from None
    if response is not None and response.status >= 400:
        raise CannotCheck("%s answered HTTP %d" % (url, response.status))
    bound_ms = min(wait_ms, SETTLE_BOUND_MS)
    settle(page, bound_ms)
    seen = page.evaluate(READ_BRIDGE, [wait_ms, bound_ms])
    seen["scripts"] = scripts_in(response.text() if response is not None else "")
    stub = KustomerStub(page, console=[])
    seen.update(live=live, described=None, rejected=[], cost=None, bfcache=None, files=[])
    if seen["bridge"] is not None:
        seen["files"] = page.evaluate(
            READ_FILES, [seen["bridge"]["runtime"], seen["bridge"]["runner"]]
        )
    seen["early_calls"] = [] if live else [call["method"] for call in stub.dropped()]
    if not live and seen["ready"] == "ready":
        seen["cost"] = cost(page, requests)
        if not python_cannot_load(seen["files"]):  # else no describe can come
            seen["described"] = describe_one(stub, wait_ms)
    watched = page.evaluate("window.__check__")
    seen.update(violations=watched["violations"], rejected=watched["rejected"])
    seen["bridge_lines"] = list(lines)  # before the page is left and shown again
    if seen["bridge"] is not None:
        seen["bfcache"] = leave_and_come_back(page, wait_ms)
    return seen


def settle(page, bound_ms):
    """Wait until Kustomer's start has called back (a tag manager may add tags then), then
    until the page's network has been quiet for 500 ms, each at most ``bound_ms``: a page that
    never starts chat, or polls, is read as it is then."""
    try:
        page.wait_for_function(STARTED, timeout=bound_ms)
    except Exception:
        pass  # start never called back: the findings say what that means
    try:
        page.wait_for_load_state("networkidle", timeout=bound_ms)
    except Exception:
        pass  # never quiet: what the page has by now is what the check reads


def cost(page, requests):
    """What the page fetched from the bridge's folder before start called back: the files,
    their bytes as they crossed the network, and when chat was ready."""
    loaded = page.evaluate(READ_COST)
    if loaded is None:
        return None
    sizes = [requests[url].sizes()["responseBodySize"] for url in loaded["urls"] if url in requests]
    return {
        "files": [url[len(loaded["folder"]) :] for url in loaded["urls"]],
        "bytes": sum(sizes),
        "ready_ms": round(loaded["readyMs"]),
    }


def describe_one(stub, wait_ms):
    """Create a conversation in the stub: how it was described (and how many times, after
    everything queued went through), or None."""
    conversation = stub.create_conversation(MESSAGE)
    try:
        attributes = stub.expect_described(conversation, timeout=wait_ms)
    except AssertionError:
        return None
    stub.settle()
    times = stub.described_ids().count(conversation)
    return {"conversationId": conversation, "customAttributes": attributes, "times": times}


def leave_and_come_back(page, wait_ms):
    """Go to a blank page and back: whether the browser restored the page from its
    back/forward cache, and its reasons when not (Chromium gives them)."""
    page.goto("about:blank")
    # not go_back(), which waits for a load event a restored page never fires
    page.evaluate("() => { setTimeout(() => history.back()); }")
    page.wait_for_function("() => window.__check__?.restored !== undefined", timeout=wait_ms)
    restored = page.evaluate("window.__check__.restored")
    return {"restored": restored, "reasons": [] if restored else page.evaluate(NOT_RESTORED)}


def bridge_line(lines, message):
    if message.type in ("warning", "error") and message.text.startswith("[kustomer-bridge]"):
        lines.append([message.type, message.text])


def first_line(error):
    return str(error).strip().splitlines()[0]
