"""What a built site's bytes are made of, by kind and per gazette volume (archive year).

    .venv/bin/python bench/site_bytes.py SITE_DIR [--json]

Kinds: gazette HTML (archive pages, per language), portal HTML (datasets, prices, gifts,
indicators), other HTML, PDF editions, downloads by format (CSV, JSON, XLSX, entry texts,
change histories, catalogue), search bundles (Pagefind, per bundle), feeds, sitemaps,
precompressed copies (*.gz), theme assets. A volume's share is every file under
`gazette/<volume>/` and `en/gazette/<volume>/` plus its entry texts under
`data/entries/<volume>/`; the rest (downloads, search, portal) is divided by the number of
volumes for the "per archive year" line, which is how the site grows with the archive.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

_VOLUME = re.compile(r"^(?:en/)?gazette/(\d{2,3})/|^data/entries/(\d{2,3})/")
_CATALOGUE = ("datapackage.json", "data-gov-tw.json")
_PORTAL = ("data/", "prices/", "gifts/", "indicators/")


def kind(rel: str) -> str:
    """Return the kind of one site file (posix path relative to the site folder)."""
    bare = rel[3:] if rel.startswith("en/") else rel
    lang = "en" if rel.startswith("en/") else "zh"
    name = bare.rsplit("/", 1)[-1]
    if name.endswith(".gz"):
        return "precompressed (.gz)"
    if bare.startswith("pagefind"):  # the archive's blocks (pagefind-archive-<volume>) as one
        return f"search: {re.sub(r'-[0-9]+$', '', bare.split('/', 1)[0])}"
    if name.endswith(".pdf"):
        return "PDF editions"
    if name.endswith((".atom", ".rss")):
        return "feeds"
    if bare == "gazette/manifest.json" or bare.startswith("gazette/chain/"):
        return "gazette manifest (hash chain)"
    if name.startswith("sitemap"):
        return "sitemaps"
    if bare.startswith("data/entries/"):
        return "downloads: entry texts"
    if bare.startswith("data/") and not name.endswith(".html"):
        if name.endswith(".changes.json"):
            return "downloads: change history"
        if name.endswith(".csv"):
            return "downloads: CSV"
        if name.endswith(".xlsx"):
            return "downloads: XLSX"
        if name.endswith(".json") and name not in _CATALOGUE:
            return "downloads: JSON"
        return "downloads: catalogue and other"
    if name.endswith(".html"):
        if bare.startswith("gazette/"):
            return f"HTML: gazette ({lang})"
        if bare.startswith(_PORTAL):
            return f"HTML: portal ({lang})"
        return f"HTML: other ({lang})"
    if bare.startswith("assets/"):
        return "theme assets"
    return "other"


def measure(site: Path) -> dict:
    """Return bytes and files by kind, by volume, and the per-archive-year estimate."""
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    volumes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        what = kind(rel)
        kinds[what][0] += 1
        kinds[what][1] += size
        total += size
        found = _VOLUME.match(rel)
        if found:
            volumes[found.group(1) or found.group(2)][what] += size
    in_volumes = sum(sum(v.values()) for v in volumes.values())
    count = max(len(volumes), 1)
    return {
        "site": str(site),
        "total_bytes": total,
        "volumes": len(volumes),
        "kinds": {k: {"files": f, "bytes": b} for k, (f, b) in sorted(kinds.items())},
        "per_volume": {v: dict(sorted(parts.items())) for v, parts in sorted(volumes.items())},
        "outside_volumes_bytes": total - in_volumes,
        "per_archive_year_bytes": round(total / count),
    }


def _mb(value: int) -> str:
    return f"{value / 1e6:8.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    result = measure(args.site)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    total = result["total_bytes"]
    print(f"{args.site}: {_mb(total)}, {result['volumes']} gazette volumes")
    rows = sorted(result["kinds"].items(), key=lambda item: -item[1]["bytes"])
    for name, row in rows:
        share = 100 * row["bytes"] / total if total else 0
        print(f"  {name:34} {row['files']:7,} files {_mb(row['bytes'])} {share:5.1f} %")
    for volume, parts in result["per_volume"].items():
        detail = ", ".join(
            f"{k} {v / 1e6:.2f}" for k, v in sorted(parts.items(), key=lambda i: -i[1])
        )
        print(f"  volume {volume}: {_mb(sum(parts.values()))} ({detail})")
    print(f"  outside the volumes:  {_mb(result['outside_volumes_bytes'])}")
    print(f"  per archive year:     {_mb(result['per_archive_year_bytes'])}")


if __name__ == "__main__":
    main()
