"""The plugin's browser choice: Playwright's own build when installed, else the system's."""

from kustomer_bridge.pytest_plugin import (
    SYSTEM_CHROMIUM_FLAGS,
    with_system_browser,
    with_system_chromium,
    with_system_firefox,
)


def test_system_chromium_gets_its_path_and_flags(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.touch()
    args = with_system_chromium({"headless": True, "args": ["--mine"]}, path=str(chromium))
    assert args["executable_path"] == str(chromium) and args["headless"] is True
    assert args["args"] == ["--mine", *SYSTEM_CHROMIUM_FLAGS]


def test_system_firefox_goes_through_the_moz_firefox_channel(tmp_path):
    firefox = tmp_path / "firefox-esr"
    firefox.touch()
    assert with_system_firefox({}, path=str(firefox)) == {
        "channel": "moz-firefox",
        "executable_path": str(firefox),
    }


def test_missing_system_browsers_leave_the_args_alone(tmp_path):
    missing = str(tmp_path / "nothing")
    assert with_system_chromium({"a": 1}, path=missing) == {"a": 1}
    assert with_system_firefox({"a": 1}, path=missing) == {"a": 1}


def test_playwrights_own_build_or_an_explicit_choice_wins(tmp_path, monkeypatch):
    bundled = tmp_path / "ms-playwright-chrome"
    bundled.touch()
    assert with_system_browser({}, "chromium", str(bundled)) == {}
    assert with_system_browser({"channel": "chrome"}, "chromium", "/missing") == {
        "channel": "chrome"
    }
    assert with_system_browser({}, "webkit", "/missing") == {}
    monkeypatch.setenv("KUSTOMER_BRIDGE_FIREFOX", str(bundled))
    assert with_system_browser({}, "firefox", "/missing")["channel"] == "moz-firefox"
