"""``kustomer-bridge export DIR`` (also ``python -m kustomer_bridge export DIR``): the
deployable bundle, ready for a static host.

Copies the loader, its boot module, the manifest, the runtime (``--runtime mpy``, ``py`` or
``all``) and the third-party notices into DIR, writes the ``_headers`` file Netlify and
Cloudflare Pages read, and prints the headers any other host must send and the tag with
its ``integrity`` hash.
"""

import json
import os
import shutil
import sys

from .bundle import static_path
from .serve import headers_file, summary
from .tag import pasteable_tag

RUNTIMES = ("mpy", "py")


def bundle_files(source, runtime="all"):
    """The files (relative paths) a host serves for ``runtime``: no demo, no stub."""
    with open(os.path.join(source, "kustomer-bridge.manifest.json")) as handle:
        manifest = json.load(handle)
    chosen = RUNTIMES if runtime == "all" else (runtime,)
    files = {"kustomer-bridge.js", "kustomer-bridge.manifest.json", "THIRD-PARTY-NOTICES.md"}
    files.update("licenses/" + name for name in os.listdir(os.path.join(source, "licenses")))
    for key in chosen:
        files.update(manifest["files"][key])
    return sorted(files), manifest


def export(target, runtime="all", base="/", source=None, out=None):
    """Copy the bundle into ``target``; returns the manifest."""
    source = source or static_path()
    out = out or sys.stdout
    files, manifest = bundle_files(source, runtime)
    for name in files:
        destination = os.path.join(target, name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(os.path.join(source, name), destination)
    with open(os.path.join(target, "_headers"), "w") as handle:
        handle.write(headers_file(files, base))
    out.write(
        "exported kustomer-bridge %s (%s) to %s: %d files\n\n"
        "Serve them with these headers (file by file in %s, the format Netlify and "
        "Cloudflare Pages read):\n\n%s\n"
        "The tags, the bridge's with its Subresource Integrity hash:\n\n%s\n"
        % (
            manifest["version"],
            runtime,
            target,
            len(files),
            os.path.join(target, "_headers"),
            summary(),
            pasteable_tag("https://YOUR-HOST%skustomer-bridge.js" % base, manifest["integrity"]),
        )
    )
    return manifest


def run(target, runtime="all", base="/"):
    """``kustomer-bridge export DIR``: export, or say why not; the exit status."""
    try:
        export(target, runtime, base if base.endswith("/") else base + "/")
    except FileNotFoundError as error:
        print("kustomer-bridge: no bundle found (%s)" % error, file=sys.stderr)
        return 1
    return 0
