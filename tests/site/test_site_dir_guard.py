"""`--site-dir` can't eat data: only a missing, empty or marked folder is replaced; an
unwritable one is a usage error; dead builds' leftovers are cleaned; a relative --root works."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.site import sitedir

BUILD = ("build", "--as-of", "2026-11-25", "--quiet")


def refused(run_cli, root: Path, site: Path, code: str) -> str:
    """Run a build into `site`, assert exit 2 with `code` in both languages; return stderr."""
    status, out, err = run_cli(*BUILD, "--root", root, "--site-dir", site, "--format", "json")
    assert status == 2, err
    assert f'"code": "{code}"' in out
    status, _, err_en = run_cli(*BUILD, "--root", root, "--site-dir", site, "--lang", "en")
    assert status == 2
    return err_en


@pytest.mark.parametrize(
    "folder",
    ["datasets", "datasets/entries", "content", "overrides", "editions", "editions/116", ".git"],
)
def test_a_site_dir_inside_the_sources_is_refused_and_left_alone(
    mini_project, run_cli, folder: str
) -> None:
    # editions/ holds the frozen PDFs: `--site-dir editions/116` was accepted before.
    for name in ("content", "overrides", "editions", ".git"):
        (mini_project.root / name).mkdir(exist_ok=True)
    target = mini_project.root / folder
    before = sorted(p.relative_to(mini_project.root) for p in mini_project.root.rglob("*"))
    err = refused(run_cli, mini_project.root, target, "site-dir-in-sources")
    assert "outside datasets/" in err
    after = sorted(p.relative_to(mini_project.root) for p in mini_project.root.rglob("*"))
    assert after == before


def test_the_project_and_its_parents_are_refused(mini_project, run_cli) -> None:
    refused(run_cli, mini_project.root, mini_project.root, "site-dir-unsafe")
    refused(run_cli, mini_project.root, mini_project.root.parent, "site-dir-unsafe")


def test_the_generator_package_is_refused(mini_project, run_cli) -> None:
    refused(run_cli, mini_project.root, sitedir.GENERATOR_DIR / "site", "site-dir-in-sources")


def test_a_folder_holding_other_files_is_refused_and_kept(
    mini_project, run_cli, tmp_path: Path
) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    err = refused(run_cli, mini_project.root, other, "site-dir-not-site")
    assert sitedir.MARKER in err
    assert [p.name for p in other.iterdir()] == ["holiday.jpg"]


def test_a_file_is_refused(mini_project, run_cli, tmp_path: Path) -> None:
    target = tmp_path / "site.txt"
    target.write_text("keep", encoding="utf-8")
    refused(run_cli, mini_project.root, target, "site-dir-not-folder")
    assert target.read_text(encoding="utf-8") == "keep"


def test_missing_empty_and_marked_folders_are_accepted(mini_project, tmp_path: Path) -> None:
    sitedir.check(mini_project.root, tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    sitedir.check(mini_project.root, tmp_path / "empty")
    marked = tmp_path / "marked"
    marked.mkdir()
    (marked / "index.html").write_text("old site", encoding="utf-8")
    sitedir.mark(marked)
    sitedir.check(mini_project.root, marked)
    sitedir.check(mini_project.root, mini_project.root / "site")  # the default
    legacy = tmp_path / "legacy"  # built before the marker existed
    for rel in sitedir.LEGACY_SIGNS:
        (legacy / rel).parent.mkdir(parents=True, exist_ok=True)
        (legacy / rel).write_text("{}", encoding="utf-8")
    sitedir.check(mini_project.root, legacy)
    (legacy / "pagefind/pagefind.js").unlink()
    with pytest.raises(ConfigError):
        sitedir.check(mini_project.root, legacy)


def test_an_unwritable_site_folder_is_a_usage_error(
    mini_project, run_cli, tmp_path: Path, monkeypatch
) -> None:
    # Root ignores permission bits, so the refusal of the file system is simulated.
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sitedir.tempfile, "mkstemp", denied)
    err = refused(run_cli, mini_project.root, tmp_path / "site", "site-dir-unwritable")
    assert "Permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_site_folder_is_a_usage_error(mini_project, run_cli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    sitedir.mark(site)
    site.chmod(0o555)
    try:
        refused(run_cli, mini_project.root, site, "site-dir-unwritable")
    finally:
        site.chmod(0o755)


def test_a_mount_point_is_refused_before_the_build(
    mini_project, run_cli, tmp_path: Path, monkeypatch
) -> None:
    # A mount point cannot be renamed away by the swap: that was exit 3 after the whole
    # build. Mounting needs root, so the file system's answer is simulated.
    site = tmp_path / "mnt"
    site.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(sitedir.os.path, "ismount", lambda p: Path(p) == site or real(p))
    err = refused(run_cli, mini_project.root, site, "site-dir-unremovable")
    assert "mount point" in err
    assert list(site.iterdir()) == []  # nothing staged into it or next to it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "mnt"]


def test_a_folder_that_cannot_be_renamed_at_the_swap_is_a_usage_error(
    tmp_path: Path, monkeypatch
) -> None:
    from generator.site import publish

    site, staged = tmp_path / "site", tmp_path / ".site.new-1"
    site.mkdir()
    staged.mkdir()
    real = os.replace

    def busy(src, dst):
        if Path(src) == site:
            raise OSError(16, "Device or resource busy")
        real(src, dst)

    monkeypatch.setattr(publish.os, "replace", busy)
    with pytest.raises(ConfigError) as raised:
        publish.swap(staged, site)
    assert [p.code for p in raised.value.problems] == ["site-dir-unremovable"]
    assert site.is_dir()


def _dead_pid() -> int:
    """Return the id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_staging_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead, alive = _dead_pid(), os.getpid()
    for name in (f".site.new-{dead}", f".site.old-{dead}", f".site.new-{alive}", ".other-1"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
    removed = sitedir.clean_stale(site)
    assert sorted(p.name for p in removed) == [f".site.new-{dead}", f".site.old-{dead}"]
    # Renamed away at once, then deleted by detached processes (the build does not wait).
    left = [p.name for p in tmp_path.iterdir() if ".trash-" not in p.name]
    assert sorted(left) == [".other-1", f".site.new-{alive}"]
    for _ in range(200):
        if not list(tmp_path.glob(".site.trash-*")):
            break
        time.sleep(0.05)
    assert list(tmp_path.glob(".site.trash-*")) == []


def test_worker_processes_end_when_the_build_dies(tmp_path: Path) -> None:
    # A stand-in build: starts a pool the way publish.run_mkdocs does, then is killed.
    pidfile = tmp_path / "worker.pid"
    script = textwrap.dedent(
        f"""
        import multiprocessing, os, signal, time
        from concurrent.futures import ProcessPoolExecutor
        from generator.children import die_with_parent

        def work(path):
            open(path, "w").write(str(os.getpid()))
            time.sleep(600)

        if __name__ == "__main__":
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=die_with_parent, initargs=(os.getpid(),))
            pool.submit(work, {str(pidfile)!r})
            while not os.path.exists({str(pidfile)!r}) or not open({str(pidfile)!r}).read():
                time.sleep(0.1)
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    (tmp_path / "fake_build.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "fake_build.py")], cwd=tmp_path)
    assert done.returncode == -9
    worker = int(pidfile.read_text())
    for _ in range(100):  # the kernel signals at once; allow a slow, shared machine
        if not _running(worker):
            break
        time.sleep(0.1)
    assert not _running(worker)


def _running(pid: int) -> bool:
    """Tell whether `pid` is a live (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow  # two whole builds of the mini project
def test_a_build_with_a_relative_root_marks_its_site_and_can_replace_it(
    mini_project, run_cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(*BUILD, "--root", "mini", "--site-dir", "out/site")
    assert code == 0, err
    site = tmp_path / "out/site"
    assert (site / sitedir.MARKER).read_text(encoding="utf-8") == sitedir.MARKER_TEXT
    assert (site / "index.html").is_file()
    sitedir.check(mini_project.root, site)  # the next build may replace it
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]  # nothing staged
    code, _, err = run_cli("validate", "--root", "mini")
    assert code == 0, err
    code, _, err = run_cli("verify", "--root", "mini")
    assert code == 0, err


def test_a_second_swap_while_the_first_old_site_is_still_being_deleted(
    tmp_path: Path, monkeypatch
) -> None:
    # The replaced site is deleted by a detached process; a second build in the same
    # process (gazette serve) must not need that deletion finished. It did: both replaced
    # sites had the name `.site.old-<pid>`, and renaming onto a folder not yet empty failed.
    from generator.site import publish

    kept: list[Path] = []
    monkeypatch.setattr(publish, "discard", kept.append)  # deletion "still running"
    site = tmp_path / "site"
    for version in ("1", "2", "3"):
        staged = tmp_path / f"staged-{version}"
        staged.mkdir()
        (staged / "index.html").write_text(version, encoding="utf-8")
        publish.swap(staged, site)
        assert (site / "index.html").read_text(encoding="utf-8") == version
    replaced = [p for p in kept if p.exists()]  # the first build replaced nothing
    assert len({p.name for p in replaced}) == 2  # each replaced site under a name of its own
    assert [(p / "index.html").read_text(encoding="utf-8") for p in replaced] == ["1", "2"]
    # A dead build's replaced site under the new name is still recognised and cleared.
    dead = _dead_pid()
    (tmp_path / f".site.old-{dead}-0a1b2c3d").mkdir()
    removed = sitedir.clean_stale(site)
    assert [p.name for p in removed] == [f".site.old-{dead}-0a1b2c3d"]
