"""The package's PEP 517 build backend (pyproject's ``build-backend = "bundle.backend"``):
setuptools, plus the deployable bundle inside every wheel, in ``kustomer_bridge/static/``.

Building a wheel needs Node and npm (to vendor the pinned browser runtime; ``npm ci`` runs
if node_modules lacks it); installing or using the wheel needs neither. A wheel is never
built without the bundle.
"""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from kustomer_bridge.server.export import export

from .dist import build_dist
from .paths import NODE, PACKAGE, ROOT, BuildError

PACKAGED_BUNDLE = PACKAGE / "static"


def package_bundle():
    """Build the bundle and export it into kustomer_bridge/static/ for the wheel."""
    if not (NODE / "@pyscript" / "core").exists():
        if not shutil.which("npm"):
            raise BuildError(
                "building the kustomer-bridge wheel needs Node and npm (to vendor the pinned "
                "browser runtime); installing or using the wheel does not"
            )
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT, check=True
        )
    with tempfile.TemporaryDirectory() as folder:
        dist = Path(folder) / "dist"
        build_dist(dist)
        if PACKAGED_BUNDLE.exists():
            shutil.rmtree(PACKAGED_BUNDLE)
        export(str(PACKAGED_BUNDLE), "all", source=str(dist), out=io.StringIO())
    if not (PACKAGED_BUNDLE / "kustomer-bridge.js").is_file():
        raise BuildError(
            "the bundle did not land in %s: refusing to build a wheel without it" % PACKAGED_BUNDLE
        )


def _setuptools():
    from setuptools import build_meta

    return build_meta


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package_bundle()
    try:
        return _setuptools().build_wheel(wheel_directory, config_settings, metadata_directory)
    finally:
        shutil.rmtree(PACKAGED_BUNDLE, ignore_errors=True)


def build_sdist(sdist_directory, config_settings=None):
    return _setuptools().build_sdist(sdist_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A development install: static_path() is then the checkout's dist/."""
    return _setuptools().build_editable(wheel_directory, config_settings, metadata_directory)


def get_requires_for_build_wheel(config_settings=None):
    return _setuptools().get_requires_for_build_wheel(config_settings)


def get_requires_for_build_sdist(config_settings=None):
    return _setuptools().get_requires_for_build_sdist(config_settings)


def get_requires_for_build_editable(config_settings=None):
    return _setuptools().get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_editable(metadata_directory, config_settings)
