"""The attributes a conversation gets from the page it was started on.

Input is a *snapshot*, a plain dict the browser side reads at the moment a conversation is
created (``href``, ``canonical``, ``pathname``, ``title``, ``referrer``, ``landingUrl``,
``language``, ``timeZone``, ``userAgent``, ``maxTouchPoints``, ``metas``, ``elements``,
``jsonBlocks``). Output is ``(attributes, problems)``: defaults by group, then what the site
declares (meta tags < data elements < JSON blocks < run time; later sources win), each
converted by its suffix, URLs redacted.
"""

import json
import re

from .redaction import Redactor, query_params
from .values import Rejected, convert_all, to_url

GROUPS = ("page", "referrer", "landing", "utm", "browser", "declared")
UTM_FIELDS = ("source", "medium", "campaign", "term", "content")
MOBILE = re.compile(r"Mobi|iPhone|iPod|Android.*Mobile|Windows Phone")
TABLET = re.compile(r"iPad|Tablet|Android|Silk|Kindle")
SPACES = re.compile(r"\s+")


def device_type(user_agent, max_touch_points=0):
    """``mobile``, ``tablet`` or ``desktop`` from the user agent (iPadOS says Macintosh)."""
    if MOBILE.search(user_agent or ""):
        return "mobile"
    if TABLET.search(user_agent or "") or (
        "Macintosh" in (user_agent or "") and (max_touch_points or 0) > 1
    ):
        return "tablet"
    return "desktop"


def utm_values(url):
    return {
        name[4:]: value
        for name, value in query_params(url)
        if name.startswith("utm_") and name[4:] in UTM_FIELDS and value
    }


class PageContext:
    """Turns snapshots into attributes of ``groups``; holds the attributes set at run time."""

    def __init__(self, groups=GROUPS, redactor=None):
        self.groups = tuple(groups)
        self.redactor = redactor or Redactor()
        self._runtime = {}

    def set_runtime(self, values):
        """Merge attributes set from code; returns the rejections (the rest is kept)."""
        accepted, problems = convert_all(values)
        self._runtime.update(accepted)
        return problems

    def capture(self, snapshot):
        """``(attributes, problems)`` for a snapshot; without one (the page could not be
        read) only the attributes set at run time: nothing invented."""
        attributes = {}
        problems = []
        read = isinstance(snapshot, dict)
        for group in self.groups if read else ():
            if group == "declared":
                accepted, found = convert_all(self.declared(snapshot, problems))
                problems.extend(found)
                attributes.update(accepted)
            else:
                attributes.update(getattr(self, "_" + group)(snapshot))
        if "declared" in self.groups:
            attributes.update(self._runtime)
        for name in list(attributes):
            if name.endswith("Url") and isinstance(attributes[name], str):
                attributes[name] = self.redactor.redact(attributes[name])
        return attributes, problems

    def declared(self, snapshot, problems):
        """Raw declared values, later sources overriding earlier ones."""
        values = {}
        for name, content in snapshot.get("metas") or ():
            values[name] = content
        for name, text in snapshot.get("elements") or ():
            values[name] = SPACES.sub(" ", text).strip()
        for index, block in enumerate(snapshot.get("jsonBlocks") or ()):
            try:
                parsed = json.loads(block)
                if not isinstance(parsed, dict):
                    raise ValueError("it is not a JSON object")
            except ValueError as error:
                problems.append(
                    {
                        "name": None,
                        "reason": "JSON attributes block %d ignored: %s" % (index + 1, error),
                    }
                )
                continue
            values.update(parsed)
        return values

    def _page(self, snapshot):
        url = snapshot.get("href") or ""
        canonical = snapshot.get("canonical")
        if canonical:
            try:
                url = to_url(canonical)
            except Rejected:
                pass
        page = {"pageUrl": url, "pagePathStr": snapshot.get("pathname") or "/"}
        title = SPACES.sub(" ", snapshot.get("title") or "").strip()[:1024]
        if title:
            page["pageTitleStr"] = title
        return page

    def _referrer(self, snapshot):
        referrer = snapshot.get("referrer")
        return {"referrerUrl": referrer} if referrer else {}

    def _landing(self, snapshot):
        landing = snapshot.get("landingUrl")
        return {"landingPageUrl": landing} if landing else {}

    def _utm(self, snapshot):
        values = utm_values(snapshot.get("href") or "")
        if not values:
            values = utm_values(snapshot.get("landingUrl") or "")
        return {
            "utm" + field[0].upper() + field[1:] + "Str": values[field][:1024]
            for field in UTM_FIELDS
            if field in values
        }

    def _browser(self, snapshot):
        browser = {
            "deviceTypeStr": device_type(snapshot.get("userAgent"), snapshot.get("maxTouchPoints"))
        }
        if snapshot.get("language"):
            browser["browserLocaleStr"] = snapshot["language"]
        if snapshot.get("timeZone"):
            browser["timeZoneStr"] = snapshot["timeZone"]
        return browser
