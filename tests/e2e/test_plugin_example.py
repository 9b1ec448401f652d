"""The pytest plugin works in a site owner's own project: a folder with HTML and one test,
in Chromium and Firefox, with no browser set-up in the project."""

import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "site"


def test_example_site_suite_passes_from_a_separate_folder(tmp_path):
    project = tmp_path / "shop"
    shutil.copytree(EXAMPLE, project)
    assert sorted(path.name for path in project.iterdir()) == ["index.html", "test_chat.py"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--browser",
            "chromium",
            "--browser",
            "firefox",
            "test_chat.py",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
