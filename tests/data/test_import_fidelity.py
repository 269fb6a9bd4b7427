"""Imported bodies keep every character: layout tables, data tables, text, the loud refusal.

The fixture ey-096-09-20-18802.html is one real Executive Yuan Gazette body (see its
comment); before this check it became the 18-byte Markdown `[TABLE]` + `[Top](#)`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data import body_convert, html_layout, import_bodies, text_body
from generator.fidelity import compare, significant
from generator.markup.escape import body_html

FIXTURES = Path(__file__).parent / "fixtures"
EY_RECORD = FIXTURES / "ey-096-09-20-18802.html"
ENTRY_HEADER = "事項編號,期別代碼,類別,發文機關,發文字號,發文日期,主旨,中文全文檔\n"


def problems(stdout: str) -> list[tuple[str, int | None, str, str]]:
    """Project a JSON report onto (path, line, field, code)."""
    return [(p["path"], p["line"], p["field"], p["code"]) for p in json.loads(stdout)]


def independent_text(html: str) -> str:
    """Return an HTML body's text by lxml alone, minus the documented removals."""
    body = lxml.html.document_fromstring(html).find("body")
    for node in body.xpath("//script|//style|//a[normalize-space()='Top']"):
        node.drop_tree()
    return body.text_content()  # XPath string(): comments are not text


def import_entry(project, run_cli, tmp_path: Path, body_cell: str, *extra: str):
    """Import one entry of the mini project whose body cell is `body_cell`."""
    source = tmp_path / "entries.csv"
    cell = '"' + body_cell.replace('"', '""') + '"'
    source.write_text(
        ENTRY_HEADER
        + f"113-03-002,113-03,公告,secretariat,府秘文字第1130001000號,113/02/12,公告事項,{cell}\n",
        encoding="utf-8",
    )
    result = run_cli("import", source, "--into", "gazette_entries", "--root", project.root,
                     "--format", "json", "--lang", "en", *extra)  # fmt: skip
    return source, result


# --- HTML: the EY layout table ---


def test_the_ey_layout_table_keeps_every_character():
    html = EY_RECORD.read_text(encoding="utf-8")
    markdown = import_bodies.html_to_markdown(html)
    assert "[TABLE]" not in markdown and "Top" not in markdown
    assert compare(independent_text(html), body_convert.rendered_text(markdown)) is None
    assert markdown.startswith("**[內政部](http://www.moi.gov.tw/home/)令**\n\n中華民國96年9月20日")
    assert "廢止「內政部老人福利促進委員會組織規程」。" in markdown


@pytest.mark.parametrize(
    ("table", "markdown"),
    [
        ('<table summary="版面配置"><tr><td>甲</td><td>乙</td></tr></table>', "甲\n\n乙\n"),
        ('<table role="presentation"><tr><td>甲</td><td>乙</td></tr></table>', "甲\n\n乙\n"),
        ("<table><tr><td>甲</td></tr><tr><td>乙</td></tr></table>", "甲\n\n乙\n"),  # one column
        ("<table><tr><td><p>甲</p><p>甲二</p></td><td>乙</td></tr></table>",  # block content
         "甲\n\n甲二\n\n乙\n"),
        # a layout table around a data table: the data table stays a (pipe) table
        ("<table><tr><td><table><tr><td>甲</td><td>乙</td></tr></table></td><td>丙</td></tr></table>",
         "| 甲  | 乙  |\n|-----|-----|\n\n丙\n"),
    ],
)  # fmt: skip
def test_layout_tables_are_unwrapped_into_blocks(table, markdown):
    assert import_bodies.html_to_markdown(table) == markdown


def test_a_data_table_stays_a_pipe_table_with_spans_expanded():
    markdown = import_bodies.html_to_markdown(
        "<table><tr><th>路段</th><th colspan=2>速限</th></tr>"
        "<tr><td rowspan=2>中正路</td><td>50</td><td>60 | 70</td></tr>"
        "<tr><td>40</td><td>30</td></tr></table>"
    )
    rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in markdown.splitlines()]
    assert rows[0] == ["路段", "速限", ""]
    assert rows[2:] == [["中正路", "50", "60 \\| 70"], ["", "40", "30"]]
    assert set(rows[1][0]) == {"-", "|"}


def test_the_source_text_is_taken_after_the_documented_removals_only():
    prepared = html_layout.prepare(
        '<p>甲<!-- cms -->乙</p><div class="top"><a href="#">Top</a></div>'
        '<p><a href="#top">回頁首</a><img src="http://127.0.0.1:9/x.png" alt="位置圖">丙</p>'
        '<iframe src="http://127.0.0.1:9/" title="地圖"></iframe><script>x()</script>'
    )
    assert significant(prepared.text) == "甲乙位置圖丙地圖"
    assert "127.0.0.1" not in prepared.html and "<img" not in prepared.html


