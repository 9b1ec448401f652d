"""The test kit in a site owner's own project: examples/site (its pages and one test file,
written only from the README) copied out of the repository and run by the installed wheel,
on two workers, in Chromium and Firefox, with no browser set-up in the project."""

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "site"
# The session's wheel and venv are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")


def test_the_example_sites_suite_passes_from_the_installed_wheel(installed, tmp_path):
    project = tmp_path / "shop"
    shutil.copytree(EXAMPLE, project)
    result = installed.run(
        "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--browser", "chromium",
        "--browser", "firefox", "test_chat.py", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 passed, 2 xfailed" in result.stdout, result.stdout
