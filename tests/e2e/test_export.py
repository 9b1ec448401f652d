"""A bundle exported by the installed wheel, on a static host that sends exactly what its
``_headers`` file says, loaded cross-origin by a tag pinned with its Subresource Integrity
hash."""

import functools
import http.server
import threading

import pytest

from kustomer_bridge.server.serve import LocalServer

from pages import assert_one_conversation_described, boot_ready, order_page_with_pinned_tag

# The session's wheel, venv and tarball are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")


class HeadersFileHandler(http.server.SimpleHTTPRequestHandler):
    """A Netlify-like static host: the headers of each path come from ``_headers`` alone."""

    rules = {}

    def guess_type(self, path):
        return "application/octet-stream"  # only _headers may say what a file is

    def end_headers(self):
        for name, value in self.rules.get(self.path.split("?")[0], []):
            self.send_header(name, value)
        super().end_headers()

    def send_header(self, keyword, value):
        if keyword == "Content-type" and self.rules.get(self.path.split("?")[0]):
            return  # replaced by the _headers Content-Type
        super().send_header(keyword, value)

    def log_message(self, format, *args):
        pass


def read_headers_file(text):
    rules, path = {}, None
    for line in text.splitlines():
        if line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[path].append((name, value))
        else:
            path = line
            rules[path] = []
    return rules


@pytest.fixture(scope="module")
def exported_host(tmp_path_factory, installed):
    """``python -m kustomer_bridge export`` run by the installed wheel, on a _headers host."""
    folder = tmp_path_factory.mktemp("exported")
    result = installed.run("-m", "kustomer_bridge", "export", str(folder), cwd=folder)
    assert result.returncode == 0, result.stderr
    handler = type(
        "Host",
        (HeadersFileHandler,),
        {"rules": read_headers_file((folder / "_headers").read_text())},
    )
    server = LocalServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1], folder
    server.shutdown()


def test_an_exported_bundle_on_a_static_host_with_its_headers_file(
    page, site_page, exported_host, kustomer_stub, runtime, guard
):
    host, folder = exported_host
    boot_ready(page, order_page_with_pinned_tag(site_page, host, folder, runtime, "A-7"))
    assert_one_conversation_described(kustomer_stub, "A-7")


def test_the_plugin_serves_the_installed_bundle_for_a_sites_own_tests(
    page, site_page, kustomer_bridge_url, kustomer_stub, runtime, guard
):
    tag = (
        '<script src="%skustomer-bridge.js" data-kustomer-api-key="k" data-runtime="%s" '
        "defer></script>" % (kustomer_bridge_url, runtime)
    )
    boot_ready(page, site_page('<meta name="kustomer:orderNumberStr" content="A-8">' + tag))
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert attributes["orderNumberStr"] == "A-8"
