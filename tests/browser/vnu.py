"""Run the Nu HTML Checker (vnu.jar from npm) over files and return its error messages."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Messages vnu reports that come from markup we cannot change (MkDocs Material's base
# template) and that no override removes. Each entry: the exact message, the exact markup it
# is allowed for (a substring of vnu's extract), and why. The test fails on anything else.
ALLOWED: list[tuple[str, str, str]] = [
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        'type="checkbox" id="__',
        # Material's base.html writes <input type="checkbox" id="__drawer"/"__search"
        # autocomplete="off"> outside any template block, so no override can drop it. It is
        # harmless: browsers ignore autocomplete on checkboxes.
        "material/templates/base.html, lines 99-100, outside any block",
    ),
]


def allowed(error: VnuError) -> bool:
    """Return True if an error is on the explicit allow-list above."""
    return any(error.message == m and markup in error.extract for m, markup, _ in ALLOWED)


@dataclass(frozen=True, order=True)
class VnuError:
    """One error vnu found: the file, the line and the message, with a snippet."""

    path: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}\n    {self.extract!r}"


def vnu_errors(files: list[Path], root: Path) -> list[VnuError]:
    """Return vnu's errors for `files` (paths shown relative to `root`), sorted."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        raise RuntimeError("java or vnu.jar missing: run scripts/install-system-deps.sh")
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(done.stderr or '{"messages": []}')
    errors = []
    for message in report["messages"]:
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else Path(url)
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        errors.append(
            VnuError(
                rel,
                message.get("lastLine", 0),
                message.get("message", message.get("type", "")),
                message.get("extract", ""),
            )
        )
    return sorted(errors)
