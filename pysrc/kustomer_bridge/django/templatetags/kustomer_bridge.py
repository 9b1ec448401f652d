"""``{% kustomer_chat api_key="KEY" brand_id="BRAND" %}``: the drop-in tag for Django's
template language, with the jinja2 macro's options (``attributes=`` a dict, ``runtime=``,
``nonce=``, ...); ``src`` defaults to the bundle served by staticfiles."""

import jinja2
from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from ...resources import templates_path
from ..apps import PREFIX

register = template.Library()
_macros = jinja2.Environment(
    loader=jinja2.FileSystemLoader(templates_path()), autoescape=True
).get_template("kustomer_bridge.html")


@register.simple_tag
def kustomer_chat(api_key, src=None, **options):
    src = src or static(PREFIX + "/kustomer-bridge.js")
    return mark_safe(str(_macros.module.kustomer_chat(api_key=api_key, src=src, **options)))
