"""The sans-IO core runs on MicroPython (the default browser runtime), not only on CPython:
the browser folder as shipped, under the vendored interpreter, in Node; and it fits in the
memory the vendored build declares, with the heap the worker runner gives it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NPM = ROOT / "node_modules/@micropython/micropython-webassembly-pyscript"
HERE = Path(__file__).resolve().parent / "micropython"
sys.path.insert(0, str(ROOT / "scripts"))
from bundle.runtime import (  # noqa: E402
    MICROPYTHON_HEAP_BYTES,
    MICROPYTHON_INITIAL_PAGES,
    WASM_PAGE,
    memory_limits,
    with_initial_memory,
)

needs_runtime = pytest.mark.skipif(
    not NPM.exists() or not shutil.which("node"),
    reason="needs `npm ci` and node (the test command installs both)",
)


def run(micropython_mjs, script, heapsize=None):
    command = ["node", str(HERE / "run.mjs"), micropython_mjs.as_uri()]
    command += [str(ROOT / "pysrc/kustomer_bridge"), str(script)]
    command += [str(heapsize)] if heapsize else []
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return result.stdout + result.stderr


@needs_runtime
def test_pure_core_runs_on_micropython():
    out = run(NPM / "micropython.mjs", HERE / "smoke.py")
    assert "MICROPYTHON OK" in out, out


@pytest.fixture(scope="module")
def vendored(tmp_path_factory):
    """MicroPython as the build vendors it: its wasm declaring 2 MiB of initial memory."""
    folder = tmp_path_factory.mktemp("micropython")
    shutil.copyfile(NPM / "micropython.mjs", folder / "micropython.mjs")
    wasm = with_initial_memory((NPM / "micropython.wasm").read_bytes(), MICROPYTHON_INITIAL_PAGES)
    (folder / "micropython.wasm").write_bytes(wasm)
    return folder / "micropython.mjs"


def test_the_vendored_wasm_declares_2_mib_and_keeps_its_maximum():
    original = (NPM / "micropython.wasm").read_bytes()
    patched = with_initial_memory(original, MICROPYTHON_INITIAL_PAGES)
    assert memory_limits(original)[0] == 259  # Emscripten's 16 MiB default
    assert memory_limits(patched)[0] * WASM_PAGE == 2 * 1024 * 1024
    assert len(patched) == len(original)
    changed = [i for i, (a, b) in enumerate(zip(original, patched, strict=True)) if a != b]
    assert len(changed) <= 2  # only the initial size's bytes


def described(vendored, tmp_path, batches, conversations):
    """Each batch of conversations described and answered, as the worker runner drives the
    core (each batch a call of its own): the wasm memory's size at start and at the end."""
    script = tmp_path / "conversations.py"
    script.write_text(
        "BATCHES = %d\nCONVERSATIONS = %d\n" % (batches, conversations)
        + (HERE / "conversations.py").read_text()
    )
    out = run(vendored, script, MICROPYTHON_HEAP_BYTES)
    assert "CONVERSATIONS OK" in out, out
    [memory] = [line.split()[1:] for line in out.splitlines() if line.startswith("MEMORY")]
    return [int(size) for size in memory]


@needs_runtime
@pytest.mark.parametrize("batches, conversations", [(1, 1), (10, 10), (100, 1)])
def test_the_core_fits_in_the_vendored_memory_with_the_workers_heap(
    vendored, tmp_path, batches, conversations
):
    """Booted, then 1, 100 and 100 conversations described within the initial 2 MiB."""
    assert described(vendored, tmp_path, batches, conversations) == [2 * 1024 * 1024] * 2


@needs_runtime
def test_a_burst_in_one_batch_grows_the_memory_and_is_described(vendored, tmp_path):
    """100 conversations in one batch: MicroPython does not collect inside a call from
    JavaScript, so the heap grows by new areas, and the wasm memory with it (growth on)."""
    at_start, at_end = described(vendored, tmp_path, 1, 100)
    assert at_start == 2 * 1024 * 1024 < at_end
