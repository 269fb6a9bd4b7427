"""The gazette's static JSON API: one document per issue, entry and list, valid against the
published JSON Schemas, byte-identical from build to build, and nothing embargoed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import api
from generator.models import BuildContext

SITE = "https://gazette.example.gov.tw/"


def _context(root: Path, out: Path, as_of: dt.date) -> BuildContext:
    """Return the build context of the project at `root`, cut at `as_of`."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, as_of, published(dataset, as_of), SITE, out)


def _files(out: Path) -> dict[str, bytes]:
    """Return every file written under `out`: {relative path: bytes}."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_every_document_is_written_and_valid(mini_project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    api.write(_context(mini_project.root, out, dt.date(2024, 12, 31)))
    files = _files(out)
    for path in (
        "gazette/index.json",
        "gazette/113/index.json",
        "gazette/113/01/index.json",
        "gazette/113/01/113-01-001/index.json",
        "gazette/category/corrigenda/index.json",
        "gazette/agency/secretariat/index.json",
    ):
        assert path in files, path
    schemas = {
        name.rsplit("/", 1)[1]: json.loads(data)
        for name, data in files.items()
        if name.startswith("gazette/api/schema/")
    }
    assert sorted(schemas) == [
        "entry.schema.json",
        "index.schema.json",
        "issue.schema.json",
        "list.schema.json",
    ]
    checker = jsonschema.FormatChecker()
    for path, data in files.items():
        if path.endswith("index.json"):
            document = json.loads(data)
            schema = schemas[document["$schema"].rsplit("/", 1)[1]]
            jsonschema.Draft202012Validator(schema, format_checker=checker).validate(document)
    entry = json.loads(files["gazette/113/01/113-01-001/index.json"])
    assert entry["doc_number"] == "府秘文字第1130000123號"
    assert entry["corrected_by"] == ["113-03-001"]
    assert entry["html_en"] == SITE + "en/gazette/113/01/113-01-001/"
    assert entry["body_zh"] and entry["authoritative"] == "pdf"
    corrigendum = json.loads(files["gazette/113/03/113-03-001/index.json"])
    assert corrigendum["corrects"] == "113-01-001"


def test_output_is_byte_identical_and_embargo_holds(mini_project, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    api.write(_context(mini_project.root, first, dt.date(2024, 2, 1)))
    api.write(_context(mini_project.root, second, dt.date(2024, 2, 1)))
    files = _files(first)
    assert files == _files(second)
    assert not any("113/03" in path or "corrigenda" in path for path in files)
    assert "113-03" not in "".join(data.decode("utf-8") for data in files.values())


def test_a_new_volume_leaves_closed_years_of_browse_lists_unchanged(tmp_project) -> None:
    """A category's and an agency's closed volumes have lists of their own that a publish
    day in a later volume does not touch; the hub lists the latest entries and every year."""
    from generator.gazette import browse

    root = tmp_project.root
    before = _context(root, root / "a", dt.date(2025, 12, 31))
    after = _context(root, root / "b", dt.date(2026, 6, 30))
    old, new = api.documents(before), api.documents(after)
    years = [p for p in old if "/category/" in p or "/agency/" in p]
    closed = [p for p in years if "/114/index.json" in p]
    assert closed, years
    assert all(old[p] == new[p] for p in closed)
    hub = new["gazette/category/announcements/index.json"]
    assert [v["volume"] for v in hub["volumes"]][:2] == [115, 114]
    assert {e["issue_id"][:3] for e in hub["entries"]} == {"115"}
    pages = {p.path: p for p in browse.pages(after, "zh-TW")}
    assert "gazette/category/announcements/114/index.md" in pages
    assert pages["gazette/category/announcements/114/index.md"].key == next(
        p.key
        for p in browse.pages(before, "zh-TW")
        if p.path == "gazette/category/announcements/114/index.md"
    )
