"""Issue #22, configuration and network input: gazette.yaml alias bombs, `!!python` tags in
mkdocs.yml, deeply nested JSON, and URLs that are too big or too slow."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import safe_read
from generator.errors import ConfigError
from generator.site.mkdocs_config import check_mkdocs_file

REPO = Path(__file__).resolve().parents[1]
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)  # nine levels of nine: 387,420,489 values from about 700 bytes


def test_an_alias_bomb_in_gazette_yaml_exits_2_fast(mini_project, run_cli):
    assert len(BOMB.encode()) < 800
    mini_project.write_text("gazette.yaml", BOMB)
    start = time.monotonic()
    code, out, _ = run_cli("calendar", "--root", mini_project.root, "--format", "json")
    assert time.monotonic() - start < 5
    assert code == 2
    assert [(p["path"], p["code"]) for p in json.loads(out)] == [
        ("gazette.yaml", "config-too-large")
    ]


@pytest.mark.parametrize(
    "text",
    ["name: " + "[" * 5000 + "]" * 5000 + "\n", "# padding\n" * 110_000],
    ids=["nested 5000 deep", "over a megabyte"],
)
def test_a_deep_or_huge_gazette_yaml_exits_2(mini_project, run_cli, text):
    mini_project.write_text("gazette.yaml", text)
    code, out, _ = run_cli("calendar", "--root", mini_project.root, "--format", "json")
    assert code == 2
    assert [p["code"] for p in json.loads(out)] == ["config-too-large"]


def test_the_projects_own_mkdocs_configs_pass():
    check_mkdocs_file(REPO / "mkdocs.yml", "mkdocs.yml")
    check_mkdocs_file(REPO / "mkdocs.en.yml", "mkdocs.en.yml")


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system [\"touch {marker}\"]",
     "!!python/name:subprocess.call", "!!python/object/new:os.system [\"touch {marker}\"]",
     "!!python/module:os"],
)  # fmt: skip
def test_a_python_tag_outside_the_allow_list_is_refused(tmp_path, tag):
    marker = tmp_path / "ran"
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: "
        + tag.format(marker=marker) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(ConfigError) as refused:
        check_mkdocs_file(config, "mkdocs.yml")
    assert [(p.path, p.line, p.code) for p in refused.value.problems] == [
        ("mkdocs.yml", 4, "mkdocs-python-tag")
    ]
    assert not marker.exists()


def test_an_inherited_config_is_checked_too(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("x: !!python/name:os.system\n", encoding="utf-8")
    (tmp_path / "mkdocs.en.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        check_mkdocs_file(tmp_path / "mkdocs.en.yml", "mkdocs.en.yml")
    assert [(p.path, p.line, p.code) for p in refused.value.problems] == [
        ("mkdocs.yml", 1, "mkdocs-python-tag")
    ]


def test_an_alias_bomb_in_mkdocs_yml_is_refused(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        check_mkdocs_file(tmp_path / "mkdocs.yml", "mkdocs.yml")
    assert [p.code for p in refused.value.problems] == ["mkdocs-config-unsafe"]


def test_json_nested_too_deep_is_refused_before_parsing():
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(safe_read.LimitError):
        safe_read.load_json(deep)
    assert safe_read.load_json(b'{"a": ["[[[[", {"b": 1}]}') == {"a": ["[[[[", {"b": 1}]}
    assert safe_read.json_depth(b'["\\"[", [[]]]') == 3


class _Handler(http.server.BaseHTTPRequestHandler):
    """`/big`: 2 MB with a Content-Length; `/chunks`: no length; `/slow`: one byte a tick."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        if self.path == "/big":
            self.send_header("Content-Length", str(2_000_000))
            self.end_headers()
            self.wfile.write(b"x" * 2_000_000)
        elif self.path == "/chunks":
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 65_536)
        else:
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.05)

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


