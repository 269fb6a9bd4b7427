"""Time entry-body rendering (generator.markup.escape.body_html) per KB, 1 KB to 1 MB.

Usage: .venv/bin/python bench/markdown_bodies.py [--max-kb 1024] [--repeat 3] [--only KIND]

For each kind of text (a normal body, and hostile ones: a list nested 500 deep, 8k-style
unbalanced '[', emphasis runs, a long table) and each size (1, 4, 16, 64, 256, 1024 KB),
prints the best of K runs in milliseconds per KB of the text actually rendered (at least
one whole 500-deep block, ~250 KB, however small the size asked). Linear rendering shows
as a flat row; a quadratic one grows with the size. Nothing is asserted: tests check
output, not time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.markup.escape import body_html  # noqa: E402

NORMAL = (
    "## 說明\n\n一、本府為辦理**公文**線上簽核，依[規定](https://example.gov.tw/)辦理。\n\n"
    "| 項目 | 金額 |\n| --- | ---: |\n| 甲 | 1,000 |\n\n"
    "- 第一點\n  - 細目\n\n> 附註：*自公告日起生效*。\n\n"
)


def repeat_to(unit: str, size: int) -> str:
    """Return `unit` repeated to about `size` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode()))


def nested(size: int) -> str:
    """Return lists nested 500 deep, repeated to `size` bytes."""
    block = "".join("  " * i + "- x\n" for i in range(500)) + "\n"
    return repeat_to(block, size)


KINDS: dict[str, Callable[[int], str]] = {
    "normal": lambda size: repeat_to(NORMAL, size),
    "nested 500 deep": nested,
    "unbalanced [": lambda size: repeat_to("[", size),
    "unbalanced [a](": lambda size: repeat_to("[a](", size),
    "emphasis runs": lambda size: repeat_to("*a **b _c __d ", size),
    "long table": lambda size: "| a | b |\n| --- | --- |\n" + repeat_to("| 1 | 值 |\n", size),
}


def measure(text: str, repeat: int) -> float:
    """Return the best time of `repeat` renders, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        body_html(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=None, help="one kind, e.g. 'long table'")
    args = parser.parse_args()
    sizes = [kb for kb in (1, 4, 16, 64, 256, 1024) if kb <= args.max_kb]
    print("| text | " + " | ".join(f"{kb} KB" for kb in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for name, make in KINDS.items():
        if args.only not in (None, name):
            continue
        cells = []
        for kb in sizes:
            text = make(kb * 1024)
            seconds = measure(text, args.repeat)
            actual = len(text.encode()) / 1024  # the 500-deep block alone is ~250 KB
            cells.append(f"{seconds * 1000 / actual:.2f}")
        print(f"| {name} (ms/KB) | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
