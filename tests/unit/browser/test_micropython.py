"""The sans-IO core runs on MicroPython (the default browser runtime), not only on CPython:
the browser folder as shipped, under the vendored interpreter, in Node."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MICROPYTHON = ROOT / "node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs"
HERE = Path(__file__).resolve().parent / "micropython"


@pytest.mark.skipif(
    not MICROPYTHON.exists() or not shutil.which("node"),
    reason="needs `npm ci` and node (the test command installs both)",
)
def test_pure_core_runs_on_micropython():
    result = subprocess.run(
        [
            "node",
            str(HERE / "run.mjs"),
            MICROPYTHON.as_uri(),
            str(ROOT / "pysrc/kustomer_bridge"),
            str(HERE / "smoke.py"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("MICROPYTHON OK"), result.stdout + result.stderr
