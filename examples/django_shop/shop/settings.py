"""Settings of the example shop: kustomer_bridge.django beside django.contrib.staticfiles."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "shop.urls"
INSTALLED_APPS = ["django.contrib.staticfiles", "kustomer_bridge.django"]
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "collected-static"
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]}
]

KUSTOMER = {
    "chat_key": os.environ.get("KUSTOMER_API_KEY", "YOUR_CHAT_KEY"),
    "brand_id": os.environ.get("KUSTOMER_BRAND_ID", "YOUR_BRAND_ID"),
    "runtime": os.environ.get("KUSTOMER_RUNTIME", "mpy"),  # "py": Pyodide
}
