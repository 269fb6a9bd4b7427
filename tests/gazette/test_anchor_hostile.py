"""Forgery paths around the chain (issue 22): another branch, the tags, a malformed
committed manifest. The history anchor reads every ref and every `gazette-<issue>` tag; a
bad historic version is a warning naming its commit, never an internal error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from portal_support import git
from test_lifecycle_support import ENTRY_HEADER, make_project, read_rows, write_rows

from generator.cli import main
from generator.data.validate import validate_project
from generator.gazette import anchor, chain_files, manifest

AS_OF = dt.date(2025, 2, 15)  # 114-01..114-03 published, 114-04 not yet
TODAY = dt.date(2026, 1, 1)
MANIFEST = manifest.MANIFEST_PATH
BUILD = ("build", "--as-of", "2025-02-15", "--quiet")

# Every case makes a git repository and commits in it (56 git runs, 8 s of the fast loop's
# 124 s): make test runs them; the quick loop does not (issue 27: test-fast within a minute).
pytestmark = pytest.mark.slow


def check(root: Path, notes: list | None = None) -> manifest.Plan:
    """Validate the project and check it against its manifest and anchors."""
    dataset, problems = validate_project(root)
    assert problems == [], problems
    return manifest.check(dataset, AS_OF, today=TODAY, notes=notes)


def found(problems) -> set[tuple[str, str, str]]:
    """Return (code, issue, source kind) of every anchor problem."""
    problems = getattr(problems, "problems", problems)
    return {
        (p.code, p.values.get("issue"), str(p.values.get("source", "")).split(" ")[1])
        for p in problems
        if p.code.startswith("manifest-anchor")
    }


def retitle(root: Path, entry_id: str, title: str) -> None:
    """Edit one entry's title, as a forger would."""
    rows = read_rows(root, "gazette_entries")
    for row in rows:
        if row["entry_id"] == entry_id:
            row["title_zh"] = title
    write_rows(root, "gazette_entries", ENTRY_HEADER, rows)


def head_of(root: Path, *rev: str) -> str:
    """Return the commit id `rev` (default HEAD) names."""
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", *(rev or ("HEAD",))], capture_output=True
    )
    return done.stdout.decode().strip()


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """Return a git project whose manifest (three published issues) is committed on main."""
    root = make_project(tmp_path / "p", issues=4)
    assert check(root).record() is True
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "publish 114-03")
    return root


# --- another branch -------------------------------------------------------------------


def test_an_orphan_branch_without_the_manifest_cannot_publish_a_forgery(
    committed: Path, run_cli
) -> None:
    # Before: git_anchors read only the checked-out branch's history, so an orphan branch
    # had none; the forgery built and `verify --root` passed.
    git(committed, "checkout", "-q", "--orphan", "forged")
    git(committed, "rm", "-q", "--cached", MANIFEST)
    (committed / MANIFEST).unlink()
    retitle(committed, "114-02-001", "偽造的主旨")
    git(committed, "add", ".")
    git(committed, "commit", "-q", "-m", "fresh start")
    assert ("manifest-anchor-missing", "114-01", "commit") in found(check(committed))
    code, _, err = run_cli(*BUILD, "--root", committed, "--lang", "en")
    assert code == 1, err
    assert "114-01" in err and "git commit" in err
    assert not (committed / "site").exists()
    code, out, _ = run_cli("verify", "--root", committed)
    assert code == 1 and "114-01" in out


def test_a_branch_only_on_the_remote_still_anchors(committed: Path, tmp_path: Path) -> None:
    # The published history may exist only as a remote-tracking ref of a fresh clone.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(committed), str(clone))
    git(clone, "checkout", "-q", "--orphan", "forged")
    git(clone, "rm", "-q", "-r", "--cached", ".")
    git(clone, "branch", "-q", "-D", "main")  # only origin/main remembers the record
    (clone / MANIFEST).unlink()
    retitle(clone, "114-01-001", "偽造的主旨")
    assert ("manifest-anchor-missing", "114-01", "commit") in found(check(clone))


# --- tags -----------------------------------------------------------------------------


def tag(root: Path, issue: str, digest: str, rev: str = "HEAD") -> None:
    """Make the annotated tag the publish workflow pushes for one issue."""
    git(
        root,
        "tag",
        "-a",
        f"gazette-{issue}",
        "-m",
        f"gazette issue {issue} chain sha256 {digest}",
        rev,
    )


