"""Kustomer custom-attribute names and values: validate the name, convert the value by suffix.

A system name is camelCase or PascalCase letters and digits ending in a type suffix::

    convert("cartTotalNum", "129.90")        -> 129.9
    convert("orderPlacedAt", 1700000000000)  -> "2023-11-14T22:13:20.000Z"
    convert("cartTotalNum", "1,299.00")      -> raises Rejected("... thousands separator ...")

``None`` clears an attribute of any type. ``Str`` and ``Txt`` are cut at 1,024 characters
(Kustomer's limit); ``convert_all`` reports that as a note and every rejection with its reason.
"""

import re

MAX_TEXT = 1024
SUFFIXES = ("Bool", "Str", "Txt", "Num", "Url", "At", "Id")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
NUMBER = re.compile(r"^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$")
DIGITS = re.compile(r"^[0-9]+$")
ISO = re.compile(
    r"^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])"
    r"([T ]([0-9][0-9]):([0-9][0-9])(:([0-9][0-9])([.][0-9]+)?)?(Z|[-+][0-9][0-9]:?[0-9][0-9])?)?$"
)


class Rejected(ValueError):
    """A name or value Kustomer would not accept; ``str()`` is the reason."""


def suffix_of(name):
    """The type suffix of a valid system name, else raise Rejected saying why."""
    if not isinstance(name, str) or not name:
        raise Rejected("the name must be a non-empty string")
    if not NAME.match(name):
        raise Rejected(
            "a system name is letters and digits only, starting with a letter "
            "(camelCase, no spaces)"
        )
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    raise Rejected("the name has no type suffix (one of %s)" % ", ".join(SUFFIXES))


def convert(name, value):
    """The value Kustomer expects for attribute ``name``; raises Rejected with the reason."""
    suffix = suffix_of(name)
    if value is None:
        return None
    return CONVERTERS[suffix](value)


def convert_all(values):
    """Convert a dict: returns (accepted, problems), problems as [{name, reason}] (notes too)."""
    accepted = {}
    problems = []
    for name in values:
        try:
            value = convert(name, values[name])
        except Rejected as rejected:
            problems.append({"name": name, "reason": str(rejected)})
            continue
        accepted[name] = value
        original = values[name]
        if isinstance(original, str) and isinstance(value, str) and len(original) > len(value):
            problems.append(
                {"name": name, "reason": "truncated to %d characters" % MAX_TEXT, "kept": True}
            )
    return accepted, problems


def to_number(value):
    if isinstance(value, bool):
        raise Rejected("a boolean is not a number")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise Rejected("the number is not finite")
        return value
    text = text_of(value).strip()
    if "," in text:
        raise Rejected(
            "%s has a thousands separator or decimal comma; send a plain number "
            "such as 1299.00" % shorten(text)
        )
    if not NUMBER.match(text):
        raise Rejected("%s is not a number" % shorten(text))
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise Rejected("the number is not finite")
    return int(number) if DIGITS.match(text.lstrip("+-")) else number


def to_bool(value):
    if isinstance(value, bool):
        return value
    text = text_of(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise Rejected("%s is not true or false" % shorten(text))


def to_datetime(value):
    if isinstance(value, bool):
        raise Rejected("a boolean is not a date")
    if isinstance(value, (int, float)):
        return format_epoch_ms(to_number(value))
    text = text_of(value).strip()
    if DIGITS.match(text):
        return format_epoch_ms(int(text))
    match = ISO.match(text)
    if not match:
        raise Rejected(
            "%s is not an ISO 8601 date (2024-05-01T12:00:00Z) or epoch ms" % shorten(text)
        )
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    hour, minute = int(match.group(5) or 0), int(match.group(6) or 0)
    second = int(match.group(8) or 0)
    millis = int(((match.group(9) or ".0")[1:] + "00")[:3])
    if not (
        1 <= month <= 12
        and 1 <= day <= days_in_month(year, month)
        and hour < 24
        and minute < 60
        and second < 60
    ):
        raise Rejected("%s is not a valid date" % shorten(text))
    offset = match.group(10) or "Z"
    offset_minutes = 0
    if offset != "Z":
        digits = offset[1:].replace(":", "")
        offset_minutes = int(digits[:2]) * 60 + int(digits[2:])
        offset_minutes = -offset_minutes if offset[0] == "-" else offset_minutes
    days = days_from_civil(year, month, day)
    epoch_ms = ((days * 24 + hour) * 60 + minute - offset_minutes) * 60000 + second * 1000
    return format_epoch_ms(epoch_ms + millis)


def to_url(value):
    """An absolute http(s) URL with a host, as it was written."""
    text = text_of(value).strip()
    scheme, separator, rest = text.partition("://")
    host = rest.split("/")[0].split("?")[0].split("#")[0]
    if not separator or scheme.lower() not in ("http", "https") or not host or " " in text:
        raise Rejected("%s is not an absolute http(s) URL" % shorten(text))
    return text


def to_text(value):
    return text_of(value)[:MAX_TEXT]


def to_id(value):
    text = text_of(value).strip()
    if not text:
        raise Rejected("an id must not be empty")
    return text


def text_of(value):
    """Strings as they are; numbers and booleans as JSON writes them; nothing else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value == value and value not in (float("inf"), -float("inf")):
        return repr(value)
    raise Rejected("a %s cannot be sent as an attribute value" % type(value).__name__)


def shorten(text):
    return repr(text if len(text) <= 40 else text[:37] + "...")


def days_in_month(year, month):
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year, month, day):
    """Days since 1970-01-01 (Howard Hinnant's algorithm; no datetime on MicroPython)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days):
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + (3 if month_index < 10 else -9)
    return year_of_era + era * 400 + (month <= 2), month, day


def format_epoch_ms(epoch_ms):
    """Epoch milliseconds as ``YYYY-MM-DDTHH:MM:SS.sssZ`` (JavaScript's toISOString)."""
    epoch_ms = int(epoch_ms)
    if not -62135596800000 <= epoch_ms <= 253402300799999:
        raise Rejected("the date is outside years 1 to 9999")
    days, millis = divmod(epoch_ms, 86400000)
    year, month, day = civil_from_days(days)
    seconds, millis = divmod(millis, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        year,
        month,
        day,
        hours,
        minutes,
        seconds,
        millis,
    )


CONVERTERS = {
    "Num": to_number,
    "Bool": to_bool,
    "At": to_datetime,
    "Url": to_url,
    "Str": to_text,
    "Txt": to_text,
    "Id": to_id,
}
