"""``{% kustomer_chat api_key="KEY" brand_id="BRAND" %}``: the drop-in tag for Django's
template language, with the jinja2 macro's options (``attributes=`` a dict, ``runtime=``,
``nonce=``, ...); ``src`` defaults to the bundle served by staticfiles."""

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from ...server.tag import chat_tag
from ..apps import PREFIX

register = template.Library()


@register.simple_tag
def kustomer_chat(api_key, src=None, **options):
    src = src or static(PREFIX + "/kustomer-bridge.js")
    return mark_safe(str(chat_tag(api_key, src, **options)))  # escaped by the macro
