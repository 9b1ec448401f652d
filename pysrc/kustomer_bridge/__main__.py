"""``python -m kustomer_bridge export DIR`` or ``check URL``: the ``kustomer-bridge`` command
(cli.py)."""

import sys

from .cli import main

sys.exit(main())
