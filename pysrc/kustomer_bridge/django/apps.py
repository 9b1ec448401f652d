"""The Django app: the bundle as static files, and the MIME types it needs."""

import mimetypes

from django.apps import AppConfig
from django.conf import settings

from ..server.bundle import static_path
from ..server.serve import MIME_TYPES

PREFIX = "kustomer-bridge"


class KustomerBridgeConfig(AppConfig):
    name = "kustomer_bridge.django"
    label = "kustomer_bridge"
    verbose_name = "Kustomer bridge"

    def ready(self):
        for suffix, mime in MIME_TYPES.items():
            mimetypes.add_type(mime.split(";")[0], suffix)
        entry = (PREFIX, static_path())
        directories = list(getattr(settings, "STATICFILES_DIRS", []))
        if entry not in directories:
            settings.STATICFILES_DIRS = [*directories, entry]
