"""Hostile bodies (#22): nothing fetched, no file read outside its folder, limits enforced."""

from __future__ import annotations

import http.server
import json
import os
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from import_archive_support import write_docx

from generator.data import body_convert
from generator.data.body_limits import DEFAULT_LIMITS

ENTRY_HEADER = "事項編號,期別代碼,類別,發文機關,發文字號,發文日期,主旨,中文全文檔\n"


def problems(stdout: str) -> list[tuple[str, int | None, str, str]]:
    """Project a JSON report onto (path, line, field, code)."""
    return [(p["path"], p["line"], p["field"], p["code"]) for p in json.loads(stdout)]


def write_entry(source: Path, body_cell: str) -> Path:
    """Write a one-entry CSV for the mini project with the given body cell."""
    source.parent.mkdir(parents=True, exist_ok=True)
    cell = '"' + body_cell.replace('"', '""') + '"'
    source.write_text(
        ENTRY_HEADER
        + f"113-03-002,113-03,公告,secretariat,府秘文字第1130001000號,113/02/12,公告事項,{cell}\n",
        encoding="utf-8",
    )
    return source


def run_import(run_cli, project, source: Path, *extra: str) -> tuple[int, str, str]:
    """Import `source` into gazette_entries with a JSON report."""
    return run_cli("import", source, "--into", "gazette_entries", "--root", project.root,
                   "--format", "json", "--lang", "en", *extra)  # fmt: skip


