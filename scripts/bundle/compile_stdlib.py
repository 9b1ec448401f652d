"""Run inside the pinned Pyodide (by stdlib.py, under Node), never by the host's Python: it
writes /tmp/compiled.zip, the modules of /tmp/source.zip (the npm package's standard library)
that this Pyodide has imported by the time it runs its first code, as bytecode.

Each ``x.py`` becomes ``x.pyc``, an unchecked hash-based pyc (PEP 552: no timestamp, so
building twice gives the same bytes), compiled as the interpreter would compile it on import
(no optimization), with its file name where Pyodide mounts the archive, so tracebacks name the
module's path. The folders of the packages among them come along.
"""

import sys

STARTED_WITH = [module.__name__ for module in list(sys.modules.values())]  # before our imports

import importlib.util  # noqa: E402
import marshal  # noqa: E402
import zipfile  # noqa: E402

UNCHECKED_HASH_BASED = (0b01).to_bytes(4, "little")  # PEP 552's flags field
ARCHIVE = next(entry for entry in sys.path if entry.endswith(".zip"))  # /lib/python3XY.zip


def bytecode(source, path):
    """What the import system would cache for ``source``: a pyc file's bytes."""
    code = compile(source, path, "exec", dont_inherit=True)
    return b"".join(
        (
            importlib.util.MAGIC_NUMBER,
            UNCHECKED_HASH_BASED,
            importlib.util.source_hash(source),
            marshal.dumps(code),
        )
    )


def imported_files():
    """The archive's entries for the modules Pyodide started with, and their folders."""
    names = set()
    for name in STARTED_WITH:
        path = getattr(sys.modules.get(name), "__file__", None) or ""
        if path.startswith(ARCHIVE + "/"):
            names.add(path[len(ARCHIVE) + 1 :])
    folders = {name[: name.rindex("/") + 1] for name in names if "/" in name}
    return names | folders


def main():
    wanted = imported_files()
    with (
        zipfile.ZipFile("/tmp/source.zip") as source,
        zipfile.ZipFile("/tmp/compiled.zip", "w") as out,
    ):
        for entry in sorted(source.infolist(), key=lambda info: info.filename):
            if entry.filename not in wanted:
                continue
            data = source.read(entry)
            if entry.filename.endswith(".py"):
                compiled = zipfile.ZipInfo(entry.filename + "c", entry.date_time)
                compiled.external_attr = entry.external_attr
                data = bytecode(data, ARCHIVE + "/" + entry.filename)
                entry = compiled
            method = zipfile.ZIP_STORED if entry.is_dir() else zipfile.ZIP_DEFLATED
            out.writestr(entry, data, compress_type=method, compresslevel=9)


main()
