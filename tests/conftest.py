import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "pysrc"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "browser"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests"))

import artifacts  # noqa: E402
from engines import EngineResults  # noqa: E402

_engine_results = EngineResults()


def pytest_runtest_logreport(report):
    _engine_results.record(report)


def pytest_sessionfinish(session):
    _engine_results.write_report(session.config)


@pytest.fixture(autouse=True)
def kept_in_its_group(request):
    """Under ``--dist loadgroup``, an ``xdist_group`` test carries its group (``@name``) in its
    node id: that is how xdist keeps a group on one worker. A pytest that loses it would
    silently build the session's artifacts, and start WebKit, on every worker."""
    item = request.node
    grouped = item.get_closest_marker("xdist_group")
    if grouped and getattr(request.config.option, "loadgroup", False) and "@" not in item.nodeid:
        pytest.fail(
            "--dist loadgroup does not keep %s's group on one worker on pytest %s "
            "(pytest-dev/pytest-xdist#1386): install the dev extra's pytest"
            % (item.name, pytest.__version__)
        )


@pytest.fixture(scope="session")
def source_tree(tmp_path_factory):
    """A copy of the repository to build artifacts in (the checkout is never written)."""
    if not shutil.which("npm"):
        pytest.skip("building needs npm (the test command installs it)")
    return artifacts.source_tree(tmp_path_factory.mktemp("source"))


@pytest.fixture(scope="session")
def wheel(source_tree, tmp_path_factory):
    """The wheel, built with ``pip wheel`` (which runs scripts/bundle/backend.py, so npm)."""
    return artifacts.build_wheel(source_tree, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def npm_tarball(source_tree, tmp_path_factory):
    """kustomer-bridge-<version>.tgz, from ``python build.py pack``."""
    return artifacts.build_tarball(source_tree, tmp_path_factory.mktemp("npm"))


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory):
    """The wheel with its extras in a fresh venv outside the repository, no Node on PATH."""
    return artifacts.InstalledPackage(tmp_path_factory.mktemp("installed"), wheel)
