"""Make full-size import bombs, to time `gazette import` on them under `/usr/bin/time -v`.

    python bench/import_bombs.py OUT_DIR

writes into OUT_DIR:

- `sheet-bomb.xlsx`: one sheet of 20 million one-cell rows, about 1.1 GB of XML deflated to
  a few MB (refused from the zip directory: `expanded_bytes`);
- `repeat-bomb.ods`: about 1 KB, one cell repeated 10^6 times across and its row 10^8
  times down (refused by the repeat count: `columns`);
- `wide.csv`: 10 MB, one line of 10^6 columns (refused at line 1: `columns`);
- `big.csv`: 208 MB of gift rows (refused by size: `csv_bytes`);
- `rows.csv`: 47 MB, 1.5 million gift rows cut short, under `csv_bytes` (read and
  refused at row 1,000,001: `rows`; the memory bound of a CSV that is read).

Then, for each file F, from the project root:

    /usr/bin/time -v gazette import F --into gifts --root . --dry-run
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "data"))

from test_import_limits import ODS_BOMBS, ods_bomb, xlsx_bomb  # noqa: E402

GIFT = "G2024-{n:07d},2024-03-05,致贈,姊妹市訪問,Sister city visit,友好城市,Friendship city,JP,茶葉禮盒,Tea box,2,800,1600,true,,,secretariat\n"  # noqa: E501
HEADER = "gift_id,date,direction,occasion_zh,occasion_en,counterpart_zh,counterpart_en,counterpart_country,item_zh,item_en,quantity,unit_value,total_value,local_specialty,stakeholder,outcome,agency_id\n"  # noqa: E501


def main(out: Path) -> None:
    """Write the bombs into `out` and print their sizes."""
    out.mkdir(parents=True, exist_ok=True)
    xlsx_bomb(out / "sheet-bomb.xlsx", rows=20_000_000)
    row = '<table:table-row table:number-rows-repeated="100000000">' + ODS_BOMBS[
        "a cell repeated 10^6 times"
    ][0].removeprefix("<table:table-row>")
    ods_bomb(out / "repeat-bomb.ods", row)
    (out / "wide.csv").write_text("abcdefghi," * 1_000_000 + "a\n", encoding="utf-8")
    with (out / "big.csv").open("w", encoding="utf-8") as big:
        big.write(HEADER)
        for n in range(1_400_000):
            big.write(GIFT.format(n=n))
    with (out / "rows.csv").open("w", encoding="utf-8") as rows:
        rows.write(HEADER)
        for n in range(1_500_000):
            rows.write(GIFT.format(n=n)[:30] + "\n")
    for path in sorted(out.iterdir()):
        expanded = ""
        if path.suffix in (".xlsx", ".ods"):
            with zipfile.ZipFile(path) as archive:
                expanded = f", {sum(i.file_size for i in archive.infolist()):,} expanded"
        print(f"{path.name}: {path.stat().st_size:,} bytes{expanded}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/import-bombs"))
