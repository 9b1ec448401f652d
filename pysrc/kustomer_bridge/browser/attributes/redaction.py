"""Hide sensitive query-parameter values in URLs before they become attributes.

By default a parameter is redacted when its name, or any ``_``/``-``/``.``-separated part of
it, is on the deny-list (so ``refresh_token`` is caught, ``postcode`` is not). A site can add
names or patterns (``order*``), or switch to an allow-list where every parameter not matching
a pattern (``utm_*``) is redacted; an empty allow-list redacts every value. Other
``name=value`` pairs stay byte-for-byte as they were; the fragment goes::

    Redactor().redact("https://x.test/p?utm_source=mail&token=abc#top")
    -> "https://x.test/p?utm_source=mail&token=REDACTED"
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

    def hides(self, name):
        """True when the value of parameter ``name`` must not leave the page."""
        name = percent_decode(name).strip().lower()
        if self.allow is not None:
            return not any(matches(pattern, name) for pattern in self.allow)
        parts = [name]
        for separator in SEPARATORS:
            parts = [piece for part in parts for piece in part.split(separator)]
        return any(matches(pattern, part) for pattern in self.deny for part in [name] + parts)

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