class _Server(http.server.ThreadingHTTPServer):
    """The test server; a client that hangs up early (the point of the tests) is no error."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path", ["/big", "/chunks"])
def test_a_download_over_the_size_cap_is_refused(server, path):
    with pytest.raises(safe_read.LimitError, match="limit"):
        safe_read.fetch_url(server + path, max_bytes=1_000_000)


def test_a_download_past_its_deadline_is_refused(server):
    start = time.monotonic()
    with pytest.raises(safe_read.LimitError, match="seconds"):
        safe_read.fetch_url(server + "/slow", deadline=0.5)
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("count", ["100000000", "1001"])
def test_calendar_count_is_capped(mini_project, run_cli, count):
    start = time.monotonic()
    code, out, _ = run_cli("calendar", "--count", count, "--root", mini_project.root,
                           "--format", "json")  # fmt: skip
    assert code == 2 and time.monotonic() - start < 5
    assert [(p["field"], p["code"]) for p in json.loads(out)] == [
        ("--count", "calendar-count-too-large")
    ]
    assert run_cli("calendar", "--count", "1000", "--root", mini_project.root)[0] == 0


@pytest.mark.parametrize("name", ["市{volume}公報", "{gazette_name}", "City } Gazette"])
def test_braces_in_the_gazettes_name_exit_2_with_a_message(mini_project, run_cli, name):
    mini_project.write_text("gazette.yaml", f"name: {{zh: '{name}', en: City Gazette}}\n")
    code, out, err = run_cli("validate", "--root", mini_project.root, "--format", "json")
    assert code == 2, out + err
    assert [(p["path"], p["field"], p["code"]) for p in json.loads(out)] == [
        ("gazette.yaml", "name.zh", "config-field-braces")
    ]


def test_every_hostile_message_fills_in_both_languages():
    from generator.messages import CATALOGUE_PATH, format_text
    from generator.models import Problem

    text = CATALOGUE_PATH.read_text("utf-8")
    block = text[text.index("# --- hostile ---") :]
    codes = [line[:-1] for line in block.splitlines() if line and line[0].isalpha()]
    assert "config-too-large" in codes and "import-id-invalid" in codes
    values = dict.fromkeys(
        ["value", "detail", "tag", "allowed", "file", "pattern", "example", "limit", "entry",
         "codepoint", "column", "context", "title", "title_en"], "X",
    )  # fmt: skip
    for code in codes:
        for lang in ("zh-TW", "en"):
            shown = format_text(Problem.at("p", 1, "f", code, **values), lang)
            assert not any("{" + name + "}" in shown for name in values), shown


def test_against_a_deeply_nested_or_too_big_manifest_is_unreadable_not_a_crash(
    tmp_path, server, monkeypatch
):
    from generator.gazette import anchor

    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"issues": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
    found, problems = anchor.load_against(str(deep))
    assert found is None
    assert [(p.path, p.code) for p in problems] == [(str(deep), "manifest-anchor-unreadable")]
    assert "levels deep" in problems[0].values["detail"]
    monkeypatch.setattr(safe_read, "URL_MAX_BYTES", 1_000_000)
    found, problems = anchor.load_against(server + "/big")
    assert found is None and "limit" in problems[0].values["detail"]


@pytest.mark.slow
def test_a_build_with_a_command_in_mkdocs_yml_exits_2_before_mkdocs_runs(
    mini_project, run_cli, tmp_path
):
    marker = tmp_path / "ran"
    own = (REPO / "mkdocs.yml").read_text("utf-8")
    safe = "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"
    assert safe in own
    hostile = own.replace(safe, f'!!python/object/apply:os.system ["touch {marker}"]')
    mini_project.write_text("mkdocs.yml", hostile)
    site = tmp_path / "site"
    code, out, _ = run_cli("build", "--root", mini_project.root, "--site-dir", site,
                           "--as-of", "2026-12-07", "--format", "json")  # fmt: skip
    assert code == 2
    assert [(p["path"], p["code"]) for p in json.loads(out) if p["code"].startswith("mkdocs")] == [
        ("mkdocs.yml", "mkdocs-python-tag")
    ]
    assert not marker.exists() and not site.exists()