def test_superscripts_subscripts_struck_and_underlined_text_keep_their_meaning():
    # m² is not m2: each becomes a `[…]{.class}` span the body renderer shows as its tag;
    # a link to another scheme becomes its text.
    html = (
        "<p>面積100 m<sup>2</sup>，CO<sub>2</sub>，<sup>令</sup>，<del>刪除</del>，"
        "均用<u>領</u>綬，"
        '<a href="javascript:alert(1)">連結</a>，<a href="https://www.moi.gov.tw/">內政部</a></p>'
    )
    markdown = import_bodies.html_to_markdown(html)
    assert markdown == (
        "面積100 m[2]{.sup}，CO[2]{.sub}，[令]{.sup}，[刪除]{.strike}，均用[領]{.underline}綬，"
        "連結，[內政部](https://www.moi.gov.tw/)\n"
    )
    shown = str(body_html(markdown))
    for tagged in ("m<sup>2</sup>", "CO<sub>2</sub>", "<s>刪除</s>", "均用<u>領</u>綬"):
        assert tagged in shown
    assert body_convert.check(independent_text(html), markdown) is None


def test_an_amendment_table_keeps_the_underlined_words_in_its_cells():
    # 修正條文對照表: the underline marks what the amendment changes
    html = (
        "<table><tr><th>修正條文</th><th>現行條文</th></tr>"
        "<tr><td>第二條　均用<u>領</u>綬</td><td>第二條　均用襟綬</td></tr></table>"
    )
    markdown = import_bodies.html_to_markdown(html)
    assert "<td>第二條\u3000均用<u>領</u>綬</td>" in str(body_html(markdown))  # 　 kept


@pytest.mark.parametrize(
    "markdown,html",
    [
        ("[x]{.evil onclick=1}", "<p><span>x</span></p>"),
        ("[x]{.evil onclick=alert(1)}", "<p>[x]{.evil onclick=alert(1)}</p>"),
        ('[x]{style="color:red" .underline}', "<p><u>x</u></p>"),
        ("[x]{.underline .sup}", "<p><span>x</span></p>"),
        ("\\[x]{.underline}", "<p>[x]{.underline}</p>"),
        ("[a](https://a.tw/){.underline}", None),
    ],
)
def test_a_body_span_gives_only_its_one_tag_and_no_attribute(markdown, html):
    shown = str(body_html(markdown)).strip()
    if html is not None:
        assert shown == html
    assert re.search(r"<[^>]*(onclick|style|class)", shown) is None  # text may say them


def test_a_link_whose_text_is_its_address_is_not_an_autolink_the_renderer_shows():
    markdown = import_bodies.html_to_markdown(
        '<p>電子郵件：<a href="mailto:doca@mail.mof.gov.tw">doca@mail.mof.gov.tw</a>，'
        "字面 &lt;x@y.tw&gt;</p>"
    )
    html = str(body_html(markdown))
    assert '<a href="mailto:doca@mail.mof.gov.tw"' in html and "&lt;doca" not in html
    assert "字面 &lt;x@y.tw&gt;" in html


# --- the loud refusal ---


def test_a_conversion_that_loses_text_refuses_the_import(
    mini_project, run_cli, tmp_path, monkeypatch
):
    real = body_convert.pandoc

    def placeholder(data, source_format, target, limits):  # what pandoc did to EY tables
        return "[TABLE]\n" if target != "html" else real(data, source_format, target, limits)

    monkeypatch.setattr(body_convert, "pandoc", placeholder)
    before = (mini_project.root / "datasets/gazette_entries.csv").read_bytes()
    source, (code, out, _) = import_entry(
        mini_project, run_cli, tmp_path, "<table><tr><td>公告本市道路速限</td></tr></table>"
    )
    assert code == 1
    assert problems(out) == [(str(source), 2, "中文全文檔", "import-body-lost")]
    message = json.loads(out)[0]["message"]
    assert "8 characters lost, 5 added" in message and "公告本市道路速限" in message
    assert (mini_project.root / "datasets/gazette_entries.csv").read_bytes() == before
    assert not (mini_project.root / "datasets/entries/113/113-03-002.zh.md").exists()


