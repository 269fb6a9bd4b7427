"""Ten-year benchmark: build a synthetic archive and report times, memory and sizes.

    make bench            # or: .venv/bin/python bench/run.py [--no-lighthouse] [--keep-corpus]
    .venv/bin/python bench/run.py --years 30   # the 30-year archive: 720 issues (hours here)
    .venv/bin/python bench/run.py --years 30 --small --entries-per-issue 1   # try it out
    .venv/bin/python bench/run.py --small --no-lighthouse --issues-per-year 104   # twice weekly

Writes a synthetic project into bench/work/project (ten volumes, 240 issues x 20 entries,
50,000 gifts, ~100,000 price rows, ~2,000 indicator rows), validates it with `gazette
validate` and, side by side, with `frictionless validate`, freezes the archive's PDF editions
into editions/ once (unmeasured, as a real archive has them), builds it cold (no .cache) as of
2025-12-20 and again with the other caches removed, checks that both
sites are byte-identical, measures the site and one search, then plays two publish days on
the previous build's caches: issue 114-24 (the typical day, mid-volume) and a new issue
115-01 with 20 entries (`gazette new-issue`), which opens a volume. Results go to
bench/results/<date>.json; the README's Benchmark section quotes them. Not a test: nothing
here asserts, it measures and reports against the targets.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tools"))

import measure  # noqa: E402

BIN = Path(sys.executable).parent
FIRST_YEAR, LAST_YEAR = 2016, 2025  # ROC volumes 105-114: ten years, 240 issues
# The full build stops before the archive's last issue (114-24, 2025-12-31), which a typical
# publish day then adds; a second publish day opens a new volume (115-01, 2026-01-15).
# `publish_days` reads both days from the corpus, as a busy city's calendar differs.
CORPUS = {
    "first_year": FIRST_YEAR,
    "last_year": LAST_YEAR,
    "entries_per_issue": 20,
    "gifts": 50_000,
    "price_items": 2_300,  # x ~40 quarterly surveys (+10% regional) = ~100,000 rows
    "surveys_per_item": 40,
    # The generator writes one Secretariat plan of 16 indicators per year, so ~2,000 rows
    # take 115 plan years (ROC 10-124; later years' falling targets would go negative): a
    # volume test of the indicator pages, not a story. 1,840 rows.
    "indicator_years": tuple(range(10, 125)),
    "records_until": dt.date(2025, 12, 31),
}
# A two-year, small archive to try the benchmark itself in a minute (`--small`).
SMALL = {
    **CORPUS,
    "first_year": 2024,
    "gifts": 1_000,
    "price_items": 50,
    "surveys_per_item": 8,
    "indicator_years": (113, 114),  # 32 rows
}


def corpus_for(
    years: int | None, small: bool, entries_per_issue: int | None, issues_per_year: int = 24
) -> dict:
    """Return the corpus: ten years (two with --small) or `years` ending in LAST_YEAR.

    Records that accrue per year (gifts, price surveys) scale with the span, so a 30-year
    archive has three times the ten-year one's; the indicator years stay as they are.
    `issues_per_year` (24, or 104 for a twice-weekly city) sets the publication calendar.
    """
    base = SMALL if small else CORPUS
    span = years or (LAST_YEAR - base["first_year"] + 1)
    default_span = LAST_YEAR - base["first_year"] + 1
    corpus = {
        **base,
        "first_year": LAST_YEAR - span + 1,
        "gifts": base["gifts"] * span // default_span,
        "surveys_per_item": max(1, base["surveys_per_item"] * span // default_span),
    }
    if entries_per_issue is not None:
        corpus["entries_per_issue"] = entries_per_issue
    if issues_per_year != 24:  # the default stays out, so older corpora are unchanged
        corpus["issues_per_year"] = issues_per_year
    return corpus


def write_gazette_yaml(project: Path, issues_per_year: int) -> None:
    """Write the project's gazette.yaml: the repository's, with the corpus's calendar.

    A busy city's issues fall on its own calendar (weekly:tue,fri) and number past 99, so
    the validator and `gazette new-issue` must read that calendar and 3-digit numbering.
    """
    from sample_corpus import calendar_spec, number_digits

    text = (REPO / "gazette.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^calendar: .*$", f"calendar: {calendar_spec(issues_per_year)}", text)
    digits = number_digits(issues_per_year)
    text = re.sub(r"(?m)^(  digits:) \d+", rf"\g<1> {digits}", text)
    (project / "gazette.yaml").write_text(text, encoding="utf-8")


def publish_days(project: Path) -> tuple[str, dt.date, dt.date]:
    """Return the archive's last issue, the cold build's as-of day and the publish day.

    The cold build stops before the last issue (114-24 on 2025-12-31 at 24 a year: as of
    2025-12-20; a twice-weekly city's last issue is 2025-12-30, as of the issue before it);
    the typical publish day then adds that one issue.
    """
    with (project / "datasets" / "gazette_issues.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    last = dt.date.fromisoformat(rows[-1]["publication_date"])
    before = dt.date.fromisoformat(rows[-2]["publication_date"])
    return rows[-1]["issue_id"], max(before, last - dt.timedelta(days=11)), last


TARGETS = {
    "full_build_s": 120,
    "publish_day_build_s": 10,  # #16: ≤ 10 s, and ≤ 5 % of the cold build
    "publish_day_new_volume_s": 20,
    "publish_day_deploy_mb": 5,
    "median_page_kb": 40,
    "search_query_kb": 300,
    "peak_rss_mb": 1536,
    "peak_pss_mb": 1536,
}
# Project files the generated datasets need to become a buildable project.
PROJECT_FILES = ("content", "overrides", "mkdocs.yml", "mkdocs.en.yml")


def gazette(*args: str) -> list[str]:
    """Return the command line of the project's CLI."""
    return [str(BIN / "gazette"), *args]


def write_project(project: Path, corpus: dict) -> dict[str, int]:
    """Write the synthetic archive (datasets only); return rows per resource."""
    from sample_corpus import write_corpus

    shutil.rmtree(project, ignore_errors=True)
    write_corpus(project, **corpus)
    return count_rows(project / "datasets")


def copy_project_files(project: Path) -> None:
    """Copy the repository's pages, overrides and MkDocs configs into the project, afresh."""
    for name in PROJECT_FILES:
        source, target = REPO / name, project / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copyfile(source, target)


def count_rows(datasets: Path) -> dict[str, int]:
    """Return the number of data rows of every CSV of the package."""
    counts = {}
    for path in sorted(datasets.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            counts[path.stem] = sum(1 for _ in csv.reader(handle)) - 1
    return counts


def must(result: measure.Measured, what: str) -> measure.Measured:
    """Stop the benchmark with the command's output when a step fails."""
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        sys.exit(f"{what} failed ({result.returncode}):\n{tail}")
    return result


# The build prints one line per stage: "gazette build: render   zh-TW 492 pages ... (3.0s)".
STAGE = re.compile(r"^gazette build: (\w+)\s.*\(([0-9.]+)s\)\s*$", re.M)


def stage_times(output: str) -> dict[str, float]:
    """Return the stage times the build prints, keyed by stage name (validate, render, ...)."""
    return {name: float(seconds) for name, seconds in STAGE.findall(output)}


def site_metrics(site: Path) -> dict[str, float]:
    """Return the size of the site and of its HTML pages."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    sizes = sorted(p.stat().st_size for p in pages)
    gz = [len(gzip.compress(p.read_bytes(), 6)) for p in pages[:: max(1, len(pages) // 400)]]
    pagefind = sum(p.stat().st_size for p in files if "pagefind" in p.relative_to(site).parts)
    return {
        "site_mb": round(sum(p.stat().st_size for p in files) / 2**20, 1),
        "site_files": len(files),
        "html_pages": len(pages),
        "median_page_kb": round(statistics.median(sizes) / 1024, 1),
        "largest_page_kb": round(sizes[-1] / 1024, 1),
        "median_page_gzip_kb": round(statistics.median(gz) / 1024, 1),
        "pagefind_mb": round(pagefind / 2**20, 1),
    }


def site_digests(site: Path) -> dict[str, str]:
    """Return the SHA-256 of every file of a site, by path."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Return the paths whose presence or bytes differ between two site digests."""
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def deploy_delta(before: dict[str, str], site: Path) -> dict[str, float]:
    """Return what `gazette deploy` would move after a publish day: it uploads exactly the
    files whose bytes changed (checksum compare) and deletes the ones gone."""
    after = site_digests(site)
    changed = [p for p in after if before.get(p) != after[p]]
    uploaded = sum((site / p).stat().st_size for p in changed)
    return {
        "publish_day_deploy_files": len(changed),
        "publish_day_deploy_mb": round(uploaded / 2**20, 2),
        "publish_day_deploy_deleted": len(before.keys() - after.keys()),
    }


def peak(*runs: measure.Measured | None, pss: bool = False) -> float | None:
    """Return the largest peak memory (MB) of several runs; PSS is None where unknown."""
    values = [r.peak_pss_mb if pss else r.peak_rss_mb for r in runs if r is not None]
    known = [v for v in values if v is not None]
    return round(max(known), 1) if known else None


def add_publish_day_entries(project: Path, issue_id: str, count: int = 20) -> None:
    """Append `count` entries to the new issue, modelled on the archive's last issue."""
    datasets = project / "datasets"
    path = datasets / "gazette_entries.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    last_issue = rows[-1]["issue_id"]
    model = [r for r in rows if r["issue_id"] == last_issue][:count]
    published = dt.date.fromisoformat(new_issue_date(project, issue_id))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        for seq, old in enumerate(model, start=1):
            new = dict(old)
            new["entry_id"] = f"{issue_id}-{seq:03d}"
            new["issue_id"] = issue_id
            new["signed_date"] = (published - dt.timedelta(days=3)).isoformat()
            digits = f"第{published:%Y%m%d}{seq:02d}"
            new["doc_number"] = re.sub(r"第[0-9]+", digits, old["doc_number"])
            for lang in ("body_zh", "body_en"):
                if old[lang]:
                    new[lang] = old[lang].replace(old["entry_id"], new["entry_id"])
                    old_dir, new_dir = last_issue.replace("-", "/"), issue_id.replace("-", "/")
                    new[lang] = new[lang].replace(old_dir, new_dir)
                    target = datasets / new[lang]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(datasets / old[lang], target)
            writer.writerow(new)


def new_issue_date(project: Path, issue_id: str) -> str:
    """Return the publication date of one issue."""
    with (project / "datasets" / "gazette_issues.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["issue_id"] == issue_id:
                return row["publication_date"]
    raise KeyError(issue_id)


def lighthouse(site: Path, paths: list[str]) -> dict[str, dict]:
    """Run bench/lighthouse.sh on a few pages; return performance and accessibility scores."""
    from search import serve_site

    scores = {}
    out = BENCH / "work" / "lighthouse-reports"
    out.mkdir(parents=True, exist_ok=True)
    with serve_site(site) as base:
        for path in paths:
            name = path.strip("/").replace("/", "_") or "home"
            report = out / f"{name}.json"
            done = subprocess.run(
                ["bash", str(BENCH / "lighthouse.sh"), base + path, str(report)],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0 or not report.exists():
                scores[path] = {"error": done.stderr[-500:]}
                continue
            categories = json.loads(report.read_text())["categories"]
            scores[path] = {k: round(v["score"] * 100) for k, v in categories.items()}
    return scores


def pick_pages(site: Path) -> list[str]:
    """Return the home page, the newest issue page and a dataset page, as URL paths."""
    issues = sorted(site.glob("gazette/[0-9]*/[0-9][0-9]/index.html"))
    datasets = sorted(site.glob("data/*/index.html"))
    paths = [""]
    paths += [issues[-1].parent.relative_to(site).as_posix() + "/"] if issues else []
    paths += [datasets[0].parent.relative_to(site).as_posix() + "/"] if datasets else []
    return paths


ROWS = [
    ("full build (validate → publish)", "full_build_s", "s", "≤ 120 s"),
    ("full build, PDF editions cached", "full_build_pdf_cached_s", "s", ""),
    ("publish-day build (+1 issue, 20 entries)", "publish_day_build_s", "s", "≤ 10 s"),
    ("publish day opening a new volume", "publish_day_new_volume_s", "s", "≤ 20 s"),
    ("`gazette validate`", "validate_s", "s", ""),
    ("validation speed", "validate_rows_per_s", "rows/s", ""),
    ("`frictionless validate`, same package", "frictionless_validate_s", "s", "slower than ours"),
    ("render (Markdown, both languages)", "render_s", "s", ""),
    ("MkDocs (both languages)", "mkdocs_s", "s", ""),
    ("peak memory (whole process tree)", "peak_rss_mb", "MB", "≤ 1,536 MB"),
    ("peak memory, shared pages split (PSS)", "peak_pss_mb", "MB", "≤ 1,536 MB"),
    ("site size", "site_mb", "MB", ""),
    ("full build per HTML page", "full_build_ms_per_page", "ms", "flat from 10 to 30 years"),
    ("`gazette deploy` upload on the publish day", "publish_day_deploy_mb", "MB", "≤ 5 MB"),
    ("HTML pages", "html_pages", "", ""),
    ("median HTML page, raw (gzipped)", "median_page_kb", "KB", "≤ 40 KB"),
    ("one search, cold cache, raw (gzipped)", "search_query_kb", "KB", "≤ 300 KB"),
]


def markdown_table(result: dict) -> str:
    """Return the README's benchmark table for one result."""
    lines = ["| measure | value | target |", "| --- | ---: | --- |"]
    for label, key, unit, target in ROWS:
        value = result.get(key)
        extra = ""
        if key == "median_page_kb":
            extra = f" ({result.get('median_page_gzip_kb')})"
        if key == "search_query_kb":
            extra = f" ({result.get('search_query_gzip_kb')})"
        lines.append(f"| {label} | {value}{extra} {unit} | {target} |")
    return "\n".join(lines)


def rebuild(
    project: Path, site: Path, build_cmd: list[str], env: dict, result: dict, as_of: dt.date
) -> measure.Measured:
    """Build again with only the PDF editions kept; record the time and whether it matches."""
    print("building it again from the PDF editions only (other caches removed) ...", flush=True)
    cold_site = site.with_name(site.name + "-cold")
    shutil.rmtree(cold_site, ignore_errors=True)
    site.rename(cold_site)
    for cache in ("build", "search", "downloads", "history", "validate", "entries"):
        shutil.rmtree(project / ".cache" / cache, ignore_errors=True)
    warm = must(measure.run(gazette(*build_cmd, "--as-of", as_of.isoformat()), env=env), "build")
    result["full_build_pdf_cached_s"] = round(warm.seconds, 2)
    result["build_pdf_cached_stages_s"] = stage_times(warm.stdout + warm.stderr)
    changed = differences(site_digests(cold_site), site_digests(site))
    result["cached_build_identical"] = not changed
    result["cached_build_differences"] = changed[:20]
    shutil.rmtree(cold_site, ignore_errors=True)
    return warm


def save(out: Path, result: dict) -> None:
    """Write the results so far (the final write adds the targets)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the whole benchmark and write bench/results/<date>.json."""
    parser = argparse.ArgumentParser(description="Ten-year archive benchmark.")
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--keep-corpus", action="store_true", help="reuse work/project if there")
    parser.add_argument("--small", action="store_true", help="a two-year archive, to try it out")
    parser.add_argument("--years", type=int, default=None, help="archive span (default 10)")
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="skip the second full build (the byte-identity check), e.g. for --years 30",
    )
    parser.add_argument(
        "--entries-per-issue", type=int, default=None, help="entries per issue (default 20)"
    )
    parser.add_argument(
        "--issues-per-year",
        type=int,
        default=24,
        choices=(12, 24, 52, 104, 156),
        help="issues a year on that city's calendar (104: twice weekly, weekly:tue,fri)",
    )
    args = parser.parse_args(argv)
    project, site = args.work / "project", args.work / "site"
    name = dt.date.today().isoformat() + ("-small" if args.small else "")
    name += f"-{args.years}y" if args.years else ""
    name += f"-{args.issues_per_year}i" if args.issues_per_year != 24 else ""
    out = BENCH / "results" / f"{name}.json"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result: dict = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count()}
    result["load_average_at_start"] = round(os.getloadavg()[0], 1)  # other work on the machine
    result["machine"] = f"{platform.machine()}, Python {platform.python_version()}"

    print("writing the synthetic archive ...", flush=True)
    if args.keep_corpus and (project / "datasets").is_dir():
        rows = count_rows(project / "datasets")
    else:
        corpus = corpus_for(args.years, args.small, args.entries_per_issue, args.issues_per_year)
        rows = write_project(project, corpus)
    copy_project_files(project)
    if args.issues_per_year != 24:  # the default archive keeps the built-in configuration
        write_gazette_yaml(project, args.issues_per_year)
    last_issue, as_of, publish_day = publish_days(project)
    result["rows"] = rows
    result["years"] = args.years or (2 if args.small else 10)
    result["issues_per_year"] = args.issues_per_year
    total_rows = sum(rows.values())

    if not (project / "editions").is_dir():
        # A real archive keeps its published PDF editions frozen in editions/ (rendered once,
        # on each issue's publication day), so the measured cold build only copies them.
        print("freezing the archive's PDF editions (not measured) ...", flush=True)
        freeze = [sys.executable, str(BENCH / "freeze_editions.py"), str(project)]
        must(measure.run([*freeze, as_of.isoformat()], env=env), "freeze")

    print("validating ...", flush=True)
    validate = must(measure.run(gazette("validate", "--root", str(project)), env=env), "validate")
    result["validate_s"] = round(validate.seconds, 2)
    result["validate_rows_per_s"] = round(total_rows / validate.seconds)
    frictionless = measure.run(
        [str(BIN / "frictionless"), "validate", str(project / "datasets" / "datapackage.yaml")],
        env=env,
    )
    result["frictionless_validate_s"] = round(frictionless.seconds, 2)
    result["frictionless_exit"] = frictionless.returncode
    result["frictionless_over_gazette"] = round(frictionless.seconds / validate.seconds, 2)

    print("building the full archive ...", flush=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # cold: no cached PDFs, downloads, index
    build_cmd = ["build", "--root", str(project), "--site-dir", str(site)]
    full = must(measure.run(gazette(*build_cmd, "--as-of", as_of.isoformat()), env=env), "build")
    result["full_build_s"] = round(full.seconds, 2)
    result["build_stages_s"] = stage_times(full.stdout + full.stderr)
    result["render_s"] = result["build_stages_s"].get("render")
    result["mkdocs_s"] = result["build_stages_s"].get("mkdocs")
    result.update(site_metrics(site))
    result["full_build_ms_per_page"] = round(1000 * full.seconds / result["html_pages"], 2)
    save(out, result)  # partial results survive a run stopped halfway

    warm = None
    if not args.no_rebuild:
        warm = rebuild(project, site, build_cmd, env, result, as_of)
        save(out, result)

    print("measuring one search ...", flush=True)
    from search import search_bytes

    # Typed on the gazette archive page; a cold cache, so the Pagefind code counts too.
    searches = search_bytes(
        site, {"採購": "gazette/", "公告": "gazette/", "procurement": "en/gazette/"}
    )
    result["searches"] = searches
    result["search_query_kb"] = searches["採購"]["kb"]
    result["search_query_gzip_kb"] = searches["採購"]["gzip_kb"]

    if not args.no_lighthouse:
        print("running Lighthouse (mobile) ...", flush=True)
        result["lighthouse"] = lighthouse(site, pick_pages(site))

    print(f"publish day: issue {last_issue} ...", flush=True)
    before = site_digests(site)
    publish = must(
        measure.run(gazette(*build_cmd, "--as-of", publish_day.isoformat()), env=env), "publish"
    )
    result.update(deploy_delta(before, site))
    result["publish_day_issue"] = last_issue
    result["publish_day_build_s"] = round(publish.seconds, 2)
    # #16 also asks for the publish day to cost at most 5 % of the cold build
    result["publish_day_share_of_full_build"] = round(publish.seconds / full.seconds, 3)
    result["publish_day_stages_s"] = stage_times(publish.stdout + publish.stderr)

    print("publish day in a new volume: one new issue with 20 entries ...", flush=True)
    added = must(measure.run(gazette("new-issue", "--root", str(project)), env=env), "new-issue")
    issue_id = added.stdout.split()[0]
    add_publish_day_entries(project, issue_id)
    day = new_issue_date(project, issue_id)
    year = must(measure.run(gazette(*build_cmd, "--as-of", day), env=env), "new-volume build")
    result["publish_day_new_volume_issue"] = issue_id
    result["publish_day_new_volume_s"] = round(year.seconds, 2)
    result["publish_day_new_volume_stages_s"] = stage_times(year.stdout + year.stderr)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["largest_process_rss_mb"] = round(children, 1)
    result["peak_rss_mb"] = peak(validate, full, warm, publish, year)
    result["peak_pss_mb"] = peak(validate, full, warm, publish, year, pss=True)
    result["targets"] = {
        key: {
            "target": limit,
            "value": result.get(key),
            "met": None if result.get(key) is None else result[key] <= limit,
        }
        for key, limit in TARGETS.items()
    }
    result["targets"]["validate_vs_frictionless"] = {
        "target": "at least as fast",
        "value": result["frictionless_over_gazette"],
        "met": result["frictionless_over_gazette"] >= 1,
    }

    result["load_average_at_end"] = round(os.getloadavg()[0], 1)
    save(out, result)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, dict)}, indent=2))
    print(f"wrote {out.relative_to(REPO)}\n")
    print(markdown_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
