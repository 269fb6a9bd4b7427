"""Try the site on Zensical: build the sample with it and report what differs from MkDocs.

    .venv/bin/python bench/engine_trial.py [--root DIR] [--as-of YYYY-MM-DD] [--work DIR]
                                           [--json FILE]
    make engine-trial

It installs nothing. Where `zensical` cannot be imported it says how to try it and exits 0.
Where it can, it builds a copy of the project with the default engine (MkDocs, the whole
`gazette build`), then hands each language's rendered Markdown, nav, theme overrides and
settings, exactly as MkDocs got them, to `zensical build`, and compares the two outputs:

- pages: HTML pages MkDocs wrote that Zensical did not (missing) and the other way round;
- bodies: each page's searchable region (`data-pagefind-body`, where the page's own
  content is) line by line without indentation or blank lines, and for those that differ,
  their text through generator/fidelity.py (letters and digits lost or added);
- links: every relative href/src of Zensical's pages that resolves to no file of its output
  nor of the MkDocs site (which has the files the build's writers add after the engine),
  against the same count for MkDocs' own pages;
- the theme bundle patch (publish.prune_theme_assets) on Zensical's bundle;
- Zensical's exit status and its last messages (template errors end a build there).

The report goes to stdout (and as JSON to --json FILE); the exit status is 0 whatever the
result, 2 on a usage error. docs/engine.md has the numbers of the last run and how to set up
a throwaway environment with Zensical beside the project's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PROJECT_PARTS = (
    "datasets", "editions", "content", "overrides", "mkdocs.yml", "mkdocs.en.yml", "gazette.yaml",
)  # fmt: skip
ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
TAGS = re.compile(r"<[^>]+>")
LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
HOW_TO = """\
zensical is not importable here: nothing to try. To try it without touching this venv:

    python3 -m venv /tmp/ztrial
    /tmp/ztrial/bin/pip install zensical   # 0.0.73 where zensical-ui (for 0.1.x) is missing
    echo "$PWD/.venv/lib/python3.11/site-packages" \\
        > /tmp/ztrial/lib/python3.11/site-packages/gazette-venv.pth
    echo "$PWD" >> /tmp/ztrial/lib/python3.11/site-packages/gazette-venv.pth
    /tmp/ztrial/bin/python bench/engine_trial.py
"""


def main(argv: list[str] | None = None) -> int:
    """Run the trial; print the report; return 0 (2 on a usage error)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="project (default: the sample)")
    parser.add_argument("--as-of", default="2026-11-30", help="publication cut-off")
    parser.add_argument("--work", type=Path, help="keep the builds here (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    args = parser.parse_args(argv)
    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of {args.as_of!r} is not YYYY-MM-DD")
    if importlib.util.find_spec("zensical") is None:
        print(HOW_TO)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="gazette-engine-trial-"))
    try:
        report = trial(args.root.absolute(), as_of, work.absolute())
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def trial(root: Path, as_of: dt.date, work: Path) -> dict[str, Any]:
    """Build with MkDocs and Zensical under `work`; return what differs, per language."""
    from generator.languages import LANGUAGES, language

    project = copy_project(root, work / "project")
    started = time.perf_counter()
    jobs = build_with_mkdocs(project, as_of, work)
    mkdocs_seconds = time.perf_counter() - started
    ours, theirs = work / "site-mkdocs", work / "site-zensical"
    report: dict[str, Any] = {
        "zensical": _version("zensical"),
        "mkdocs": _version("mkdocs"),
        "material": _version("mkdocs-material"),
        "as_of": as_of.isoformat(),
        "mkdocs_build_seconds": round(mkdocs_seconds, 1),
        "languages": {},
    }
    for lang, job in jobs.items():
        subdir = language(lang).subdir
        out = theirs / subdir
        started = time.perf_counter()
        run = build_with_zensical(job, out, work / f"zensical-{language(lang).short}.yml", as_of)
        run["seconds"] = round(time.perf_counter() - started, 1)
        other = [o.subdir for o in LANGUAGES if o.subdir and o.subdir != subdir]
        run.update(compare_sites(ours / subdir, out, ours, theirs, skip=other))
        report["languages"][lang] = run
    return report


def copy_project(root: Path, target: Path) -> Path:
    """Copy the project's data, content, overrides and configs (a build records issues)."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def build_with_mkdocs(project: Path, as_of: dt.date, work: Path) -> dict[str, Any]:
    """Run `gazette build` with the default engine; return each language's MkDocs job."""
    from generator.commands.build import build
    from generator.site import publish

    os.environ["GAZETTE_BUILD_CACHE"] = str(work / "cache")  # the Markdown stays there
    os.environ.pop("GAZETTE_ENGINE", None)
    jobs: dict[str, Any] = {}
    original = publish.run_mkdocs

    def keep(given: dict[str, Any], day: dt.date) -> None:
        jobs.update(given)
        original(given, day)

    publish.run_mkdocs = keep
    try:
        build(project, site_dir=work / "site-mkdocs", as_of=as_of, progress=False)
    finally:
        publish.run_mkdocs = original
    return jobs


def build_with_zensical(job: Any, out: Path, config: Path, as_of: dt.date) -> dict[str, Any]:
    """Build one language with Zensical from the MkDocs job's inputs; return how it went."""
    from generator.site.publish import epoch

    overrides = dict(job.overrides)
    labels = overrides.pop("theme_labels", {})
    identity_extra = overrides.pop("identity_extra", {})
    settings = {
        "INHERIT": job.config,  # the project's config, as MkDocs read it
        **overrides,
        # Zensical 0.0.73 panics on an absolute docs_dir (invariant: Id(Format(Path(RootDir))))
        "docs_dir": os.path.relpath(overrides["docs_dir"], config.parent),
        "site_dir": str(out),
        "extra": {"labels": labels, **identity_extra},  # merged into the config's extra
    }
    config.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(as_of))}
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    messages = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return {"exit": done.returncode, "messages": messages[-15:]}


