"""The tag's privacy settings, read so that a mistake fails closed.

``data-attributes`` names the attribute groups to send, ``data-redact-params`` more query
parameters to redact, ``data-query-allow`` an allow-list of parameters that keep their
values. A typo must never send more than the site asked for::

    settings({"attributes": "page,utms"})
    -> groups ("page",), a problem naming "utms": only the valid groups are sent
    settings({"redactParams": "token session"})
    -> a Redactor that hides every query value, a problem: the name has a space

Each problem is a sentence for the console, naming the attribute and the consequence.
"""

from .page import GROUPS
from .redaction import Redactor

FORBIDDEN_IN_NAMES = " \t\r\n\f\v=&?#"


def split_list(text):
    """``"a, B,,c"`` -> ``["a", "b", "c"]``."""
    return [part.strip().lower() for part in text.split(",") if part.strip()]


def is_param_pattern(pattern):
    """A query-parameter name, optionally ending in ``*`` (a prefix)."""
    name = pattern[:-1] if pattern.endswith("*") else pattern
    return bool(name) and not any(char in FORBIDDEN_IN_NAMES + "*" for char in name)


def attribute_groups(text, problems):
    """The groups ``data-attributes`` names (all when absent); unknown ones are dropped."""
    if text is None:
        return GROUPS
    named = split_list(text)
    groups = tuple(group for group in GROUPS if group in named)
    unknown = [group for group in named if group not in GROUPS]
    if unknown:
        problems.append(
            "data-attributes: unknown group %s (groups: %s); sending only %s"
            % (
                ", ".join(repr(group) for group in unknown),
                ", ".join(GROUPS),
                ", ".join(groups) if groups else "nothing",
            )
        )
    return groups


def redactor(redact_text, allow_text, problems):
    """The Redactor for ``data-redact-params`` and ``data-query-allow``.

    A bad allow-list keeps only its valid patterns (nothing else keeps its value); a bad
    redact list cannot say what it meant to hide, so every query value is hidden.
    """
    if allow_text is not None:
        patterns = split_list(allow_text)
        valid = [pattern for pattern in patterns if is_param_pattern(pattern)]
        if len(valid) < len(patterns) or not patterns:
            problems.append(
                "data-query-allow: %s; only %s keep their values"
                % (why_bad(patterns, valid), ", ".join(valid) if valid else "no parameters")
            )
        return Redactor(allow=valid)
    if redact_text is None:
        return Redactor()
    names = split_list(redact_text)
    valid = [name for name in names if is_param_pattern(name)]
    if len(valid) < len(names):
        problems.append(
            "data-redact-params: %s; every query value is redacted" % why_bad(names, valid)
        )
        return Redactor(allow=[])
    return Redactor(extra_deny=valid)


def why_bad(patterns, valid):
    if not patterns:
        return "the list is empty"
    bad = [pattern for pattern in patterns if pattern not in valid]
    return (
        "%s is not a parameter name (a name has no spaces or any of = & ? #, and may end in *)"
        % ", ".join(repr(pattern) for pattern in bad)
    )


def settings(config):
    """``(groups, redactor, problems)`` from the loader's config (its data- attributes)."""
    problems = []
    groups = attribute_groups(config.get("attributes"), problems)
    redacting = redactor(config.get("redactParams"), config.get("queryAllow"), problems)
    return groups, redacting, problems