def test_fidelity_counts_every_lost_character():
    found = body_convert.check("第一條 本辦法依據某法訂定。", "第一條 本辦法依據訂定。\n")
    assert (found.lost, found.added) == (2, 0)
    assert body_convert.check("甲\n\n乙", "甲\\\n乙\n") is None


# --- plain text and Markdown ---


PLENARY = (
    "立法院第6屆第6會期第1次會議紀錄\n"
    "# 不是標題 *不是強調* 1. 不是清單\n"
    "    縮排四格：不是程式碼\n"
    "| 不是 | 表格 |\n"
    "\n"
    "主席：現在開會。<br>請秘書長報告。<hr>\n"
    '<img src="http://127.0.0.1:9/seal.png" alt="院徽">散會。\n'
)


def test_a_text_body_keeps_its_lines_and_shows_no_markup():
    markdown = text_body.text_to_markdown(PLENARY)
    html = str(body_html(markdown))
    assert not re.search(r"&lt;|<h[1-6]|<em>|<ol|<table|<pre|<code", html)
    assert html.count("<hr>") == 1
    assert html.count("<br>") == 4  # three line ends in the first paragraph, and the <br>
    rendered = body_convert.rendered_text(markdown)
    assert "# 不是標題 *不是強調* 1. 不是清單" in rendered and "| 不是 | 表格 |" in rendered
    assert body_convert.check(text_body.visible_text(PLENARY), markdown) is None
    assert text_body.markup_tags(PLENARY) == ["br", "hr", "img"]


def test_a_text_file_body_is_imported_with_its_tags_named(mini_project, run_cli, tmp_path):
    (tmp_path / "plenary.txt").write_text(PLENARY, encoding="utf-8")
    source, (code, out, err) = import_entry(mini_project, run_cli, tmp_path, "plenary.txt")
    assert code == 0, out + err
    notes = [p for p in json.loads(out) if p["code"] == "import-body-markup"]
    assert [(p["line"], p["field"]) for p in notes] == [(2, "中文全文檔")]
    assert "<br>, <hr>, <img>" in notes[0]["message"]
    body = (mini_project.root / "datasets/entries/113/113-03-002.zh.md").read_text("utf-8")
    first, second = body.splitlines()[:2]
    assert first == "立法院第6屆第6會期第1次會議紀錄\\"
    assert second == "\\# 不是標題 \\*不是強調\\* 1. 不是清單\\"


def test_a_markdown_body_with_raw_html_is_reported(mini_project, run_cli, tmp_path):
    (tmp_path / "notice.md").write_text("公告事項。\n\n請見 <u>附件</u> 與 <sup>1</sup>。\n")
    source, (code, out, err) = import_entry(mini_project, run_cli, tmp_path, "notice.md")
    assert code == 0, out + err
    notes = [(p["line"], p["field"], p["code"]) for p in json.loads(out)]
    assert (2, "中文全文檔", "import-body-markup") in notes
    assert "<u>, <sup>" in next(p["message"] for p in json.loads(out) if "markup" in p["code"])


# --- DOCX and ODT: their own text is the reference ---


def test_a_docx_conversion_that_drops_text_is_refused(tmp_path, monkeypatch):
    from import_archive_support import write_docx

    real = body_convert.pandoc

    def lossy(data, source_format, target, limits):  # keeps the heading, drops the rest
        out = real(data, source_format, target, limits)
        return out.split("\n", 1)[0] + "\n" if target != "html" else out

    monkeypatch.setattr(body_convert, "pandoc", lossy)
    with pytest.raises(import_bodies.BodyError) as caught:
        import_bodies.convert_file(write_docx(tmp_path / "t.docx"), "docx")
    assert caught.value.code == "import-body-lost"
    assert caught.value.params["added"] == 0 and caught.value.params["lost"] > 20


def test_an_odt_footnote_and_spaces_survive(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import LineBreak, Note, NoteBody, NoteCitation, P, S

    document = OpenDocumentText()
    paragraph = P(text="第一條 本辦法")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="註：依據某法。"))
    note.addElement(body)
    paragraph.addElement(note)
    paragraph.addText("訂定。")
    paragraph.addElement(S(c=3))
    paragraph.addText("完")
    paragraph.addElement(LineBreak())
    paragraph.addText("次行")
    document.text.addElement(paragraph)
    document.save(str(tmp_path / "n.odt"))
    markdown = import_bodies.convert_file(tmp_path / "n.odt", "odt")
    assert markdown == "第一條 本辦法[^1]訂定。 完\\\n次行\n\n[^1]: 註：依據某法。\n"


