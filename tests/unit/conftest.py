import pytest

from bundle.dist import build_dist
from bundle.paths import NODE


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One build of the bundle into a temporary folder, for the tests that read its output."""
    if not (NODE / "@pyscript" / "core").exists():
        pytest.skip("needs `npm ci` (the test command runs it)")
    folder = tmp_path_factory.mktemp("bundle") / "dist"
    build_dist(folder)
    return folder
