"""`gazette serve` pieces: the reload script is added to served HTML only, and edits are seen."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from pathlib import Path

from generator.commands.serve import RELOAD_PATH, _Handler, snapshot


def test_served_html_gets_the_reload_script_and_files_stay_untouched(tmp_path: Path) -> None:
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text("<html><body><p>公報</p></body></html>", encoding="utf-8")
    (tmp_path / "x.css").write_text("p{}", encoding="utf-8")
    handler = functools.partial(_Handler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        html = urllib.request.urlopen(base + "/a/").read().decode("utf-8")
        css = urllib.request.urlopen(base + "/x.css").read().decode("utf-8")
        version = urllib.request.urlopen(base + RELOAD_PATH).read().decode("utf-8")
    finally:
        server.shutdown()
    assert RELOAD_PATH in html and "<p>公報</p>" in html
    assert css == "p{}"
    assert version.isdigit()
    assert RELOAD_PATH not in page.read_text(encoding="utf-8")


def test_snapshot_sees_an_edited_body_file(mini_project) -> None:
    before = snapshot(mini_project.root)
    body = next((mini_project.root / "datasets" / "entries").glob("*.md"))
    body.write_text(body.read_text(encoding="utf-8") + "\n補充。\n", encoding="utf-8")
    import os

    os.utime(body, (1, 1))  # a different mtime even on coarse-clock file systems
    assert snapshot(mini_project.root) != before
