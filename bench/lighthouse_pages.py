"""Lighthouse (mobile) on one page of each type of a built site: the four category scores.

    .venv/bin/gazette build --site-dir /tmp/site --as-of 2026-12-07
    .venv/bin/python bench/lighthouse_pages.py /tmp/site [--lang en] [--no-gzip] [--runs 3]
    .venv/bin/python bench/lighthouse_pages.py /tmp/before /tmp/after --runs 3   # compare

Serves the site on 127.0.0.1 as a static host does (gzip for text unless --no-gzip: Python's
http.server sends nothing compressed, which no real host does), runs bench/lighthouse.sh
(Lighthouse 13, its default mobile profile: Moto G Power, simulated slow 4G, 4x CPU
slowdown) on each page type the issue 25 target names, and prints a Markdown table of the
performance, accessibility, best-practices and SEO scores, plus total blocking time and
the render-blocking requests. With --runs N each page is measured N times and the median
performance kept (Lighthouse's scores move a few points between runs on a shared machine).
Reports go to bench/work/lighthouse-reports/. Not a test: it measures and reports.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import server  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt", ".pf_meta")


class _GzipHandler(server._QuietHandler):
    """Serve text files gzip-compressed when the client accepts it, as static hosts do."""

    def send_head(self):  # type: ignore[no-untyped-def]
        """Return the file, compressed in memory when it is text and gzip is accepted."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path, compress: bool) -> Iterator[str]:
    """Serve `site` (gzip-compressed text when `compress`); yield its base URL."""
    if compress:
        original = server._QuietHandler
        server._QuietHandler = _GzipHandler  # serve_site builds its handler from this name
        try:
            with server.serve_site(site) as base:
                yield base
        finally:
            server._QuietHandler = original
    else:
        with server.serve_site(site) as base:
            yield base


def first(site: Path, pattern: str) -> str | None:
    """Return the URL path of the last page matching `pattern` (the newest), or None."""
    found = sorted(site.glob(pattern))
    return found[-1].parent.relative_to(site).as_posix() + "/" if found else None


def pages(site: Path, lang: str) -> dict[str, str]:
    """Return page type → URL path of one page of each type (those the site has)."""
    root = site / "en" if lang == "en" else site
    prefix = "en/" if lang == "en" else ""
    query = "procurement" if lang == "en" else "採購"
    picked = {
        "home": "",
        "search": f"search/?q={query}",
        "entry": first(root, "gazette/[0-9]*/[0-9][0-9]/*-*-*/index.html"),
        "issue": first(root, "gazette/[0-9]*/[0-9][0-9]/index.html"),
        "category": first(root, "gazette/category/procurement/index.html"),
        "agency": first(root, "gazette/agency/*/index.html"),
        "gifts year": first(root, "gifts/[0-9]*/index.html"),
        "indicator": first(root, "indicators/[0-9]*/index.html"),  # a plan year's indicators
        "indicator trend": first(root, "indicators/trend/*/index.html"),  # one, across years
        "price item": first(root, "prices/*/index.html"),
    }
    return {kind: prefix + path for kind, path in picked.items() if path is not None}


def measure(url: str, report: Path) -> dict:
    """Run Lighthouse on `url`; return its scores, TBT and render-blocking requests."""
    done = subprocess.run(
        ["bash", str(BENCH / "lighthouse.sh"), url, str(report)], capture_output=True, text=True
    )
    if done.returncode != 0 or not report.exists():
        return {"error": done.stderr[-300:]}
    data = json.loads(report.read_text())
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    audits = data["audits"]
    blocking = (
        audits.get("render-blocking-insight") or audits.get("render-blocking-resources")
    ) or {}
    items = (blocking.get("details") or {}).get("items") or []
    return {
        **scores,
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "blocking": [i.get("url", "").rsplit("/", 1)[-1] for i in items if isinstance(i, dict)],
    }


def median_run(runs: list[dict]) -> dict:
    """Return the run with the median performance score (the first run if all failed)."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    median = statistics.median_low([r["performance"] for r in good])
    return next(r for r in good if r["performance"] == median)


def table(results: dict[str, dict]) -> str:
    """Return the figures of one site as a Markdown table."""
    lines = [
        "| page | path | perf | a11y | best pr. | SEO | FCP ms | LCP ms | TBT ms | CLS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, r in results.items():
        if "error" in r:
            lines.append(f"| {kind} | `{r['path']}` | error: {r['error'][:80]} |")
            continue
        cells = [r.get(c, "") for c in CATEGORIES] + [r[k] for k in ("fcp_ms", "lcp_ms")]
        cells += [r["tbt_ms"], r["cls"]]
        lines.append(f"| {kind} | `{r['path']}` | " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main() -> int:
    """Measure each page type of each site, interleaved; print the tables; write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built sites (two: before, after)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; median kept")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--only", action="append", help="measure only this page type")
    args = parser.parse_args()
    reports = BENCH / "work" / "lighthouse-reports"
    reports.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, dict]] = {str(site): {} for site in args.sites}
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site, not args.no_gzip)) for site in args.sites]
        for kind, path in pages(args.sites[-1], args.lang).items():
            if args.only and kind not in args.only:
                continue
            runs: dict[str, list[dict]] = {str(site): [] for site in args.sites}
            # Sites take turns, page by page and run by run: a shared machine's load then
            # weighs on each the same, which matters more than the order of the pages.
            for run in range(args.runs):
                for at, (site, base) in enumerate(zip(args.sites, bases, strict=True)):
                    name = f"{args.lang}-{at}-{kind.replace(' ', '-')}-{run}.json"
                    runs[str(site)].append(measure(base + path, reports / name))
            for site in args.sites:
                results[str(site)][kind] = {"path": path, **median_run(runs[str(site)])}
                print(site, kind, results[str(site)][kind], flush=True, file=sys.stderr)
    for site in args.sites:
        print(f"\n{site}\n\n{table(results[str(site)])}")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
