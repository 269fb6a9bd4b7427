"""The chain as the site publishes it: per-volume files and latest.json, read back whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.gazette import anchor, chain_files, manifest
from generator.messages import message
from generator.models import Problem

REPO = Path(__file__).resolve().parents[2]


def recorded() -> dict:
    """Return the repository's chain (two volumes, issue and edition records)."""
    document, problems = manifest.load(REPO / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
    assert problems == [] and document is not None
    return document


def publish(site: Path, document: dict) -> None:
    """Write a manifest document into a site folder in the published layout."""
    for rel, data in chain_files.split(document).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)


def projection(problems: list[Problem]) -> list[tuple[str, int | None, str, str]]:
    """Return problems as (path, line, field, code), once their messages render in both."""
    for problem in problems:
        for lang in ("zh-TW", "en"):
            assert not re.search(r"\{[a-z_]+\}", message(problem, lang)), problem
    return sorted((p.path, p.line, p.field, p.code) for p in problems)


def test_split_writes_one_file_per_volume_and_reads_back_the_same_chain(tmp_path: Path) -> None:
    document = recorded()
    publish(tmp_path, document)
    names = sorted(p.name for p in (tmp_path / chain_files.FOLDER).iterdir())
    volumes = sorted({chain_files.volume_of(r) for r in document["issues"]})
    assert names == sorted([f"{v}.json" for v in volumes] + ["latest.json"])
    assert len(volumes) >= 2
    back, problems = manifest.load_site(tmp_path)
    assert problems == []
    # The very records and digests, in chain order: the published bytes of the old layout.
    assert manifest.dumps(back) == (REPO / manifest.MANIFEST_PATH).read_bytes()
    latest = json.loads((tmp_path / chain_files.LATEST).read_text("utf-8"))
    assert latest["latest"] == document["issues"][-1]
    assert latest["head"] == document["head"]


def test_a_new_issue_changes_only_its_volume_file_and_latest(tmp_path: Path) -> None:
    document = recorded()
    issue_records = [r for r in document["issues"] if manifest.is_issue_record(r)]
    last = issue_records[-1]
    cut = document["issues"][: document["issues"].index(last)]
    before = chain_files.split(document | {"issues": cut, "head": cut[-1]["sha256"]})
    after = chain_files.split(document | {"issues": cut + [last], "head": last["sha256"]})
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    volume = chain_files.volume_of(last)
    assert changed == [f"gazette/chain/{volume}.json", chain_files.LATEST]
    assert len(after[chain_files.LATEST]) < 20_000  # the head file stays small


def _tamper(site: Path, name: str, edit) -> None:
    """Apply `edit` to the parsed JSON of gazette/chain/<name> and write it back."""
    path = site / chain_files.FOLDER / name
    value = json.loads(path.read_text("utf-8"))
    edit(value)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _relist(site: Path) -> None:
    """Make latest.json list the volume files' current digests (a thorough forger)."""
    folder = site / chain_files.FOLDER
    latest = json.loads((folder / "latest.json").read_text("utf-8"))
    for volume in latest["volumes"]:
        volume["sha256"] = manifest.sha256((folder / volume["file"]).read_bytes())
    (folder / "latest.json").write_text(json.dumps(latest, ensure_ascii=False), "utf-8")


def test_a_tampered_volume_file_is_detected(tmp_path: Path) -> None:
    publish(tmp_path, recorded())
    _tamper(tmp_path, "114.json", lambda v: v["issues"][0].update(row="0" * 64))
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [("gazette/chain/114.json", None, "", "chain-volume-changed")]
    # Relisting the digest does not help: the records' own digests no longer add up.
    _relist(tmp_path)
    back, problems = manifest.load_site(tmp_path)
    assert problems == [] and back is not None
    broken = manifest.chain_problems(back, chain_files.LATEST)
    assert [(p.path, p.values.get("issue")) for p in broken][:1] == [
        (chain_files.LATEST, back["issues"][0]["issue_id"])
    ]


def test_a_missing_volume_file_is_detected(tmp_path: Path) -> None:
    publish(tmp_path, recorded())
    (tmp_path / "gazette/chain/114.json").unlink()
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [("gazette/chain/114.json", None, "", "chain-volume-missing")]
    assert projection(manifest.verify_site(tmp_path)) == projection(problems)


def test_a_list_that_does_not_match_the_files_is_detected(tmp_path: Path) -> None:
    publish(tmp_path, recorded())
    _tamper(tmp_path, "latest.json", lambda v: v["volumes"].pop(0))  # 114 no longer listed
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [("gazette/chain/114.json", None, "", "chain-volume-unlisted")]


def test_a_latest_record_other_than_the_chain_head_is_detected(tmp_path: Path) -> None:
    document = recorded()
    publish(tmp_path, document)
    _tamper(tmp_path, "latest.json", lambda v: v.update(latest=document["issues"][-2]))
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [(chain_files.LATEST, None, "", "chain-latest-mismatch")]


def test_a_record_moved_between_volumes_is_detected(tmp_path: Path) -> None:
    publish(tmp_path, recorded())
    moved: list[dict] = []
    _tamper(tmp_path, "114.json", lambda v: moved.append(v["issues"].pop()))
    _tamper(tmp_path, "115.json", lambda v: v["issues"].insert(0, moved[0]))
    _relist(tmp_path)
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [("gazette/chain/115.json", None, "", "chain-record-misplaced")]
    assert problems[0].values["issue"] == moved[0]["issue_id"]


def test_a_removed_record_breaks_the_links(tmp_path: Path) -> None:
    publish(tmp_path, recorded())
    _tamper(tmp_path, "114.json", lambda v: v["issues"].pop(3))
    _relist(tmp_path)
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [(chain_files.LATEST, None, "", "chain-order-broken")]


@pytest.mark.parametrize("text", ["not json", '{"format": "city-gazette-chain/1"}', "[]"])
def test_an_unreadable_latest_is_a_problem(tmp_path: Path, text: str) -> None:
    publish(tmp_path, recorded())
    (tmp_path / chain_files.LATEST).write_text(text, encoding="utf-8")
    _, problems = manifest.load_site(tmp_path)
    assert projection(problems) == [(chain_files.LATEST, None, "", "chain-latest-unreadable")]


def test_against_reads_a_latest_json_file_and_its_volume_files(tmp_path: Path) -> None:
    document = recorded()
    publish(tmp_path, document)
    found, problems = anchor.load_against(str(tmp_path / chain_files.LATEST))
    assert problems == [] and found is not None
    assert found.records == anchor.records_of(document)
    (tmp_path / "gazette/chain/115.json").unlink()
    found, problems = anchor.load_against(str(tmp_path / chain_files.LATEST))
    assert found is None and [p.code for p in problems] == ["chain-volume-missing"]


def test_an_old_single_manifest_is_still_read(tmp_path: Path) -> None:
    """A site published before the per-volume layout: its gazette/manifest.json anchors."""
    (tmp_path / "gazette").mkdir()
    (tmp_path / chain_files.LEGACY).write_bytes((REPO / manifest.MANIFEST_PATH).read_bytes())
    back, problems = manifest.load_site(tmp_path)
    assert problems == [] and back == recorded()
    site = anchor.site_anchor(tmp_path)
    assert site is not None and site.records == anchor.records_of(recorded())
    found, problems = anchor.load_against(str(tmp_path / chain_files.LEGACY))
    assert problems == [] and found is not None and found.records == site.records