# Every character Markdown could read as syntax, spaces, tabs and a Han character.
_TEXT_ALPHABET = list("ab1 .)*_#+-=:>|~`[]()!\\<&;{}%@^\"'$甲\u3000\t")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from(_TEXT_ALPHABET), min_size=1, max_size=12).filter(
            lambda s: s.strip() and not text_body.TAG.search(s)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_text_body_shows_every_line_exactly_as_written(lines):
    root = lxml.html.fragment_fromstring(
        str(body_html(text_body.text_to_markdown("\n".join(lines)))), create_parent="div"
    )
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")

    def words(found: list[str]) -> list[str]:
        return [" ".join(line.split()) for line in found if line.split()]

    assert words(root.text_content().split("\n")) == words(lines)


_HTML_TAGS = ["p", "li", "td", "h2", "strong", "em", "code", "blockquote"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from(_TEXT_ALPHABET[:-1]), min_size=1, max_size=15).filter(str.strip),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(_HTML_TAGS),
)
def test_html_text_shows_every_character_once_converted(texts, tag):
    import html as html_escape_module

    cells = [html_escape_module.escape(t) for t in texts]
    if tag == "li":
        source = "<ul>" + "".join(f"<li>{c}</li>" for c in cells) + "</ul>"
    elif tag == "td":
        source = "<table><tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr></table>"
    elif tag in ("strong", "em", "code"):
        source = "<p>" + "".join(f"前<{tag}>{c}</{tag}>後" for c in cells) + "</p>"
    else:
        source = "".join(f"<{tag}>{c}</{tag}>" for c in cells)
    shown = body_convert.rendered_text(import_bodies.html_to_markdown(source))
    if tag in ("strong", "em", "code"):
        shown = shown.replace("前", "").replace("後", "")
    assert "".join(shown.split()) == "".join("".join(texts).split())


