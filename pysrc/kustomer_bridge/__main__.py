"""``python -m kustomer_bridge export DIR [--runtime mpy|py|all]`` (see export.py)."""

import sys

from .export import main

sys.exit(main())
