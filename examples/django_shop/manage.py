#!/usr/bin/env python
"""A Django shop with Kustomer Chat on its order pages.

pip install "kustomer-bridge[django]"
KUSTOMER_API_KEY=... KUSTOMER_BRAND_ID=... python manage.py runserver
python manage.py collectstatic       # production: the bundle lands in STATIC_ROOT
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
