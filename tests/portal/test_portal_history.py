"""Change history from git: added/changed/removed rows per commit, embargo applied."""

from __future__ import annotations

import datetime as dt
import json

from portal_support import committed_project, load_dataset, tiny_project

from generator.portal import history

AS_OF = dt.date(2026, 11, 25)


def test_changed_cell_gives_one_changed_record_with_old_and_new(tmp_path):
    committed_project(tmp_path, ("2,800,1600", "2,900,1800"))
    publications = history.dataset_history(load_dataset(tmp_path), "gifts", AS_OF)
    assert [
        (p.date, p.count("added"), p.count("changed"), p.count("removed")) for p in publications
    ] == [
        ("2026-03-01", 0, 1, 0),
        ("2026-03-01", 3, 0, 0),
    ]
    change = publications[0].changes[0]
    assert (change.kind, change.key) == ("changed", "G2025-0001")
    assert change.fields == (("unit_value", "800", "900"), ("total_value", "1600", "1800"))
    log = json.loads(history.changes_json(publications))
    assert log[0]["changes"][0]["fields"][0] == {"field": "unit_value", "old": "800", "new": "900"}


def test_working_tree_and_removed_rows_and_embargo(tmp_path):
    committed_project(tmp_path)
    future = (
        "G2026-0002,2026-12-20,受贈,年終,Year end,某人,Someone,TW,花,Flowers,"
        "1,100,100,false,false,退還,city\n"
    )
    path = tmp_path / "datasets/gifts.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:2] + lines[3:]) + future, encoding="utf-8")
    publications = history.dataset_history(load_dataset(tmp_path), "gifts", AS_OF)
    latest = publications[0]
    assert latest.commit == history.WORKING_TREE and latest.date == AS_OF.isoformat()
    assert [(c.kind, c.key) for c in latest.changes] == [("removed", "G2025-0002")]
    everything = history.changes_json(publications).decode()
    assert "G2026-0002" not in everything  # dated after --as-of: never shown


def test_commits_after_as_of_are_left_out(tmp_path):
    committed_project(tmp_path)
    early = history.dataset_history(load_dataset(tmp_path), "gifts", dt.date(2026, 2, 1))
    assert early == []


def test_outside_git_there_is_no_history(tmp_path):
    dataset = tiny_project(tmp_path)
    assert history.dataset_history(dataset, "gifts", AS_OF) == []
