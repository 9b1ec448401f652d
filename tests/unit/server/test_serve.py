from kustomer_bridge.server.serve import (
    IMMUTABLE,
    LOADER_CACHE,
    LocalServer,
    headers_file,
    headers_for,
)


def test_versioned_and_hashed_files_are_immutable_the_tag_is_not():
    assert headers_for("runtime/micropython-1.28.0-6/micropython.wasm") == [
        ("Content-Type", "application/wasm"),
        ("Access-Control-Allow-Origin", "*"),
        ("Cache-Control", IMMUTABLE),
    ]
    assert headers_for("kustomer-bridge-boot.0123abcdef.mjs")[0] == (
        "Content-Type",
        "text/javascript",
    )
    assert headers_for("kustomer-bridge-boot.0123abcdef.mjs")[-1][1] == IMMUTABLE
    assert headers_for("kustomer-bridge.js")[-1] == ("Cache-Control", LOADER_CACHE)
    assert headers_for("kustomer-bridge.manifest.json")[-1] == ("Cache-Control", LOADER_CACHE)


def test_the_headers_file_has_one_block_per_file_under_the_base():
    text = headers_file(["kustomer-bridge.js", "runtime/pyodide-314.0.2/pyodide.asm.wasm"], "/kb/")
    assert text == (
        "/kb/kustomer-bridge.js\n"
        "  Content-Type: text/javascript\n"
        "  Access-Control-Allow-Origin: *\n"
        "  Cache-Control: public, max-age=300\n"
        "/kb/runtime/pyodide-314.0.2/pyodide.asm.wasm\n"
        "  Content-Type: application/wasm\n"
        "  Access-Control-Allow-Origin: *\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
    )


def failed_request(server, error):
    """What the server does when handling a request raised ``error``."""
    try:
        raise error
    except Exception:
        server.handle_error(None, ("127.0.0.1", 50000))


def test_the_local_server_is_quiet_when_a_browser_goes_away_and_loud_otherwise(capsys):
    server = LocalServer(("127.0.0.1", 0), None, bind_and_activate=False)
    failed_request(server, BrokenPipeError(32, "Broken pipe"))
    failed_request(server, ConnectionResetError(104, "Connection reset by peer"))
    assert capsys.readouterr().err == ""
    failed_request(server, OSError(28, "No space left on device"))
    assert "No space left on device" in capsys.readouterr().err
