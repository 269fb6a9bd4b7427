"""`gazette serve`: build into a temp folder, serve it on 127.0.0.1, rebuild on change.

A rebuild runs when anything under datasets/, content/, overrides/, the generator's
templates and theme, or the MkDocs configs changes (polled once a second: no watcher
dependency, works on every file system). Served HTML pages get a small script that polls
`/__gazette_reload` and reloads the page after a successful rebuild; the built files
themselves are never changed, so what is served is what `gazette build` publishes.
A failed rebuild prints its problems and keeps serving the last good site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.commands.build import build
from generator.errors import ConfigError, GazetteError
from generator.messages import format_text
from generator.models import Problem
from generator.site.mkdocs_config import PACKAGE_DIR

WATCHED = ("datasets", "content", "overrides", "mkdocs.yml", "mkdocs.en.yml", "gazette.yaml")
RELOAD_PATH = "/__gazette_reload"
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;setInterval(function(){fetch('RELOAD').then(function(r)"
    "{return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
    ".catch(function(){})},1000)})();</script>"
).replace("RELOAD", RELOAD_PATH)


def snapshot(root: Path) -> dict[str, float]:
    """Return the modification time of every watched file."""
    places = [root / name for name in WATCHED]
    places += [PACKAGE_DIR / "templates", PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "locale"]
    times: dict[str, float] = {}
    for place in places:
        files = [place] if place.is_file() else sorted(place.rglob("*")) if place.is_dir() else []
        for path in files:
            if path.is_file():
                times[str(path)] = path.stat().st_mtime
    return times


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site; answer the reload poll; add the reload script to HTML pages."""

    version = {"value": 0}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == RELOAD_PATH:
            body = str(self.version["value"]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_text(encoding="utf-8").replace("</body>", RELOAD_SCRIPT + "</body>")
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - API name
        """Stay quiet: rebuild messages matter more than request logs."""


def _rebuild(root: Path, site: Path, as_of: dt.date | None) -> bool:
    """Build once; print problems instead of stopping; return whether it succeeded."""
    try:
        summary = build(root, site_dir=site, as_of=as_of, progress=True)
    except ConfigError:
        raise
    except GazetteError as error:
        for problem in error.problems:
            print(format_text(problem), file=sys.stderr)
        return False
    for note in summary.notes:
        print(format_text(note), file=sys.stderr)
    return True


def serve(root: Path, as_of: dt.date | None = None, port: int = 8000) -> None:
    """Build the site, serve it on 127.0.0.1:`port` and rebuild whenever a source changes."""
    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="gazette-serve-") as scratch:
        site = Path(scratch) / "site"
        _rebuild(root, site, as_of)
        seen = snapshot(root)  # after the build: it may write datasets/manifest.json itself
        site.mkdir(exist_ok=True)  # serve an empty folder until the data is fixed
        handler = functools.partial(_Handler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"gazette serve: open http://127.0.0.1:{server.server_port}/", file=sys.stderr)
        try:
            while True:
                time.sleep(1)
                if snapshot(root) != seen:
                    if _rebuild(root, site, as_of):
                        _Handler.version["value"] += 1
                    seen = snapshot(root)
        finally:
            server.shutdown()


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette serve` until interrupted."""
    serve(args.root.absolute(), as_of=args.as_of, port=args.port)
    return []
