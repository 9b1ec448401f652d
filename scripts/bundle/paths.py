"""Where the build reads from and writes to."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
NODE = ROOT / "node_modules"
WEB = ROOT / "web"
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "pysrc" / "kustomer_bridge"


class BuildError(Exception):
    """A build that cannot succeed; the message says what to do."""
