"""The browsers a site's tests run in: Playwright's own builds when installed, else the
system's (Debian's Chromium, and Firefox ESR through Playwright's moz-firefox channel), with
the flags they need: ``--browser chromium --browser firefox`` works with no set-up."""

import os

SYSTEM_CHROMIUM = "/usr/bin/chromium"
SYSTEM_FIREFOX = "/usr/bin/firefox-esr"
SYSTEM_CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def with_system_chromium(launch_args, path=None):
    """pytest-playwright launch args for a system Chromium (e.g. Debian's, run as root in CI).

    ``path`` defaults to $KUSTOMER_BRIDGE_CHROMIUM, then /usr/bin/chromium; when neither
    exists the args are returned unchanged (Playwright's own browser is used)::

        @pytest.fixture(scope="session")
        def browser_type_launch_args(browser_type_launch_args):
            return with_system_chromium(browser_type_launch_args)
    """
    path = path or os.environ.get("KUSTOMER_BRIDGE_CHROMIUM") or SYSTEM_CHROMIUM
    if not os.path.exists(path):
        return launch_args
    args = list(launch_args.get("args") or [])
    args.extend(flag for flag in SYSTEM_CHROMIUM_FLAGS if flag not in args)
    return {**launch_args, "executable_path": path, "args": args}


def with_system_firefox(launch_args, path=None):
    """pytest-playwright launch args for a system Firefox (e.g. Debian's ESR), driven over
    WebDriver BiDi (``moz-firefox``); ``path`` defaults to $KUSTOMER_BRIDGE_FIREFOX, then
    /usr/bin/firefox-esr; unchanged when neither exists."""
    path = path or os.environ.get("KUSTOMER_BRIDGE_FIREFOX") or SYSTEM_FIREFOX
    if not os.path.exists(path):
        return launch_args
    return {**launch_args, "channel": "moz-firefox", "executable_path": path}


SYSTEM_BROWSERS = {"chromium": with_system_chromium, "firefox": with_system_firefox}


def with_system_browser(launch_args, browser_name, bundled_path):
    """Playwright's own build of ``browser_name`` when it is installed at ``bundled_path``
    (or the args already choose a browser), else the system's."""
    chosen = launch_args.get("executable_path") or launch_args.get("channel")
    if chosen or os.path.exists(bundled_path) or browser_name not in SYSTEM_BROWSERS:
        return launch_args
    return SYSTEM_BROWSERS[browser_name](launch_args)
