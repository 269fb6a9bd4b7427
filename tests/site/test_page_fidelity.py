"""The build's fidelity check of entry pages: text lost or added, syntax shown as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.gazette import page_fidelity
from generator.gazette.page_fidelity import block_text, check_text, visible
from generator.markup.escape import body_html


def _page(body: str) -> str:
    """Return a page around a rendered body, as MkDocs writes it."""
    head = '<html><body><h2>全文</h2><div class="entry-body" lang="zh-Hant">'
    return f"{head}\n{body}\n</div><footer>頁尾 2025</footer></body></html>"


def _refused(run_cli, root: Path, site: Path, as_of: str) -> list[dict]:  # noqa: ANN001
    """Build `root` into `site` as of `as_of`; assert exit 1 and return the JSON problems."""
    code, out, _err = run_cli(
        "build", "--root", root, "--site-dir", site, "--as-of", as_of,
        "--quiet", "--format", "json", "--lang", "en",
    )  # fmt: skip
    assert code == 1
    return json.loads(out)


def _shown(source: str) -> str:
    return block_text(_page(str(body_html(source)))) or ""


@pytest.mark.parametrize(
    "source",
    [
        "**一、**公文如下，**王○○**為本府秘書。",
        "程式碼 `**x**` 與 `a<br>b` 照樣顯示。",
        "跳脫 \\*\\*不是粗體\\*\\* 與 \\_\\_底線\\_\\_",
        "[連結文字](https://example.gov.tw/a/b?c=1) 與註腳[^1]\n\n[^1]: 註腳內容",
        "![圖說](figure.png)",
        "| 項目 | 金額 |\n| --- | ---: |\n| 文具 | 1,200 |",
        "1. 第一點\n2. 第二點\n\n10. 第十點",
        "```\n**原樣** <br> [TABLE]\n```",
        "字面上的 a<br>b 與 &lt;br&gt;",
        "5 * 3 = 15，snake_case_name",
        "[TABLE] 本文自己寫了這個字樣",
    ],
)
def test_renderer_keeps_every_body(source: str) -> None:
    assert check_text(visible(source), _shown(source)) is None


def _finding(source: str, shown: str) -> tuple[int | None, int, int, str | None]:
    found = check_text(visible(source), shown)
    assert found is not None
    d = found.difference
    return found.line, d.lost if d else 0, d.added if d else 0, found.syntax


@pytest.mark.parametrize(
    ("source", "shown", "expected"),
    [
        ("主旨：公告事項。", "主旨：公告事。", (None, 1, 0, None)),
        ("主旨：公告事項。", "主旨：公告事項。123", (None, 0, 3, None)),
        ("**一、**公文", "**一、**公文", (None, 0, 0, "**")),
        ("第一行\n\n__王○○__為", "第一行 __王○○__為", (3, 0, 0, "__")),
        ("換行", "換&lt;br&gt;行", (None, 0, 0, "<br")),
        ("表格", "表格 [TABLE]", (None, 0, 0, "[TABLE]")),
        ("換行", "換行 br", (None, 0, 2, None)),
        ("換行a", "換<br>行a", (None, 0, 0, "<br")),
        ("換行a", "換&lt;br>行a", (None, 0, 0, "<br")),
        ("表格", "表格[]", (None, 0, 0, None)),
    ],
)
def test_losses_additions_and_syntax_are_found(
    source: str, shown: str, expected: tuple[int | None, int, int, str | None]
) -> None:
    if expected == (None, 0, 0, None):
        assert check_text(visible(source), shown) is None
        return
    assert _finding(source, shown) == expected


def test_an_unpaired_double_asterisk_counts_as_syntax() -> None:
    # `**` that could open or close emphasis but pairs with nothing is markup the reader
    # sees by mistake; written as text it is escaped (`5\*\*3`).
    assert _finding("5**3 次方", _shown("5**3 次方")) == (1, 0, 0, "**")
    assert check_text(visible("5\\*\\*3 次方"), _shown("5\\*\\*3 次方")) is None


def test_stock_commonmark_rendering_is_caught() -> None:
    # What the sample's pages showed before the CJK-friendly parser: the check fails it.
    source = "**一、**公文如下，**王○○**為本府秘書。"
    stock = MarkdownIt("commonmark").render(source)
    found = check_text(visible(source), block_text(_page(stock)) or "")
    assert found is not None and found.syntax == "**" and found.difference is None


def test_block_text_reads_only_the_body_block() -> None:
    page = _page("<p>本文</p><div>內層</div><p>尾</p>")
    assert block_text(page) == "\n<p>本文</p><div>內層</div><p>尾</p>\n".replace("<p>", "").replace(
        "</p>", ""
    ).replace("<div>", "").replace("</div>", "")
    assert block_text("<p>no body</p>") is None


def test_problem_names_the_body_file_line_and_field() -> None:
    source = "第一行\n第二行有**錯**字"
    found = check_text(visible(source), "第一行 第二行有錯")
    assert found is not None
    problem = page_fidelity.problem(
        "entries/114/x.md", "body_zh", found, "gazette/x/", source, visible(source)
    )
    assert (problem.path, problem.line, problem.field, problem.code) == (
        "datasets/entries/114/x.md",
        2,
        "body_zh",
        "render-text-lost",
    )
    assert problem.values["lost"] == 1


@pytest.mark.slow
def test_build_fails_when_a_page_shows_syntax_or_loses_text(
    tmp_project, run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A renderer that shows `**` (stock CommonMark) or drops text fails the build, exit 1."""
    import generator.gazette.pages as gazette_pages

    stock = MarkdownIt("commonmark")

    def defective(text: str) -> str:
        html = stock.render(text)
        return html.replace("公告", "公", 1)  # one character lost, where it occurs

    monkeypatch.setattr(gazette_pages, "body_html", defective)
    site = tmp_path / "site"
    found = _refused(run_cli, tmp_project.root, site, "2025-03-01")
    codes = {p["code"] for p in found}
    assert codes == {"render-syntax-shown", "render-text-lost"}
    first = next(p for p in found if p["code"] == "render-syntax-shown")
    assert first["path"].startswith("datasets/entries/") and first["field"] == "body_zh"
    source = (tmp_project.root / first["path"]).read_text(encoding="utf-8").splitlines()
    assert "**" in source[first["line"] - 1]  # the line holding the bold that failed
    assert "**" in first["message"]
    assert not site.exists()  # nothing published


