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
# template) and that no override removes. Each entry: an exact message, and why it is here.
# Keep it empty unless a fix is impossible; the test prints every message it lets through.
ALLOWED: dict[str, str] = {}


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
