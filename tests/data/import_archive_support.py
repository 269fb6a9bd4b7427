"""A realistic export of an old gazette system, written fresh for the tests.

Volume 96 (2007) of the gazette was published on paper only; the Secretariat digitises
issue 18 of it years later. The old web system exports the issue list as ODS and the
entries as XLSX, with its own headers (期別, 機關, 標題, 全文, plus 篇別 and 關鍵詞 that the
schema does not know), agencies by name, categories from its own list, dates with numerals
in words, two document numbers in one cell, HTML bodies full of styles and comments, and
one body as a Windows path to an HTML file and one as a DOCX beside the export.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

ISSUE = "96-18"
ISSUE_DATE = "2007-09-30"

# The expected result per entry: title, document numbers, ROC date as printed, body text.
EXPECTED = {
    "96-18-001": {
        "title": "公告本市中正路等路段速限調整，並自即日起生效。",
        "numbers": ["交路字第0960085036號", "台內警字第0960871392號"],
        "roc": "96年9月20日",
        "text": ["主旨：公告本市中正路等路段速限調整", "依據：道路交通管理處罰條例第四條"],
    },
    "96-18-002": {
        "title": "修正「本市規費徵收自治條例」第三條條文。",
        "numbers": ["府財字第0960012345號"],
        "roc": "96年9月10日",
        "text": ["依據道路交通管理處罰條例辦理", "第一項", "中正路"],
    },
    "96-18-003": {
        "title": "本府人事異動。",
        "numbers": [],
        "roc": "96年9月25日",
        "text": ["本府人事異動如下", "甲員調任秘書處"],
    },
    "96-18-004": {
        "title": "訂定「本市公有零售市場管理要點」。",
        "numbers": ["府經字第0960054321號"],
        "roc": "96年9月5日",
        "text": ["依據道路交通管理處罰條例辦理", "即日"],
    },
}

STYLED_HTML = (
    '<html><head><style>p { font-family: "標楷體"; color: red }</style>'
    "<script>document.write('x')</script></head><body>\n"
    "<!-- exported by OldGazette 2.1, do not edit -->\n"
    '<p class="MsoNormal" style="margin:0cm"><span style="font-size:12pt;'
    'font-family:標楷體">主旨：公告本市<b>中正路等路段</b>速限調整，並自即日起生效。</span></p>\n'
    '<p style="text-indent:2em"><span lang="ZH-TW">依據：道路交通管理處罰條例第四條。'
    "</span><!--[if gte mso 9]><xml>junk</xml><![endif]--></p>\n</body></html>"
)

# One document in three formats: the HTML twin of the DOCX and ODT made below.
TWIN_HTML = (
    "<h2>說明</h2><p>一、依據<strong>道路交通管理處罰條例</strong>辦理。</p>"
    "<p>二、<em>即日</em>生效。</p><ol><li>第一項</li><li>第二項</li></ol>"
    "<table><tr><th>路段</th><th>速限</th></tr><tr><td>中正路</td><td>50</td></tr></table>"
)
TWIN_ROWS = [["路段", "速限"], ["中正路", "50"]]


def write_docx(path: Path) -> Path:
    """Write the twin document as a Word file, styled as a clerk would (heading, list, table)."""
    import docx

    document = docx.Document()
    document.add_heading("說明", level=2)
    paragraph = document.add_paragraph("一、依據")
    paragraph.add_run("道路交通管理處罰條例").bold = True
    paragraph.add_run("辦理。")
    paragraph = document.add_paragraph("二、")
    paragraph.add_run("即日").italic = True
    paragraph.add_run("生效。")
    for item in ("第一項", "第二項"):
        document.add_paragraph(item, style="List Number")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(TWIN_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))
    return path


def write_odt(path: Path) -> Path:
    """Write the twin document as an OpenDocument text (Taiwan's government format)."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P, Span

    document = OpenDocumentText()
    bold = Style(name="Bold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="Italic", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    numbered = ListStyle(name="Numbered")
    numbered.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    for style in (bold, italic, numbered):
        document.automaticstyles.addElement(style)
    document.text.addElement(H(outlinelevel=2, text="說明"))
    paragraph = P(text="一、依據")
    paragraph.addElement(Span(stylename=bold, text="道路交通管理處罰條例"))
    paragraph.addText("辦理。")
    document.text.addElement(paragraph)
    paragraph = P(text="二、")
    paragraph.addElement(Span(stylename=italic, text="即日"))
    paragraph.addText("生效。")
    document.text.addElement(paragraph)
    items = List(stylename=numbered)
    for value in ("第一項", "第二項"):
        item = ListItem()
        item.addElement(P(text=value))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="Limits")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row in TWIN_ROWS:
        cells = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=value))
            cells.addElement(cell)
        table.addElement(cells)
    document.text.addElement(table)
    document.save(str(path))
    return path


def write_export(folder: Path) -> tuple[Path, Path]:
    """Write the old system's export into `folder`; return (issues ODS, entries XLSX)."""
    (folder / "bodies").mkdir(parents=True, exist_ok=True)
    (folder / "bodies" / "96-0910.html").write_text(TWIN_HTML, encoding="utf-8")
    write_docx(folder / "bodies" / "96-0905.docx")
    issues = folder / "issues.ods"
    pd.DataFrame(
        [["第96卷第18期", 96, 18, "中華民國九十六年九月三十日", "市政府公報96年第18期",
          "市政府秘書處", "紙本掃描"]],
        columns=["刊期", "卷", "期", "出刊日期", "期別標題", "發行機關", "備註"],
    ).to_excel(issues, engine="odf", index=False)  # fmt: skip
    entries = folder / "entries.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["市政府公報舊系統匯出（96年）"])  # a title row above the header
    sheet.append(["期別", "篇別", "類別", "機關", "發文字號", "發文日期", "標題", "全文", "關鍵詞"])
    sheet.append(["96年第18期", "第一篇", "公告及送達", "市政府交通局",
                  "交路字第0960085036號;台內警字第0960871392號", "中華民國九十六年九月二十日",
                  EXPECTED["96-18-001"]["title"], STYLED_HTML, "速限"])  # fmt: skip
    sheet.append(["第96卷第18期", "第二篇", "法規", "Department of Finance",
                  "府財字第0960012345號", "九十六年九月十日", EXPECTED["96-18-002"]["title"],
                  "bodies\\96-0910.html", ""])  # fmt: skip
    sheet.append(["96年第18期", "第三篇", "人事", "市政府人事處", "", "民國九十六年九月二十五日",
                  EXPECTED["96-18-003"]["title"],
                  "本府人事異動如下：\n\n1. 甲員調任秘書處\n2. 乙員調任財政局", ""])  # fmt: skip
    sheet.append(["96-18", "第一篇", "行政規則", "市政府財政局", "府經字第０９６００５４３２１號",
                  "96年9月5日", EXPECTED["96-18-004"]["title"], "bodies/96-0905.docx",
                  ""])  # fmt: skip
    book.save(entries)
    return issues, entries


IMPORT_MAP = "category:\n  公告及送達: 公告\n  處分: 公告\n"
