"""Write Executive Yuan Gazette XML exports (<Gazette><Record>…) as a CSV `gazette import` takes.

    python tools/ey_xml_to_csv.py 096-09-20.xml 096-09-26.xml --issue 96-18 --out ey.csv
    gazette import ey.csv --into gazette_entries --map ey-map.yaml

One row per <Record>, headers the schema's aliases: 期別 (the --issue given: the export
names no issue), 類別 (Doc_Style_LName: map 公告及送達/處分/其他 in the --map file), 機關
(the first agency of PubGovName; a joint order's others are kept in 會銜機關, a column
the import lists and ignores), 發文字號 (GazetteId, several joined by `;`), 發文日期
(Date_Created, ROC date in words), 標題, title_en, 全文 (HTMLContent, the legacy HTML
body: the import unwraps its layout table and refuses any lost character). Agencies
must be in agencies.csv by name or alias (the only thing to add by hand).
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

HEADER = ["期別", "類別", "機關", "會銜機關", "發文字號", "發文日期", "標題", "title_en", "全文"]


def records(paths: Sequence[Path]) -> list[dict[str, str]]:
    """Return every <Record> of the files as a dict of its fields' text, in file order."""
    found = []
    for path in paths:
        for record in ET.parse(path).getroot().iter("Record"):
            found.append({child.tag: (child.text or "").strip("\r\n") for child in record})
    return found


def rows(found: list[dict[str, str]], issue: str) -> list[list[str]]:
    """Return the CSV rows (header first) for the records, all in `issue`."""
    table = [HEADER]
    for record in found:
        agencies = [a.strip() for a in record.get("PubGovName", "").split(";") if a.strip()]
        table.append([
            issue, record.get("Doc_Style_LName", ""), agencies[0] if agencies else "",
            ";".join(agencies[1:]), record.get("GazetteId", ""), record.get("Date_Created", ""),
            record.get("Title", ""), record.get("TitleEnglish", ""), record.get("HTMLContent", ""),
        ])  # fmt: skip
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Convert the XML files named on the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="+", type=Path, help="EY Gazette XML files")
    parser.add_argument("--issue", required=True, help="the entries' issue, e.g. 96-18")
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write")
    args = parser.parse_args(argv)
    try:
        found = records(args.xml)
    except (OSError, ET.ParseError) as error:
        print(f"{error}", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows(found, args.issue))
    print(f"{len(found)} records → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
