import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build  # noqa: E402


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One build of the bundle into a temporary folder, for the tests that read its output."""
    if not (build.NODE / "@pyscript" / "core").exists():
        pytest.skip("needs `npm ci` (the test command runs it)")
    folder = tmp_path_factory.mktemp("dist")
    original = build.DIST
    build.DIST = folder
    try:
        build.build_dist()
    finally:
        build.DIST = original
    return folder
