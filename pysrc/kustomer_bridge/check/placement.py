"""Which row of the README's table "Where to put the tag" a page is, and whether it is
described from its first conversation. No I/O: the loader says who starts Kustomer and whether
it found the page's start only by probing; the page's HTML, as the server sent it, says where
the bridge's tag, Kustomer's snippet and widget.js are.
"""

import re
from html.parser import HTMLParser

from ..server.defaults import KUSTOMER_WIDGET_URL
from .levels import OK, WARNING, finding

BRIDGE_SRC = re.compile(r"/kustomer-bridge\.js(\?|$)")
WIDGET_SRC = re.compile(re.escape(KUSTOMER_WIDGET_URL.split(":", 1)[1]) + r"(\?|$)")
SNIPPET = "Kustomer.start("
# The table's rows, as the README words them: your page, then the bridge's tag.
ROWS = {
    1: "the page lets the bridge start Kustomer (data-kustomer-api-key on the tag)",
    2: "the page starts Kustomer itself; the bridge's tag is before the snippet and widget.js",
    3: "the page starts Kustomer itself, the snippet in <head>; the bridge's tag is in <body>, "
    "before widget.js",
    4: "the page starts Kustomer itself, and the bridge's tag runs after widget.js",
    5: "the page starts Kustomer itself; the bridge's tag is not in the page's HTML (a tag "
    "manager or a script adds it later)",
}
ANCHOR = 'README "Where to put the tag", row %d'


class _Scripts(HTMLParser):
    """The page's script elements in document order: ``{kind, section}``, where kind is
    ``bridge``, ``widget`` or ``snippet`` (inline, calling Kustomer.start), and section is
    ``head`` or ``body``; other scripts are left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.section, self.found, self.inline = "head", [], None

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.section = "body"
        elif tag == "script":
            src = dict(attrs).get("src") or ""
            self.inline = [] if not src else None
            kind = (
                "bridge" if BRIDGE_SRC.search(src) else "widget" if WIDGET_SRC.search(src) else ""
            )
            if kind:
                self.found.append({"kind": kind, "section": self.section})

    def handle_data(self, data):
        if self.inline is not None:
            self.inline.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.inline is not None:
            if SNIPPET in "".join(self.inline):
                self.found.append({"kind": "snippet", "section": self.section})
            self.inline = None


def scripts_in(html):
    """The bridge's tag, Kustomer's widget.js and snippet in ``html``, in document order."""
    parser = _Scripts()
    parser.feed(html or "")
    parser.close()
    return parser.found


def row(bridge, scripts):
    """The placement row for what the loader saw (``bridge``: ``mode``, ``probed``) and the
    page's ``scripts`` (``scripts_in``)."""
    if bridge.get("mode") == "own":
        return 1
    sections = {item["kind"]: item["section"] for item in scripts}
    if bridge.get("probed"):
        return 4 if "bridge" in sections else 5
    return 3 if sections.get("snippet") == "head" and sections.get("bridge") == "body" else 2


def placement_finding(bridge, scripts):
    """Ok where every conversation is described; a warning on the late rows."""
    number = row(bridge, scripts)
    where = "%s: %s" % (ANCHOR % number, ROWS[number])
    if number < 4:
        return finding(OK, "placement", "%s. Every conversation is described." % where)
    return finding(
        WARNING,
        "placement",
        "%s. Its start had completed before the bridge's tag ran: conversations created "
        "before the bridge found it (it looks every 250 ms) are not described." % where,
        "put the bridge's tag before Kustomer's snippet and widget.js, as a plain tag "
        "(README: Where to put the tag, rows 1 to 3)",
    )
