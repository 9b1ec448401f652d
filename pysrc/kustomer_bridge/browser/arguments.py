"""Argument checks for the public API: fail in Python, naming the argument, never in the SDK."""


def require_text(name, value):
    """A non-empty string, stripped of surrounding white space."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("%s is required and must be a non-empty string, got %r" % (name, value))
    return value.strip()


def optional_text(name, value):
    return None if value is None else require_text(name, value)


def require_mapping(name, value):
    if not isinstance(value, dict):
        raise ValueError("%s must be a dict, got %s" % (name, type(value).__name__))
    for key in value:
        if not isinstance(key, str) or not key:
            raise ValueError("%s has a key that is not a non-empty string: %r" % (name, key))
    return value


def optional_mapping(name, value):
    return None if value is None else require_mapping(name, value)


def exactly_one(**named):
    """Exactly one of the keyword arguments is given (not None): return (name, value)."""
    given = [(name, value) for name, value in named.items() if value is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of %s" % ", ".join(sorted(named)))
    name, value = given[0]
    return name, require_text(name, value)


def without_none(**fields):
    """A dict of the fields that are not None (the SDK's options objects)."""
    return {name: value for name, value in fields.items() if value is not None}


# A wait in milliseconds is above 0 and below this (about 11.6 days): the one bound, also
# for the tag's data-*-timeout-ms (the build writes it into the loader) and docs-site options.
TIMEOUT_LIMIT_MS = 10**9


def require_timeout(value):
    """None (the bridge's default deadline) or a positive, finite number of milliseconds."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 < value < TIMEOUT_LIMIT_MS
    ):
        raise ValueError("timeout_ms must be a positive number of milliseconds, got %r" % value)
    return value
