"""``python -m kustomer_bridge export DIR [--runtime mpy|py|all]`` (see export.py)."""

import sys

from .server.export import main

sys.exit(main())
