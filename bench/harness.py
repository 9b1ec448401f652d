"""What the benches share: the pages' integrations (Kustomer's plain JavaScript recipe and the
bridge's tags as the macro writes them), the scripts that open chat and time its describe,
gzip-serving local origins, and renderer memory (the private memory of the renderer
processes a load started, after a garbage collection in the page and in its workers).
"""

import argparse
import gzip
import io
import json
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bundle.dist import build_dist  # noqa: E402
from bundle.paths import DIST  # noqa: E402
from bundle.serve import Handler, make_server  # noqa: E402
from kustomer_bridge import stub_path  # noqa: E402
from kustomer_bridge.pytest_plugin import with_system_chromium  # noqa: E402
from kustomer_bridge.server.tag import chat_tag  # noqa: E402

# What the benches take from here, the build's and the package's included.
__all__ = [
    "DIST",
    "INSTRUMENT_DESCRIBE",
    "OPEN_AND_CREATE",
    "PAGE",
    "RECIPE",
    "ROOT",
    "bench_command",
    "bridge_page_tag",
    "build_dist",
    "collect_garbage",
    "memory_mb",
    "renderer_pids",
    "serve",
    "stub_path",
    "with_system_chromium",
]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Order A-1001</title></head><body><h1>Order A-1001</h1>{integration}</body></html>"""
RECIPE = """<script>
  function describe(response) {
    Kustomer.describeConversation({conversationId: response.conversationId,
      customAttributes: {pageUrl: location.href, pageTitleStr: document.title}});
  }
  window.startChat = function (done) {
    Kustomer.start({brandId: "brand-1"}, function () {
      Kustomer.addListener("onConversationCreate", describe);
      if (done) done();
    });
  };
  window.addEventListener("kustomerLoaded", function () { startChat(); });
</script>
<script src="{widget}" data-kustomer-api-key="k"></script>"""
INSTRUMENT_DESCRIBE = """() => {
  window.__describes = [];
  window.__waiting = null;
  const original = Kustomer.describeConversation;
  Kustomer.describeConversation = function (options) {
    const now = performance.now();
    window.__describes.push([now, options.conversationId]);
    const waiting = window.__waiting;
    if (waiting && waiting[0] === options.conversationId) waiting[1](now);
    return original.apply(this, arguments);
  };
}"""
# The visitor opens chat and a conversation is created at once: from then until Kustomer's
# describeConversation for it (INSTRUMENT_DESCRIBE), and until Python took over (bootMs).
OPEN_AND_CREATE = """async () => {
  const opened = performance.now();
  const described = new Promise((done) => { window.__waiting = [null, done]; });
  Kustomer.open();
  window.__waiting[0] = KustomerStub.createConversation("as chat opens");
  const seen = window.__describes.find(([, id]) => id === window.__waiting[0]);
  const at = seen ? seen[0] : await described;
  return {opened, described: at};
}"""


class GzipHandler(Handler):
    """Static files, gzip-encoded when the browser accepts it, visible to Resource Timing."""

    cache = {}

    def end_headers(self):
        self.send_header("Timing-Allow-Origin", "*")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory):
    server = make_server(directory, handler_class=GzipHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def renderer_pids():
    """The process ids of the Chromium renderers under this process."""
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(pid))
    found, stack = [], [os.getpid()]
    while stack:
        for pid in children.get(stack.pop(), []):
            stack.append(pid)
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as cmdline:
                    if b"--type=renderer" in cmdline.read():
                        found.append(pid)
            except OSError:
                continue
    return found


def renderers():
    """{pid: private memory in KB} of each Chromium renderer process under this one."""
    found = {}
    for pid in renderer_pids():
        try:
            with open("/proc/%d/smaps_rollup" % pid) as rollup:
                found[pid] = sum(
                    int(line.split()[1])
                    for line in rollup
                    if line.startswith(("Private_Clean:", "Private_Dirty:"))
                )
        except OSError:
            continue
    return found


def collect_garbage(page):
    """A full garbage collection in the page and in every worker of the browser: a worker's
    heap is its own, which the page's collection leaves as it is. A worker is reached
    through the browser's session (Target.sendMessageToTarget); its answer is awaited."""
    page.context.new_cdp_session(page).send("HeapProfiler.collectGarbage")
    browser = page.context.browser.new_browser_cdp_session()
    answered = set()
    browser.on("Target.receivedMessageFromTarget", lambda event: answered.add(event["sessionId"]))
    sessions = [
        browser.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})[
            "sessionId"
        ]
        for target in browser.send("Target.getTargets")["targetInfos"]
        if target["type"] == "worker"
    ]
    collect = json.dumps({"id": 1, "method": "HeapProfiler.collectGarbage"})
    for session in sessions:
        browser.send("Target.sendMessageToTarget", {"sessionId": session, "message": collect})
    for _ in range(1000):  # each round trip lets the answers in
        if answered >= set(sessions):
            break
        browser.send("Target.getTargets")
    browser.detach()


def memory_mb(page, before):
    """The renderers this load started (not in ``before``), after a garbage collection in
    the page and its workers."""
    collect_garbage(page)
    return sum(kb for pid, kb in renderers().items() if pid not in before) / 1024


def bridge_page_tag(dist_url, widget, runtime, runner=None, alone=False):
    """The macro's output for this runtime and runner; only the bridge's tag if ``alone``."""
    tag = str(
        chat_tag(
            "k",
            dist_url + "kustomer-bridge.js",
            brand_id="brand-1",
            runtime=runtime,
            runner=runner,
            widget_src=widget,
        )
    )
    if alone:
        tag = "\n".join(
            line for line in tag.splitlines() if "data-kustomer-bridge-widget" not in line
        )
    return tag


def bench_command(doc, count, default, out, text_of, argv=None):
    """A bench's command line: ``--<count> N`` (default ``default``) and ``--out`` (default
    docs/<out>). text_of(N) runs the bench and gives its report, written to --out and
    printed."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--" + count, type=int, default=default)
    parser.add_argument("--out", default=str(ROOT / "docs" / out))
    args = parser.parse_args(argv)
    text = text_of(getattr(args, count))
    Path(args.out).write_text(text)
    print(text)
    return 0
