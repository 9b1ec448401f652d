"""Hide sensitive query-parameter values in URLs before they become attributes.

By default a parameter is redacted when its name, or any ``_``/``-``/``.``-separated part of
it, is on the deny-list (so ``refresh_token`` is caught, ``postcode`` is not). A site can add
names or patterns (``order*``), or switch to an allow-list where every parameter not matching
a pattern (``utm_*``) is redacted; an empty allow-list redacts every value. Other
``name=value`` pairs stay byte-for-byte as they were; the fragment goes::

    Redactor().redact("https://x.test/p?utm_source=mail&token=abc#top")
    -> "https://x.test/p?utm_source=mail&token=REDACTED"

The same rule also reaches URLs that rest in the tab's storage before Python has run: the
build compiles it into ``hidden_names()``, a regular expression (the same in Python and
JavaScript) matching the names whose values are hidden, stricter where it cannot be exact.
"""

DEFAULT_DENY = (
    "token",
    "access_token",
    "id_token",
    "auth",
    "code",
    "password",
    "pass",
    "pwd",
    "secret",
    "key",
    "apikey",
    "api_key",
    "session",
    "sessionid",
    "sid",
    "jwt",
    "signature",
    "sig",
    "email",
    "phone",
)
REDACTED = "REDACTED"
SEPARATORS = ("_", "-", ".")
# Names made only of these read the same before and after percent-decoding and stripping;
# at rest, any other name has its value hidden.
PLAIN = "a-z0-9_.~-"
PLAIN_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_.~-"


def percent_decode(text):
    """Decode %XX escapes and ``+`` (enough to compare parameter names); bad escapes stay."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    out = bytearray()
    index = 0
    raw = text.encode()
    while index < len(raw):
        byte = raw[index]
        if byte == 37 and index + 2 < len(raw) and is_hex(raw[index + 1 : index + 3]):
            out.append(int(raw[index + 1 : index + 3].decode(), 16))
            index += 3
        else:
            out.append(byte)
            index += 1
    try:
        return bytes(out).decode()
    except UnicodeError:
        return text


def is_hex(pair):
    return len(pair) == 2 and all(chr(b) in "0123456789abcdefABCDEF" for b in pair)


class Redactor:
    """``allow=None`` (the default) is deny-list mode; a list switches to allow-list mode."""

    def __init__(self, extra_deny=(), allow=None):
        self.deny = list(DEFAULT_DENY) + [pattern.lower() for pattern in extra_deny]
        self.allow = None if allow is None else [pattern.lower() for pattern in allow]
        self._hidden = {}  # name -> hides(name)

    def hides(self, name):
        """True when the value of parameter ``name`` must not leave the page (remembered
        per name: the same few names come back in every URL)."""
        if name not in self._hidden:
            if len(self._hidden) >= 1000:  # a page of ever new names: bounded memory
                self._hidden.clear()
            self._hidden[name] = self._decide(name)
        return self._hidden[name]

    def _decide(self, name):
        name = percent_decode(name).strip().lower()
        if self.allow is not None:
            return not any(matches(pattern, name) for pattern in self.allow)
        return any(matches(pattern, part) for pattern in self.deny for part in [name] + split(name))

    def redact(self, url):
        """``url`` without its fragment, hidden parameters' values replaced by REDACTED."""
        url = url.split("#", 1)[0]
        if "?" not in url:
            return url
        head, query = url.split("?", 1)
        pairs = []
        for pair in query.split("&"):
            name = pair.split("=", 1)[0]
            pairs.append(name + "=" + REDACTED if "=" in pair and self.hides(name) else pair)
        return head + "?" + "&".join(pairs)

    def hidden_names(self):
        """A regular expression (Python and JavaScript, case-insensitive) matching each
        parameter name of a query whose value this rule hides; it hides more, never less:
        every value whose name is not plain (``%``, ``+``, spaces, non-ASCII)."""
        if self.allow is not None:
            kept = [name_pattern(pattern) for pattern in plain(self.allow)]
            return "(?!(?:%s)=)[^=&]*" % "|".join(kept) if kept else "[^=&]*"
        part = [p for p in plain(self.deny) if not any(s in p for s in SEPARATORS)]
        # a pattern with a separator can only match the whole name, unless a part pattern
        # already matches one of its parts (access_token: token)
        whole = [p for p in plain(self.deny) if p not in part and not set(split(p)) & set(part)]
        part, whole = [name_pattern(p) for p in part], [name_pattern(p) for p in whole]
        alternatives = ["[^=&]*[^=&%s][^=&]*" % PLAIN]
        if part:
            alternatives.append(
                "(?:[%s]*[_.-])?(?:%s)(?:[_.-][%s]*)?" % (PLAIN, "|".join(part), PLAIN)
            )
        if whole:
            alternatives.append("(?:%s)" % "|".join(whole))
        return "|".join(alternatives)


def split(name):
    """The ``_``/``-``/``.``-separated parts of a name."""
    parts = [name]
    for separator in SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return parts


def plain(patterns):
    """The patterns over plain names (the others can only match names hidden anyway)."""
    return [
        pattern for pattern in patterns if pattern.rstrip("*") and is_plain(pattern.rstrip("*"))
    ]


def is_plain(text):
    """Made of PLAIN's characters only (patterns are lower case already)."""
    return all(char in PLAIN_CHARACTERS for char in text)


def name_pattern(pattern):
    """A deny or allow pattern (``order*``) as a regular expression over plain names."""
    if pattern.endswith("*"):
        return pattern[:-1].replace(".", "\\.") + "[%s]*" % PLAIN
    return pattern.replace(".", "\\.")


def matches(pattern, name):
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern


def query_params(url):
    """The decoded ``(name, value)`` pairs of a URL's query, in order."""
    query = url.split("#", 1)[0].split("?", 1)
    if len(query) < 2:
        return []
    params = []
    for pair in query[1].split("&"):
        if pair:
            name, _, value = pair.partition("=")
            params.append((percent_decode(name), percent_decode(value)))
    return params
