"""A one-page Django site written only against the documented contract: the app in
INSTALLED_APPS beside staticfiles, and {% load kustomer_bridge %}{% kustomer_chat ... %}."""

import django
from django.conf import settings

PAGE = """{% load kustomer_bridge %}<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Order {{ order }}</title></head><body>
<h1>Order {{ order }}</h1>
{% kustomer_chat api_key="test-key" brand_id="brand-1" runtime=runtime attributes=attributes %}
</body></html>"""


def order_page(request, order):
    from django.http import HttpResponse
    from django.template import engines

    page = engines["django"].from_string(PAGE)
    context = {
        "order": order,
        "runtime": request.GET["rt"],
        "attributes": {"orderNumberStr": order},
    }
    return HttpResponse(page.render(context, request))


def __getattr__(name):
    """``urlpatterns``, built only once Django is configured (it is this site's URLconf)."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.urls import path

    return [path("orders/<str:order>", order_page), *staticfiles_urlpatterns()]


def configure(static_root):
    if settings.configured:
        return
    settings.configure(
        DEBUG=True,
        SECRET_KEY="tests-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.staticfiles", "kustomer_bridge.django"],
        STATIC_URL="/static/",
        STATIC_ROOT=str(static_root),
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
        MIDDLEWARE=[],
    )
    django.setup()
