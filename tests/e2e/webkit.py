"""WebKit (Safari's engine) for the browser tests: Debian's WebKitGTK through Selenium.

Playwright cannot drive Debian's WebKitGTK, and WebKitWebDriver gives neither request
routing nor the console. So the SDK is the stub served by the local dist/ server
(``data-widget-src``), and each test page carries ``GUARD``, an inline script that records
console errors, ``[kustomer-bridge]`` warnings and uncaught errors, checked after the test
together with every resource the page fetched (all must come from the test servers).
``SeleniumPage`` gives the few Page methods the plugin's ``KustomerStub`` helper uses.
"""

import itertools
import os
import re
import subprocess
import time

from selenium import webdriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

WEBDRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
GUARD = """<script%s>
window.__guard = [];
for (const level of ["error", "warn"]) {
  const original = console[level];
  console[level] = function (...args) {
    const text = args.map(String).join(" ");
    if (level === "error" || text.includes("[kustomer-bridge]")) __guard.push(level + ": " + text);
    return original.apply(this, args);
  };
}
addEventListener("error", (event) => __guard.push("pageerror: " + event.message));
addEventListener("unhandledrejection", (event) => __guard.push("rejection: " + event.reason));
</script>"""
FUNCTION = re.compile(r"^\s*(async\s*)?(\(|function\b|[A-Za-z_$][\w$]*\s*=>)")


class SeleniumContext:
    """The one page's context: no console events to hear (the page guard records them)."""

    def __init__(self, page):
        self.pages = [page]

    def on(self, event, handler):
        pass


def start_xvfb():
    """A private X display (WebKitGTK needs one even for tests): (process, ":N")."""
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    return xvfb, ":" + xvfb.stdout.readline().decode().strip()


# JavaScriptCore without its optimizing WebAssembly tier (OMG): on a 2-core machine its
# background compiles of Pyodide's hot functions took as much CPU as the test (a Pyodide page
# 5-7 s alone, 12 s in the suite, against 3.8 s without), and the baseline tier (BBQ) runs the
# same WebAssembly: nothing the bridge does depends on which tier runs it.
ENGINE_ENV = {"JSC_useOMGJIT": "false"}
# WebKitGTK's WebAssembly on Linux now and then traps in code that runs in every other engine
# (https://bugs.webkit.org/show_bug.cgi?id=259441, tauri-apps/tauri#7154): seen once, in
# Pyodide's start, in a whole-suite run. A test that fails with it runs once more
# (test_webkit.py); any other failure fails.
ENGINE_TRAP = "Out of bounds memory access"


def start_webkit(display):
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    environment = {**os.environ, **ENGINE_ENV, "DISPLAY": display}
    service = Service(executable_path=WEBDRIVER, env=environment)
    return webdriver.WebKitGTK(options=options, service=service)


class SeleniumPage:
    """``goto``, ``evaluate``, ``wait_for_function`` and ``wait_for_timeout`` over a Selenium
    driver; one page, its own only frame, in a context of one page (for KustomerStub)."""

    def __init__(self, driver):
        self.driver = driver
        self.frames = [self]
        self.context = SeleniumContext(self)

    @property
    def url(self):
        return self.driver.current_url

    def wait_for_timeout(self, ms):
        time.sleep(ms / 1000)

    def goto(self, url):
        self.driver.get(url)

    def evaluate(self, expression, arg=None):
        call = "(%s)(arguments[0])" % expression if FUNCTION.match(expression) else expression
        outcome = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "Promise.resolve().then(() => %s).then("
            "(value) => done({value: value === undefined ? null : value}),"
            "(error) => done({error: String(error)}));" % call,
            arg,
        )
        if "error" in outcome:
            raise RuntimeError("in WebKit: %s" % outcome["error"])
        return outcome["value"]

    def wait_for_function(self, expression, arg=None, timeout=30000, polling=20):
        """Until ``expression`` is true; a TimeoutError after ``timeout`` ms, or at once (each
        second's check) when the engine's WebAssembly has trapped (ENGINE_TRAP)."""
        deadline = time.monotonic() + timeout / 1000
        for poll in itertools.count(1):
            if self.evaluate(expression, arg):
                return
            problems = self.evaluate("window.__guard || []") if poll % 50 == 0 else []
            trapped = any(ENGINE_TRAP in text for text in problems)
            if trapped or time.monotonic() > deadline:
                raise TimeoutError(
                    "WebKit: %s stayed false for %s; the page's console problems: %s"
                    % (
                        expression,
                        "ever (the engine trapped)" if trapped else "%d ms" % timeout,
                        self.evaluate("window.__guard || []"),
                    )
                )
            time.sleep(polling / 1000)

    def guard_problems(self, allowed_origins, expected):
        """Undeclared console problems, declared ones that never showed, foreign requests."""
        seen = self.evaluate("window.__guard || []")
        unexpected = [text for text in seen if not any(re.search(p, text) for p in expected)]
        missing = [p for p in expected if not any(re.search(p, text) for text in seen)]
        fetched = self.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
        foreign = [url for url in fetched if not url.startswith(tuple(allowed_origins))]
        return {
            name: found
            for name, found in (
                ("console problems not declared", unexpected),
                ("declared console messages that never showed", missing),
                ("requests to other hosts", foreign),
            )
            if found
        }