def pages_of(site: Path, skip: list[str]) -> dict[str, Path]:
    """Return the HTML files under `site` by relative path, leaving out the `skip` folders."""
    found = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if not any(rel.startswith(f"{folder}/") for folder in skip):
            found[rel] = path
    return found


def article(html: str) -> str:
    """Return the page's body as published: the searchable region of its <article>.

    From the `data-pagefind-body` region on (what the theme puts before it, such as
    Zensical's skip anchor, is the theme's), each line without its indentation and
    without whitespace-only lines (what the build's TidyPages plugin does, which Zensical
    cannot run).
    """
    found = ARTICLE.search(html)
    body = found.group(1) if found else ""
    start = body.find("<div data-pagefind-body")
    body = body[start:] if start >= 0 else body
    return "\n".join(line.strip() for line in body.splitlines() if line.strip())


def compare_sites(
    ours: Path, theirs: Path, our_root: Path, their_root: Path, skip: list[str]
) -> dict[str, Any]:
    """Return pages missing or added, bodies differing and broken links of `theirs`."""
    from generator.fidelity import compare

    mine, yours = pages_of(ours, skip), pages_of(theirs, skip)
    common = sorted(set(mine) & set(yours))
    same, differing, text_differing, examples = 0, 0, 0, []
    for rel in common:
        a = article(mine[rel].read_text(encoding="utf-8"))
        b = article(yours[rel].read_text(encoding="utf-8"))
        if a == b:
            same += 1
            continue
        differing += 1
        difference = compare(html.unescape(TAGS.sub(" ", a)), html.unescape(TAGS.sub(" ", b)))
        if difference is not None:
            text_differing += 1
        if len(examples) < 5:
            examples.append(
                {"page": rel, "text": difference.describe() if difference else "same text"}
            )
    return {
        "pages_mkdocs": len(mine),
        "pages_zensical": len(yours),
        "missing": sorted(set(mine) - set(yours))[:20],
        "missing_count": len(set(mine) - set(yours)),
        "added_count": len(set(yours) - set(mine)),
        "bodies_identical": same,
        "bodies_differing": differing,
        "bodies_text_differing": text_differing,
        "body_examples": examples,
        "broken_links_mkdocs": broken_links(mine, ours, our_root, their_root),
        "broken_links_zensical": broken_links(yours, theirs, their_root, our_root),
        "theme_patch": theme_patch(theirs),
    }


def broken_links(pages: dict[str, Path], site: Path, root: Path, other: Path) -> dict[str, Any]:
    """Return how many relative links of `pages` resolve to no file, with a few examples.

    A target counts as there when the same path exists under `root` (this engine's output)
    or `other` (the other one: the MkDocs site also holds what the writers add).
    """
    base = site.relative_to(root).as_posix() if site != root else ""
    count, examples = 0, []
    for rel, path in sorted(pages.items()):
        page_dir = posixpath.dirname(posixpath.join(base, rel))
        for href in LINK.findall(path.read_text(encoding="utf-8")):
            if not href or href.startswith(("#", "/", "//")) or SCHEME.match(href):
                continue
            target = href.split("#")[0].split("?")[0]
            if not target:
                continue
            resolved = posixpath.normpath(posixpath.join(page_dir, target))
            if any((folder / resolved).is_dir() for folder in (root, other)):
                resolved = posixpath.join(resolved, "index.html")
            if resolved.startswith("../") or not any(
                (folder / resolved).is_file() for folder in (root, other)
            ):
                count += 1
                if len(examples) < 5:
                    examples.append(f"{rel}: {href}")
    return {"count": count, "examples": examples}


def theme_patch(site: Path) -> list[str]:
    """Return the warnings of the build's theme bundle patch on this output."""
    from generator.messages import format_text
    from generator.site.publish import prune_theme_assets

    return [format_text(problem, "en") for problem in prune_theme_assets(site)]


def _version(name: str) -> str:
    """Return an installed distribution's version, or '-'."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def format_report(report: dict[str, Any]) -> str:
    """Return the report as text, one block per language."""
    lines = [
        f"Zensical {report['zensical']} against MkDocs {report['mkdocs']} + Material"
        f" {report['material']}, as of {report['as_of']}"
        f" (MkDocs build {report['mkdocs_build_seconds']} s with writers and Pagefind)",
    ]
    for lang, run in report["languages"].items():
        lines.append(f"[{lang}] zensical exit {run['exit']}, {run['seconds']} s")
        lines.append(
            f"  pages: {run['pages_mkdocs']} MkDocs, {run['pages_zensical']} Zensical,"
            f" {run['missing_count']} missing, {run['added_count']} added"
        )
        lines.append(
            f"  bodies: {run['bodies_identical']} identical, {run['bodies_differing']} differing"
            f" ({run['bodies_text_differing']} in their text)"
        )
        for example in run["body_examples"]:
            lines.append(f"    {example['page']}: {example['text']}")
        for engine in ("mkdocs", "zensical"):
            links = run[f"broken_links_{engine}"]
            lines.append(f"  broken links ({engine}): {links['count']}")
            lines.extend(f"    {example}" for example in links["examples"])
        lines.append(f"  theme patch: {'; '.join(run['theme_patch']) or 'applied'}")
        if run["missing"]:
            lines.append(f"  missing (first {len(run['missing'])}): {', '.join(run['missing'])}")
        if run["exit"] != 0:
            lines.extend(f"  | {message}" for message in run["messages"])
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
