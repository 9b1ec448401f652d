"""Run inside the pinned Pyodide (by stdlib.py, under Node), never by the host's Python: it
writes /tmp/compiled.zip, /tmp/source.zip with each module's source replaced by its bytecode.

Each ``x.py`` becomes ``x.pyc``, an unchecked hash-based pyc (PEP 552: no timestamp, so
building twice gives the same bytes), compiled as the interpreter would compile it on import
(no optimization), with its file name where Pyodide mounts the archive, so tracebacks name the
module's path. Other entries are copied as they are.
"""

import importlib.util
import marshal
import sys
import zipfile

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


def main():
    with (
        zipfile.ZipFile("/tmp/source.zip") as source,
        zipfile.ZipFile("/tmp/compiled.zip", "w") as out,
    ):
        for entry in sorted(source.infolist(), key=lambda info: info.filename):
            data = source.read(entry)
            if entry.filename.endswith(".py"):
                compiled = zipfile.ZipInfo(entry.filename + "c", entry.date_time)
                compiled.external_attr = entry.external_attr
                data = bytecode(data, ARCHIVE + "/" + entry.filename)
                entry = compiled
            method = zipfile.ZIP_STORED if entry.is_dir() else zipfile.ZIP_DEFLATED
            out.writestr(entry, data, compress_type=method, compresslevel=9)


main()
