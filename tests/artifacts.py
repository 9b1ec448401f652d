"""The artifacts a site installs, built once per test session: the wheel, the npm tarball,
and the wheel installed into a fresh venv outside the repository, with no Node on PATH.

The venv gets the wheel with its ``flask``, ``django``, ``test``, ``mkdocs`` and ``sphinx``
extras (and pytest-xdist, and the docs sites' theme and Markdown parser) from the package
index, the way a site installs it; ``run`` and ``start`` execute commands
in it.
"""

import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the docs sites of test_docs_sites.py use besides the wheel's extras.
DOCS_SITE_TOOLS = ("mkdocs-material>=9.5", "myst-parser>=3")


def source_tree(folder):
    """The repository's files (tracked, or new and not ignored) copied into ``folder``, with
    the checkout's node_modules linked: artifacts are built there, never in the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, Path(folder) / name
        if source.is_symlink() or source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy, follow_symlinks=False)
    (Path(folder) / "node_modules").symlink_to(ROOT / "node_modules")
    return Path(folder)


def build_wheel(source, folder):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(folder)],
        check=True,
        capture_output=True,
    )
    return next(Path(folder).glob("kustomer_bridge-*.whl"))


def build_tarball(source, folder):
    subprocess.run(
        [sys.executable, str(source / "build.py"), "pack", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    return next(Path(folder).glob("kustomer-bridge-*.tgz"))


def unpack_like_a_cdn(tarball, root):
    """Lay the tarball out as npm CDNs do: ``root/npm/<name>@<version>/`` is its package/."""
    name, version = tarball.name[: -len(".tgz")].rsplit("-", 1)
    target = Path(root) / "npm" / ("%s@%s" % (name, version))
    with tarfile.open(tarball) as archive:
        archive.extractall(root / "unpacked", filter="data")
    shutil.move(root / "unpacked" / "package", target)
    return "npm/%s@%s/" % (name, version)


class InstalledPackage:
    """A fresh venv holding the wheel; commands run there with a PATH that has no Node."""

    def __init__(self, folder, wheel):
        self.venv = Path(folder) / "venv"
        self.python = str(self.venv / "bin" / "python")
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        subprocess.run(
            [self.python, "-m", "pip", "install", "-q"]
            + ["%s[flask,django,test,mkdocs,sphinx]" % wheel, *DOCS_SITE_TOOLS, "pytest-xdist"],
            check=True,
            capture_output=True,
        )
        self.env = {
            "PATH": "%s:/usr/sbin:/sbin" % (self.venv / "bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
        }

    def run(self, *args, cwd, env=None):
        return subprocess.run(
            [self.python, *args],
            cwd=cwd,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
        )

    def start(self, *args, cwd, env=None, port):
        """A server process (its command line uses ``port``), once it answers on it."""
        process = subprocess.Popen(
            [self.python, *args],
            cwd=cwd,
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("server exited: %s" % process.stderr.read())
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=1)
            except OSError as error:
                if getattr(error, "code", None):  # an HTTP error: the server answers
                    return process
                time.sleep(0.1)
            else:
                return process
        process.kill()
        raise RuntimeError("server did not answer on port %d" % port)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