def test_a_chain_that_does_not_hold_a_tags_digest_is_refused(tmp_path: Path) -> None:
    # History rewritten so that no commit holds the manifest; only the tag remembers.
    root = make_project(tmp_path / "p", issues=4)
    check(root).record()
    published = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    digest = published["issues"][1]["sha256"]  # 114-02
    git(root, "init", "-q", "-b", "main")
    (root / "README").write_text("x", encoding="utf-8")
    git(root, "add", "README")
    git(root, "commit", "-q", "-m", "unrelated")
    tag(root, "114-02", digest)
    assert check(root).problems == []  # the honest chain holds the tag's digest
    retitle(root, "114-01-001", "偽造的主旨")
    (root / MANIFEST).unlink()
    dataset, _ = validate_project(root)
    forged = manifest.check(dataset, AS_OF, today=TODAY).manifest
    manifest.write_atomic(root / MANIFEST, manifest.dumps(forged))
    assert found(check(root)) == {("manifest-anchor-changed", "114-02", "tag")}
    (root / MANIFEST).unlink()  # and without any manifest: the tag's issue is missing
    assert found(check(root)) == {("manifest-anchor-missing", "114-02", "tag")}
    assert main(["verify", "--root", str(root)]) == 1


def test_an_annotated_tag_naming_no_digest_is_a_warning(committed: Path) -> None:
    git(committed, "tag", "-a", "gazette-114-03", "-m", "published")
    git(committed, "tag", "gazette-114-02")  # lightweight: its commit is history anyway
    notes: list = []
    assert check(committed, notes).problems == []
    assert [(n.code, n.values["tag"]) for n in notes] == [
        ("manifest-tag-malformed", "gazette-114-03")
    ]


def test_tag_rules() -> None:
    honest = [("a", "1" * 64), ("b", "2" * 64)]
    vouch = anchor.TagAnchor("git tag gazette-b", "b", "2" * 64)
    assert anchor.tag_problems(honest, vouch, "m") == []
    assert [p.code for p in anchor.tag_problems(honest[:1], vouch, "m")] == [
        "manifest-anchor-missing"
    ]
    assert [p.code for p in anchor.tag_problems([("b", "9" * 64)], vouch, "m")] == [
        "manifest-anchor-changed"
    ]


# --- a malformed manifest -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        b"{not json",
        b'{"issues": [1, 2]}',
        b'{"issues": "none"}',
        b'{"issues": [{"issue_id": 114, "sha256": null}]}',
        b"[]",
        b"\xff\xfe",
    ],
)
def test_a_malformed_manifest_once_committed_and_reverted_is_a_warning(
    committed: Path, run_cli, bad: bytes
) -> None:
    # Before: such a commit made every later build and verify exit 3 for good.
    good = (committed / MANIFEST).read_bytes()
    (committed / MANIFEST).write_bytes(bad)
    git(committed, "commit", "-q", "-am", "oops")
    bad_commit = head_of(committed)[:12]
    (committed / MANIFEST).write_bytes(good)
    git(committed, "commit", "-q", "-am", "revert")
    notes: list = []
    assert check(committed, notes).problems == []
    assert [(n.code, n.values["source"]) for n in notes] == [
        ("manifest-history-malformed", f"git commit {bad_commit}")
    ]
    code, _, err = run_cli("verify", "--root", committed, "--lang", "en")
    assert code == 0, err
    assert bad_commit in err


NOT_A_RECORD = b'{"format": "city-gazette-manifest/1", "issues": [1]}'


def _without(key: str, where: str = "issue"):
    """Return a change to a manifest document dropping `key` of the first issue or entry."""

    def change(document: dict) -> None:
        record = document["issues"][0]
        del (record if where == "issue" else record["entries"][0])[key]

    return change


def _set(key: str, value):
    """Return a change to a manifest document setting `key` of the document."""
    return lambda document: document.__setitem__(key, value)