# --- no network ---


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """Yield a local HTTP server's address and the paths it was asked for; it stops itself."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            asked.append(self.path)
            body = b"<p>FETCHED SECRET</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    stop = threading.Timer(120, server.shutdown)  # bounded even if the test hangs
    stop.daemon = True
    stop.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        stop.cancel()
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_pandoc_itself_fetches_nothing_from_a_raw_iframe(listener):
    address, asked = listener
    html = f'<p>甲</p><iframe src="{address}/frame"></iframe><img src="{address}/i.png">'
    markdown = body_convert.pandoc(html.encode(), "html", "gfm-raw_html", DEFAULT_LIMITS)
    assert asked == [] and "FETCHED" not in markdown


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_an_import_makes_no_request_with_or_without_dry_run(
    mini_project, run_cli, tmp_path, listener, dry_run
):
    address, asked = listener
    body = (f'<p>公告事項。</p><iframe src="{address}/frame" title="地圖"></iframe>'
            f'<p><img src="{address}/seal.png" alt="印信">完。</p>')  # fmt: skip
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "body.html").write_text(body, encoding="utf-8")
    source = write_entry(tmp_path / "export" / "entries.csv", "body.html")
    code, out, err = run_import(run_cli, mini_project, source, *dry_run)
    assert code == 0, out + err
    assert asked == []
    if not dry_run:
        text = (mini_project.root / "datasets/entries/113/113-03-002.zh.md").read_text("utf-8")
        assert "FETCHED" not in text and address not in text
        assert text == "公告事項。\n\n地圖\n\n印信 完。\n"  # alt text between spaces


# --- no file outside the folder ---


@pytest.mark.parametrize(
    "cell",
    ["../../secret.txt", "..\\..\\secret.txt", "ABSOLUTE", "C:\\secret.txt",
     "bodies/../../../secret.txt", "link.txt"],
)  # fmt: skip
def test_a_body_path_leading_out_of_its_folder_is_refused(mini_project, run_cli, tmp_path, cell):
    (tmp_path / "secret.txt").write_text("機密內容", encoding="utf-8")
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    os.symlink(tmp_path / "secret.txt", folder / "link.txt")
    cell = cell.replace("ABSOLUTE", str(tmp_path / "secret.txt"))
    source = write_entry(folder / "entries.csv", cell)
    code, out, _ = run_import(run_cli, mini_project, source)
    assert code == 1
    assert problems(out) == [(str(source), 2, "中文全文檔", "import-body-outside")]
    assert "機密" not in out
    assert not (mini_project.root / "datasets/entries/113").exists()


def test_bodies_are_read_from_the_folder_named_by_bodies(mini_project, run_cli, tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "b.txt").write_text("公告全文。", encoding="utf-8")
    source = write_entry(tmp_path / "sheet" / "entries.csv", "b.txt")
    assert run_import(run_cli, mini_project, source)[0] == 1  # not beside the sheet
    code, out, err = run_import(run_cli, mini_project, source, "--bodies", tmp_path / "texts")
    assert code == 0, out + err
    code, out, _ = run_import(run_cli, mini_project, source, "--bodies", tmp_path / "nowhere")
    assert (code, problems(out)[0][3]) == (2, "import-bodies-dir-missing")


# --- limits ---


def test_a_body_over_the_character_limit_is_refused_and_the_limit_can_be_raised(
    mini_project, run_cli, tmp_path
):
    source = write_entry(tmp_path / "entries.csv", "公告事項。" * 10)
    code, out, _ = run_import(run_cli, mini_project, source, "--body-limit", "body_chars=20")
    assert code == 1
    assert problems(out) == [(str(source), 2, "中文全文檔", "import-body-limit")]
    assert "--body-limit body_chars=200" in json.loads(out)[0]["message"]
    code, out, err = run_import(run_cli, mini_project, source, "--body-limit", "body_chars=50")
    assert code == 0, out + err


@pytest.mark.parametrize("setting", ["body_chars", "body_chars=0", "nope=5", "body_chars=x"])
def test_a_bad_limit_option_is_a_usage_error(mini_project, run_cli, tmp_path, setting):
    source = write_entry(tmp_path / "entries.csv", "公告事項。")
    code, out, _ = run_import(run_cli, mini_project, source, "--body-limit", setting)
    assert (code, [p[3] for p in problems(out)]) == (2, ["import-body-limit-option"])


def write_bomb(path: Path, expanded: int) -> Path:
    """Write a DOCX whose document.xml expands to `expanded` bytes of one repeated run."""
    write_docx(path)
    with zipfile.ZipFile(path) as original:
        members = {i.filename: original.read(i) for i in original.infolist()}
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    head += b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in members.items():
            if name != "word/document.xml":
                bomb.writestr(name, data)
        with bomb.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head)
            chunk = "公".encode() * (1 << 18)
            for _ in range(expanded // len(chunk)):
                stream.write(chunk)
            stream.write(tail)
    return path


def test_a_docx_bomb_is_refused_before_it_is_converted(mini_project, run_cli, tmp_path):
    write_bomb(tmp_path / "bomb.docx", 8_000_000)
    assert (tmp_path / "bomb.docx").stat().st_size < 100_000
    source = write_entry(tmp_path / "entries.csv", "bomb.docx")
    code, out, _ = run_import(
        run_cli, mini_project, source, "--body-limit", "expanded_bytes=2000000"
    )
    assert code == 1
    assert problems(out) == [(str(source), 2, "中文全文檔", "import-body-limit")]
    assert "expanded_bytes" in json.loads(out)[0]["message"]


def test_an_html_body_nested_too_deep_is_refused(mini_project, run_cli, tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 300 + "甲" + "</div>" * 300, encoding="utf-8")
    source = write_entry(tmp_path / "entries.csv", "deep.html")
    code, out, _ = run_import(run_cli, mini_project, source)
    assert (code, problems(out)) == (1, [(str(source), 2, "中文全文檔", "import-body-limit")])


@pytest.mark.parametrize(
    ("limit", "value"), [("file_bytes", 1000), ("members", 3), ("body_chars", 10)]
)
def test_each_document_limit_refuses_with_its_name(tmp_path, limit, value):
    from dataclasses import replace

    from generator.data import import_bodies

    path = write_docx(tmp_path / "t.docx")  # ~36 KB, a dozen members, 40 characters
    limits = replace(DEFAULT_LIMITS, **{limit: value})
    with pytest.raises(import_bodies.BodyError) as caught:
        import_bodies.convert_file(path, "docx", limits)
    assert (caught.value.code, caught.value.params["limit"]) == ("import-body-limit", limit)
    assert import_bodies.convert_file(path, "docx").startswith("## 說明")


def test_pandoc_over_its_time_limit_is_a_limit_not_a_hang(monkeypatch):
    import subprocess

    from generator.data.body_limits import LimitExceeded

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(LimitExceeded) as caught:
        body_convert.pandoc(b"<p>x</p>", "html", "gfm", DEFAULT_LIMITS)
    assert caught.value.limit == "convert_seconds"


def test_a_table_of_huge_spans_is_unwrapped_not_expanded():
    from generator.data import import_bodies

    row = '<tr><td colspan="100" rowspan="100">格</td><td>x</td></tr>'
    markdown = import_bodies.html_to_markdown(f"<table>{row * 2000}</table>")
    assert "|" not in markdown  # 2,000 cells would have become 20,000,000
    assert markdown.count("格") == 2000 and markdown.count("x") == 2000


@pytest.mark.parametrize(
    "unit",
    ["<br>", "甲<b>「乙」</b>丙<!--c-->", "<b>「x」</b><span></span>", '<a href="#">Top</a>x',
     "<sub>2</sub><o:p></o:p>", "<tr><td>a</td><td>b</td></tr>"],
)  # fmt: skip
def test_preparing_a_long_hostile_page_stays_linear(unit):
    import time

    from generator.data import html_layout

    def seconds(count: int) -> float:
        # This process's CPU time, the least of three runs: what the machine's other work
        # adds (a loaded CI runner) is not counted, so the ratio is the code's own.
        runs = []
        for _ in range(3):
            start = time.process_time()
            html_layout.prepare(f"<p>甲{unit * count}</p>")
            runs.append(time.process_time() - start)
        return min(runs)

    small, large = seconds(1_000), seconds(8_000)  # 8 × the size: 64 × the time if quadratic
    assert large < 10 and large < 30 * max(small, 0.01), (small, large)


def test_gazette_yaml_sets_the_body_limits_and_an_option_overrides_them(tmp_path):
    from generator.data.import_options import body_options, configured_limits
    from generator.limits import Limits

    base = configured_limits(Limits(body_bytes=10, document_bytes=1000))
    assert (base.body_chars, base.file_bytes) == (10, 1000)
    assert configured_limits(Limits()) == DEFAULT_LIMITS
    _, limits = body_options(None, ["body_chars=20"], base)
    assert (limits.body_chars, limits.file_bytes) == (20, 1000)