@pytest.mark.slow
def test_a_text_body_keeps_its_lines_on_the_page_and_in_the_pdf_edition(
    mini_project, run_cli, tmp_path
):
    import re
    from html import unescape

    import pypdf

    (tmp_path / "plenary.txt").write_text(PLENARY, encoding="utf-8")
    _, (code, out, err) = import_entry(mini_project, run_cli, tmp_path, "plenary.txt")
    assert code == 0, out + err
    site = tmp_path / "site"
    code, _, err = run_cli("build", "--root", mini_project.root, "--site-dir", site,
                           "--as-of", "2024-02-29", "--quiet")  # fmt: skip
    assert code == 0, err
    written = ["立法院第6屆第6會期第1次會議紀錄", "# 不是標題 *不是強調* 1. 不是清單",
               "縮排四格：不是程式碼", "| 不是 | 表格 |", "主席：現在開會。", "請秘書長報告。",
               "院徽散會。"]  # fmt: skip
    page = (site / "gazette/113/03/113-03-002/index.html").read_text("utf-8")
    body = page[page.index("entry-body") :]
    shown = re.sub(r"<br\s*/?>|</p>|<hr\s*/?>", "\n", body)
    shown = [
        " ".join(unescape(re.sub(r"<[^>]+>", "", line)).split()) for line in shown.splitlines()
    ]
    for line in written:  # each line as written, as a line of its own on the page
        assert line in shown, line
    reader = pypdf.PdfReader(site / "gazette/113/03/gazette-113-03.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    printed = [" ".join(line.split()) for line in text.splitlines()]
    for line in written:  # and in the PDF edition
        assert line in printed, line


@pytest.mark.parametrize(
    "html,tag,kept",
    [
        ("<p>依<b>「臺北市政府組織自治條例」</b>辦理。</p>", "strong", True),  # CJK-friendly
        ("<p>前<strong>（公告）</strong>後</p>", "strong", True),
        ("<p>第<em>「三」</em>條</p>", "em", True),
        ("<p>本府<b>公告</b>如下</p>", "strong", True),
        ('<p>a<b>"b"</b>c</p>', "strong", False),  # CommonMark cannot read it: plain words
        ("<p>x<b>「y」</b>z</p>", "strong", True),  # CJK punctuation inside: CJK-friendly
    ],
)
def test_bold_is_kept_wherever_the_body_renderer_reads_it(html, tag, kept):
    markdown = import_bodies.html_to_markdown(html)
    shown = str(body_html(markdown))
    assert (f"<{tag}>" in shown) is kept, (markdown, shown)
    assert body_convert.check(independent_text(html), markdown) is None


def test_lines_of_a_data_table_cell_stay_apart():
    # 王小明<br>李大華 must not become one name once the cell is one line of a pipe table.
    html = (
        "<table><tr><th>職稱</th><th>姓名</th></tr>"
        "<tr><td>委員</td><td>王小明<br>李大華<div>陳美玲</div>林<b>志<i>強</i></b></td></tr></table>"
    )
    markdown = import_bodies.html_to_markdown(html)
    cells = [c.strip() for c in markdown.splitlines()[2].strip("|").split("|")]
    assert cells == ["委員", "王小明 李大華 陳美玲 林志強"]


@pytest.mark.slow  # a whole-site build of the mini project, with its PDF editions
def test_spans_reach_the_page_and_the_pdf_edition(mini_project, run_cli, tmp_path):
    import pypdf

    html = tmp_path / "amended.html"
    html.write_text(
        "<p>面積100 m<sup>2</sup>，CO<sub>2</sub>，<del>舊文字</del>新文字。</p>"
        "<table><tr><th>修正條文</th><th>現行條文</th></tr>"
        "<tr><td>均用<u>領</u>綬</td><td>均用襟綬</td></tr></table>",
        encoding="utf-8",
    )
    _, (code, out, err) = import_entry(mini_project, run_cli, tmp_path, "amended.html")
    assert code == 0, out + err
    site = tmp_path / "site"
    code, _, err = run_cli("build", "--root", mini_project.root, "--site-dir", site,
                           "--as-of", "2024-02-29", "--quiet")  # fmt: skip
    assert code == 0, err  # the page check read the same text on the page
    page = (site / "gazette/113/03/113-03-002/index.html").read_text("utf-8")
    for tagged in ("m<sup>2</sup>", "CO<sub>2</sub>", "<s>舊文字</s>", "均用<u>領</u>綬"):
        assert tagged in page
    assert "{.sup}" not in page and "{.underline}" not in page
    reader = pypdf.PdfReader(site / "gazette/113/03/gazette-113-03.pdf")
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    for printed in ("面積100m2", "舊文字新文字", "均用領綬"):
        assert printed in text
    assert "{." not in text and "]{" not in text


@pytest.mark.parametrize(
    "html,shown",
    [  # a span in a link's text is left out (no link would be read); a link in a span is kept
        ('<p><a href="mailto:b0@mail.mof.gov.tw"><u>b0@mail.mof.gov.tw</u></a></p>',
         '<a href="mailto:b0@mail.mof.gov.tw" rel="noopener noreferrer">b0@mail.mof.gov.tw</a>'),
        ('<p>注意<a href="#_ftn1"><sup>[1]</sup></a></p>',
         '<a href="#_ftn1" rel="noopener noreferrer">[1]</a>'),
        ('<p>見<u><a href="https://a.tw/">網站</a></u></p>',
         '<u><a href="https://a.tw/" rel="noopener noreferrer">網站</a></u>'),
        ("<p><s><u>x</u></s><u><b>重</b>要</u></p>", "<s><u>x</u></s><u><strong>重</strong>要</u>"),
    ],
)  # fmt: skip
def test_spans_and_links_nest_as_the_renderer_reads_them(html, shown):
    markdown = import_bodies.html_to_markdown(html)
    assert shown in str(body_html(markdown))


def test_a_markdown_body_strikes_through_with_two_tildes_only():
    assert "<s>刪除</s>保留" in str(body_html("~~刪除~~保留"))
    assert "9:00~12:00" in str(body_html("上班時間 9:00~12:00"))  # one tilde is text


def test_a_table_foot_stays_below_the_body_wherever_the_source_puts_it():
    html = (
        "<table><thead><tr><th>項目</th><th>金額</th></tr></thead>"
        "<tfoot><tr><td>合計</td><td>300</td></tr></tfoot>"
        "<tbody><tr><td>甲</td><td>100</td></tr><tr><td>乙</td><td>200</td></tr></tbody></table>"
    )
    rows = import_bodies.html_to_markdown(html).splitlines()
    assert [r.split("|")[1].strip() for r in rows] == ["項目", "------", "甲", "乙", "合計"]


@pytest.mark.parametrize(
    "html",
    ["<p>1</p><p>: 1</p>", "<ul><li>x<p>: y</p></li></ul>", "<p>一<br>: 二</p>",
     "<blockquote><p>a</p><p>: b</p></blockquote>", "<p>1</p><p>~ 1</p>"],
)  # fmt: skip
def test_a_line_starting_with_a_colon_is_no_definition(html):
    # Found by Hypothesis: `1` then `: 1` is a term and its definition to the deflist plugin.
    markdown = import_bodies.html_to_markdown(html)
    assert "<dl>" not in str(body_html(markdown))
    assert body_convert.check(independent_text(html), markdown) is None
