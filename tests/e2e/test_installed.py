"""The package as sites install it: the wheel in a fresh venv outside the repository with
no Node on PATH (the example Flask and Django shops run by that venv), and the npm tarball
laid out as a CDN serves it. Each route's tag starts Kustomer once and describes a
conversation with a page attribute, with no request to another host."""

import json
import shutil
from pathlib import Path

import pytest

import artifacts
from pages import assert_one_conversation_described, boot_ready, order_page_with_pinned_tag

# The session's wheel, venv and tarball are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# example: (its server's command line, where its page loads the loader from)
SHOPS = {
    "flask_shop": (
        ["-m", "flask", "--app", "app", "run", "--port", "{port}"],
        "/kustomer-bridge/kustomer-bridge.js",
    ),
    "django_shop": (
        ["manage.py", "runserver", "127.0.0.1:{port}", "--noreload"],
        "/static/kustomer-bridge/kustomer-bridge.js",
    ),
}


@pytest.fixture(scope="module")
def example_shop(installed, tmp_path_factory):
    """An example shop copied out of the repo and run by the venv's Python, one process per
    (shop, runtime), started on first use; returns (origin, the copy's folder)."""
    running = {}

    def start(name, runtime):
        if (name, runtime) not in running:
            copy = tmp_path_factory.mktemp(name) / name
            shutil.copytree(EXAMPLES / name, copy)
            port = artifacts.free_port()
            command = [part.format(port=port) for part in SHOPS[name][0]]
            env = {
                "KUSTOMER_API_KEY": "test-key",
                "KUSTOMER_BRAND_ID": "brand-1",
                "KUSTOMER_RUNTIME": runtime,
            }
            process = installed.start(*command, cwd=copy, env=env, port=port)
            running[name, runtime] = ("http://127.0.0.1:%d" % port, copy, process)
        return running[name, runtime][:2]

    yield start
    for _, _, process in running.values():
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("shop", sorted(SHOPS))
def test_an_example_shop_serves_the_bundle_and_the_tag(
    shop, page, example_shop, kustomer_stub, runtime, guard
):
    origin, _ = example_shop(shop, runtime)
    boot_ready(page, origin + "/orders/A-1001")
    loader = page.evaluate("document.querySelector('script[src$=\"kustomer-bridge.js\"]').src")
    assert loader == origin + SHOPS[shop][1]
    assert_one_conversation_described(kustomer_stub, "A-1001")


def test_collectstatic_copies_the_installed_bundle(installed, example_shop):
    _, copy = example_shop("django_shop", "mpy")
    result = installed.run("manage.py", "collectstatic", "--noinput", cwd=copy)
    assert result.returncode == 0, result.stderr
    bundle = Path(
        installed.run(
            "-c", "import kustomer_bridge; print(kustomer_bridge.static_path())", cwd=copy
        ).stdout.strip()
    )
    assert bundle.is_relative_to(installed.venv)
    manifest = json.loads((bundle / "kustomer-bridge.manifest.json").read_text())
    collected = copy / "collected-static" / "kustomer-bridge"
    for name in ["kustomer-bridge.js", *manifest["files"]["py"]]:
        assert (collected / name).read_bytes() == (bundle / name).read_bytes(), name


@pytest.fixture(scope="module")
def cdn(npm_tarball, tmp_path_factory, serve_folder):
    """The tarball as an npm CDN lays it out: /npm/kustomer-bridge@<version>/dist/..."""
    root = tmp_path_factory.mktemp("cdn")
    prefix = artifacts.unpack_like_a_cdn(npm_tarball, root)
    return serve_folder(root) + "/" + prefix, root / prefix


def test_the_npm_package_on_a_cdn_serves_a_pinned_tag(
    page, site_page, cdn, kustomer_stub, runtime, guard
):
    base, folder = cdn
    url = order_page_with_pinned_tag(site_page, base + "dist/", folder / "dist", runtime, "A-9")
    boot_ready(page, url)
    assert_one_conversation_described(kustomer_stub, "A-9")