def test_hostile_bodies_are_checked_in_linear_time() -> None:
    """Doubling a hostile body about doubles the check's time (no quadratic pass)."""
    import time

    def cost(repeat: int) -> float:
        source = ("**一、**公文 __底線__ a<br>b *「引」* 5 * 3 [TABLE] `**`\n\n" * repeat)[:-1]
        html = _page(str(body_html(source)))
        runs = []  # this process's CPU time, least of three: a loaded machine adds nothing
        for _ in range(3):
            started = time.process_time()
            expected = visible(source)
            assert check_text(expected, block_text(html) or "") is None
            runs.append(time.process_time() - started)
        return min(runs)

    cost(100)  # warm-up
    small, large = cost(500), cost(2_000)
    assert large < small * 4 * 3  # four times the text, well under twelve times the time


def test_literal_asterisks_of_adjacent_cells_run_together_are_not_markup() -> None:
    from generator.gazette.page_fidelity import syntax_beyond, visible

    body = "| 地址 | 電話 |\n| --- | --- |\n| 五路\\*\\*\\*號 | \\*\\*\\*\\*\\*\\*\\* |\n"
    expected = visible(body)
    # A printed table may run the cells together: ten stars, five pairs, none of it markup.
    assert syntax_beyond("地址電話五路***號*******", expected) == {}
    assert syntax_beyond("地址電話**五路***號*******", expected) == {"**": 1}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the text of every page block the check parses (`check_text` calls)."""
    seen: list[str] = []
    real = page_fidelity.check_text

    def counted(expected, shown):  # noqa: ANN001, ANN202 - a test double of check_text
        seen.append(shown)
        return real(expected, shown)

    monkeypatch.setattr(page_fidelity, "check_text", counted)
    return seen


@pytest.mark.slow  # whole-site builds of the mini project
def test_a_page_that_passed_is_not_parsed_again_but_a_changed_one_is(
    mini_project, run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The verdict cache: same body and page bytes are not checked twice; new pages are."""
    root, site = mini_project.root, tmp_path / "site"
    seen = _counting(monkeypatch)
    args = ("build", "--root", root, "--site-dir", site, "--quiet", "--as-of")
    assert run_cli(*args, "2024-01-31")[0] == 0
    first = len(seen)
    assert first > 0
    seen.clear()
    assert run_cli(*args, "2024-01-31")[0] == 0
    assert seen == []  # every page passed before, byte for byte
    assert run_cli(*args, "2024-02-15")[0] == 0  # a publish day: issue 3, a corrigendum
    assert 0 < len(seen) < first + 4  # its entries and the corrected page, not the archive

    # Checking code that changes (its stamp) checks every page again.
    monkeypatch.setattr(page_fidelity, "VERDICTS_VERSION", page_fidelity.VERDICTS_VERSION + 1)
    seen.clear()
    assert run_cli(*args, "2024-02-15")[0] == 0
    assert len(seen) >= first