@pytest.mark.parametrize(
    "change",
    [
        b"{not json",
        NOT_A_RECORD,
        _without("publication_date"),  # these four were internal errors (exit 3) too
        _without("entry_id", where="entry"),
        _without("row", where="entry"),
        _set("fields", "x"),
    ],
)
def test_a_malformed_current_manifest_is_exit_1_not_a_bug(committed: Path, run_cli, change) -> None:
    path = committed / MANIFEST
    if isinstance(change, bytes):
        path.write_bytes(change)
    else:
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run_cli("verify", "--root", committed, "--format", "json")
    assert code == 1, err
    assert '"code": "manifest-unreadable"' in out
    assert f"git show {head_of(committed)[:12]}:./{MANIFEST}" in err  # the copy to restore
    code, out, err = run_cli(*BUILD, "--root", committed, "--format", "json")
    assert code == 1, err
    assert '"code": "manifest-unreadable"' in out
    assert not (committed / "site").exists()


# --- the live manifest, fail closed: verify --against URL [--first-publish] -------------


@pytest.fixture
def live(tmp_path: Path):
    """Serve files of a folder on 127.0.0.1; `/broken` answers 500. Yield (base URL, folder)."""
    import functools
    import http.server
    import threading

    folder = tmp_path / "live"
    folder.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server interface
            if self.path.startswith("/broken"):
                self.send_error(500)
                return
            super().do_GET()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def verify_codes(run_cli, root: Path, *args: str) -> tuple[int, list[str], str]:
    """Run `gazette verify --root ROOT ARGS --format json`; return status, codes, stderr."""
    code, out, err = run_cli("verify", "--root", root, *args, "--format", "json")
    codes = [p["code"] for p in json.loads(out)] if out.strip() else []
    return code, codes, err


def test_an_absent_live_manifest_fails_closed_once_anything_was_recorded(
    committed: Path, live, run_cli
) -> None:
    base, folder = live
    url = f"{base}/gazette/manifest.json"
    assert verify_codes(run_cli, committed, "--against", url)[:2] == (
        1,
        ["manifest-anchor-unreadable"],
    )
    # --first-publish does not open it: the repository has published issues.
    assert verify_codes(run_cli, committed, "--against", url, "--first-publish")[:2] == (
        1,
        ["manifest-first-publish-refused"],
    )
    (folder / "gazette").mkdir()
    (folder / "gazette/manifest.json").write_bytes((committed / MANIFEST).read_bytes())
    assert verify_codes(run_cli, committed, "--against", url, "--first-publish")[:2] == (0, [])


def test_first_publish_accepts_only_an_absent_manifest_before_any_record(
    tmp_path: Path, live, run_cli
) -> None:
    base, folder = live
    root = make_project(tmp_path / "p", issues=4)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "before the first publish")
    check(root).record()  # the first build records; nothing committed yet
    url = f"{base}/gazette/manifest.json"
    code, codes, err = verify_codes(
        run_cli, root, "--against", url, "--first-publish", "--lang", "en"
    )
    assert (code, codes) == (0, []) and "first publish" in err
    for broken in (f"{base}/broken", f"http://127.0.0.1:{_closed_port()}/gazette/manifest.json"):
        code, codes, _ = verify_codes(run_cli, root, "--against", broken, "--first-publish")
        assert (code, codes) == (1, ["manifest-anchor-unreadable"])  # unreachable is not absent
    (folder / "gazette").mkdir()
    (folder / "gazette/manifest.json").write_text("<html>maintenance</html>", encoding="utf-8")
    code, codes, _ = verify_codes(run_cli, root, "--against", url, "--first-publish")
    assert (code, codes) == (1, ["manifest-anchor-unreadable"])


def test_first_publish_needs_against(committed: Path, run_cli) -> None:
    code, out, _ = run_cli("verify", "--root", committed, "--first-publish", "--format", "json")
    assert code == 2 and '"code": "first-publish-alone"' in out


def _closed_port() -> int:
    """Return a local port nothing listens on."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_against_a_live_per_volume_chain_reads_every_volume_file(
    committed: Path, live, run_cli
) -> None:
    """--against https://SITE/gazette/chain/latest.json fetches the volume files it lists."""
    base, folder = live
    document, _ = manifest.load(committed / MANIFEST, MANIFEST)
    manifest.write_chain(folder, document)
    url = f"{base}/{chain_files.LATEST}"
    assert verify_codes(run_cli, committed, "--against", url)[:2] == (0, [])
    volume = chain_files.volume_of(document["issues"][0])
    (folder / chain_files.FOLDER / f"{volume}.json").unlink()
    assert verify_codes(run_cli, committed, "--against", url)[:2] == (
        1,
        ["chain-volume-missing"],
    )
