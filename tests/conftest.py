import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "pysrc"))
sys.path.insert(0, str(ROOT / "tests" / "unit"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests"))

from engines import EngineResults  # noqa: E402

_engine_results = EngineResults()


def pytest_runtest_logreport(report):
    _engine_results.record(report)


def pytest_sessionfinish(session):
    _engine_results.write_readme(session.config)