@pytest.mark.slow  # whole-site builds of the mini project
def test_a_failing_page_fails_every_build_and_a_forged_verdict_is_ignored(
    mini_project, run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only passes are kept; a verdict file edited by hand is a miss, not a pass."""
    import generator.gazette.pages as gazette_pages

    root, site = mini_project.root, tmp_path / "site"
    args = ("build", "--root", root, "--site-dir", site, "--quiet", "--as-of", "2024-01-31")
    real = gazette_pages.body_html
    monkeypatch.setattr(gazette_pages, "body_html", lambda text: real(text).replace("本", "", 1))
    for _ in range(2):
        code, _out, err = run_cli(*args)
        assert code == 1 and "gazette/113/01/113-01-001/index.html" in err
        assert not site.exists()

    monkeypatch.setattr(gazette_pages, "body_html", real)
    assert run_cli(*args)[0] == 0
    verdicts = page_fidelity.Verdicts(root)
    entry = verdicts.store.folder / verdicts.NAME
    header, payload = entry.read_bytes().split(b"\n", 1)
    kept = json.loads(payload)
    assert kept and all(len(k) == 64 for k in kept)
    # Someone adds a pass by hand (the checksum in the header no longer matches): a miss,
    # and the next build checks every page again.
    entry.write_bytes(header + b"\n" + json.dumps([*kept, "0" * 64]).encode())
    assert page_fidelity.Verdicts(root).known == set()
    seen = _counting(monkeypatch)
    assert run_cli(*args)[0] == 0
    assert len(seen) == len(kept)


ALIGNED = "| 項目 | 金額（元） | 備註 |\n| :--- | ---: | :-: |\n| 影印紙 | 1,200 | 無 |\n"


def test_a_tables_column_alignment_reaches_the_page_as_a_class() -> None:
    """`| ---: |` becomes gz-align-right on each cell; no other class gets through."""
    shown = str(body_html(ALIGNED))
    assert shown.count('class="gz-align-right"') == 2
    assert shown.count('class="gz-align-left"') == 2
    assert shown.count('class="gz-align-center"') == 2
    assert "style=" not in shown
    assert page_fidelity.shown_alignments(_page(shown)) == visible(ALIGNED).alignments
    assert visible(ALIGNED).alignments == ("left", "right", "center") * 2
    # A class typed by a clerk in raw HTML is text, never an attribute.
    assert "<td" not in str(body_html('<td class="gz-align-right x">1</td>'))


@pytest.mark.slow  # whole-site builds of the mini project
def test_a_page_that_loses_a_columns_alignment_fails_the_build(
    mini_project, run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A renderer that drops the alignment (the sanitiser before the fix) is refused."""
    import generator.gazette.pages as gazette_pages

    body = mini_project.root / "datasets/entries/113-01-001.zh.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n" + ALIGNED, encoding="utf-8")
    real = gazette_pages.body_html
    monkeypatch.setattr(
        gazette_pages, "body_html", lambda text: real(text).replace(' class="gz-align-right"', "")
    )
    site = tmp_path / "site"
    found = _refused(run_cli, mini_project.root, site, "2024-01-31")
    assert {p["code"] for p in found} == {"render-alignment-lost"}
    assert found[0]["path"] == "datasets/entries/113-01-001.zh.md"
    assert found[0]["line"] == 3  # the table's first line, after the sentence and a blank
    assert not site.exists()
    monkeypatch.setattr(gazette_pages, "body_html", real)
    assert run_cli("build", "--root", mini_project.root, "--site-dir", site, "--as-of",
                   "2024-01-31", "--quiet")[0] == 0  # fmt: skip
    page = (site / "gazette/113/01/113-01-001/index.html").read_text(encoding="utf-8")
    assert page_fidelity.shown_alignments(page) == visible(ALIGNED).alignments
