"""The publish workflow: one source for the repository and new projects, and its job run for real.

The slow test runs the shell of the build job's steps (`run:` blocks, with `${{ }}`
expressions and `if:` conditions evaluated the way Actions does for the handful of forms
the workflow uses) in a clone of a new city's project with a local bare remote, through
two publish days: a regular issue and an extra issue (號外) the next day. Steps that need
the hosted runner (`uses:` actions, pip and apt installs) are left out; deploy and signing
are skipped because their secrets are absent, as in a project that has not set them.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.init import SCAFFOLD
from generator.gazette import signing

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github/workflows/publish.yml"
SKIPPED = {"Install the generator", "Install WeasyPrint's libraries"}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = re.compile(r"'[^']*'|&&|\|\||==|!=|!|\(|\)|always\(\)|[A-Za-z_][\w.-]*")
GIT_ID = {
    "GIT_AUTHOR_NAME": "clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.gov.tw",
    "GIT_COMMITTER_NAME": "clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.gov.tw",
}


def test_the_repository_runs_the_workflow_new_projects_get() -> None:
    scaffold = SCAFFOLD / "github/workflows/publish.yml"
    assert WORKFLOW.read_bytes() == scaffold.read_bytes(), (
        "edit generator/gazette/scaffold/github/workflows/publish.yml and copy it to"
        " .github/workflows/publish.yml"
    )


def test_the_commit_step_adds_the_manifest_and_the_editions() -> None:
    steps = yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)["jobs"]["build"]
    commit = next(s for s in steps["steps"] if s.get("name", "").startswith("Commit"))
    assert "git add -- datasets/manifest.json" in commit["run"]
    assert "git add --all -- editions/" in commit["run"]
    assert "git diff --cached --quiet" in commit["run"]  # an untracked manifest counts
    assert "--follow-tags" in commit["run"]
    text = WORKFLOW.read_text("utf-8")
    assert "gazette calendar --is-publish-day" in text
    assert "secrets.GAZETTE_SIGNING_KEY" in text and "gazette deploy" in text


def test_an_extra_issue_makes_its_day_a_publish_day(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "k"
    assert run_cli("init", root, "--name", "高雄市政府公報", "--schedule", "weekly:tue,fri")[0] == 0
    assert run_cli("new-issue", "--root", root, "--date", "2026-11-03")[0] == 0
    day = ("calendar", "--root", root, "--is-publish-day")
    assert run_cli(*day, "2026-11-03")[0] == 0  # a calendar date with its issue
    assert run_cli(*day, "2026-11-06")[0] == 0  # a calendar date, issue not yet added
    assert run_cli(*day, "2026-11-04")[0] == 1  # Wednesday: no issue
    assert run_cli("new-issue", "--root", root, "--extra", "--date", "2026-11-04")[0] == 0
    assert run_cli(*day, "2026-11-04")[0] == 0  # 號外 recorded for the day
    assert run_cli("calendar", "--root", root, "--is-issue-date", "2026-11-04")[0] == 1


# --- running the job -----------------------------------------------------------------


class Job:
    """The build job of publish.yml, run step by step in a folder."""

    def __init__(
        self,
        cwd: Path,
        temp: Path,
        variables: dict[str, str],
        as_of: str,
        secrets: dict[str, str] | None = None,
    ):
        self.cwd, self.temp, self.vars, self.as_of = cwd, temp, variables, as_of
        self.secrets = secrets or {}
        self.outputs: dict[str, dict[str, str]] = {}
        self.env: dict[str, str] = {}
        self.ran: list[tuple[str, int]] = []
        self.log = ""

    def lookup(self, name: str) -> Any:
        """Return the value of a context name such as steps.day.outputs.publish."""
        parts = name.split(".")
        if parts[0] == "steps":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        if parts[0] == "vars":
            return self.vars.get(parts[1], "")
        if parts[0] == "secrets":
            return self.secrets.get(parts[1], "")  # absent: that step's feature is off
        if name == "github.event_name":
            return "schedule"
        if name == "github.event.inputs.as_of":
            return self.as_of  # the date of the run, as the Taipei clock would give it
        if name == "github.run_id":
            return "1"
        raise AssertionError(f"unknown context {name}")

    def evaluate(self, expression: str) -> Any:
        """Return the value of an Actions expression of the forms publish.yml uses."""
        python = []
        for token in TOKEN.findall(expression):
            if token == "always()":
                python.append("True")
            elif token in ("&&", "||", "!"):
                python.append({"&&": " and ", "||": " or ", "!": " not "}[token])
            elif token in ("==", "!=", "(", ")") or token.startswith("'"):
                python.append(token)
            else:
                python.append(repr(self.lookup(token)))
        return eval("".join(python))  # noqa: S307 - built from the tokens above only

    def fill(self, text: str) -> str:
        """Return `text` with every ${{ expression }} replaced by its value."""
        return EXPRESSION.sub(lambda m: str(self.evaluate(m.group(1))), text)

    def run(self) -> bool:
        """Run the build job's shell steps in order; return whether all succeeded."""
        workflow = yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)
        for step in workflow["jobs"]["build"]["steps"]:
            name = step.get("name", step.get("uses", ""))
            if "run" not in step or name in SKIPPED:
                continue
            if "if" in step and not self.evaluate(step["if"]):
                continue
            code = self.step(step)
            self.ran.append((name, code))
            if code != 0:
                return False
        return True

    def step(self, step: dict[str, Any]) -> int:
        """Run one step's shell the way the runner does (bash -eo pipefail)."""
        files = {n: self.temp / n.lower() for n in ("GITHUB_OUTPUT", "GITHUB_ENV")}
        for path in files.values():
            path.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            **GIT_ID,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_STEP_SUMMARY": str(self.temp / "summary.md"),
            **{n: str(p) for n, p in files.items()},
            **self.env,
            **{k: self.fill(v) for k, v in step.get("env", {}).items()},
        }
        for name in ("GAZETTE_SIGNING_KEY", "GAZETTE_SIGNING_CERT", "GAZETTE_SIGNING_PKCS12"):
            env.setdefault(name, "")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", self.fill(step["run"])],
            cwd=self.cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        self.log += f"--- {step.get('name')}: {done.returncode}\n{done.stdout}{done.stderr}"
        if "id" in step:
            self.outputs[step["id"]] = dict(
                line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines()
            )
        for line in files["GITHUB_ENV"].read_text().splitlines():
            key, _, value = line.partition("=")
            self.env[key] = value
        return done.returncode


def signing_secrets() -> dict[str, str]:
    """Return the PEM text of a throwaway key and its self-signed certificate, as secrets."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kaohsiung gazette")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return {
        "GAZETTE_SIGNING_KEY": key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "GAZETTE_SIGNING_CERT": cert.public_bytes(pem).decode(),
    }


def git(cwd: Path, *args: str) -> str:
    """Run git as the clerk; return its output."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ID}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def add_entry(root: Path, issue_id: str, date: str) -> None:
    """Append one entry with a Chinese body to the issue, as a clerk would."""
    volume, number = issue_id.split("-")
    entry_id = f"{issue_id}-001"
    body = f"entries/{volume}/{int(number):02d}/{entry_id}.zh.md"
    (root / "datasets" / body).parent.mkdir(parents=True, exist_ok=True)
    (root / "datasets" / body).write_text(f"# 公告\n\n本文 {entry_id}。\n", encoding="utf-8")
    path = root / "datasets/gazette_entries.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    row = {
        "entry_id": entry_id,
        "issue_id": issue_id,
        "category": "公告",
        "agency_id": "secretariat",
        "doc_number": f"高市府秘字第{int(number):08d}號",
        "signed_date": date,
        "title_zh": f"公告第{issue_id}期事項",
        "title_en": f"Notice of issue {issue_id}",
        "body_zh": body,
    }
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(n, "") for n in header])


def clerk_adds_issue(clerk: Path, run_cli, *args: str) -> str:
    """Add an issue with one entry in the clerk's clone and push it; return its id."""
    git(clerk, "pull", "-q", "--rebase")
    code, out, err = run_cli("new-issue", "--root", clerk, *args)
    assert code == 0, err
    issue_id, date = out.split()[:2]
    add_entry(clerk, issue_id, date)
    assert run_cli("validate", "--root", clerk, "--quiet") == (0, "", "")
    git(clerk, "add", "-A")
    git(clerk, "commit", "-q", "-m", f"Issue {issue_id}")
    git(clerk, "push", "-q")
    return issue_id


def runner_clone(remote: Path, folder: Path) -> Path:
    """Return a fresh clone of the remote, as actions/checkout makes one."""
    subprocess.run(["git", "clone", "-q", str(remote), str(folder)], check=True)
    return folder


def remote_files(remote: Path) -> set[str]:
    """Return the paths in the remote's main branch."""
    return set(git(remote, "ls-tree", "-r", "--name-only", "main").split())


@pytest.mark.slow
def test_two_publish_days_commit_the_record_tag_and_build_again(run_cli, tmp_path: Path) -> None:
    remote, clerk, live = tmp_path / "remote.git", tmp_path / "clerk", tmp_path / "live"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    kaohsiung = ("--name", "高雄市政府公報", "--name-en", "Kaohsiung City Government Gazette")
    assert run_cli("init", clerk, *kaohsiung, "--schedule", "weekly:tue,fri")[0] == 0
    git(clerk, "init", "-q", "-b", "main")
    git(clerk, "add", "-A")
    git(clerk, "commit", "-q", "-m", "gazette init")
    git(clerk, "remote", "add", "origin", str(remote))
    git(clerk, "push", "-q", "-u", "origin", "main")
    variables = {"GAZETTE_LIVE_URL": live.as_uri() + "/"}

    # A day with no issue: nothing is built or committed.
    quiet = Job(runner_clone(remote, tmp_path / "run0"), tmp_path, variables, "2026-11-05")
    assert quiet.run(), quiet.log
    assert [name for name, _ in quiet.ran] == ["Decide the date and whether to publish"]

    # Day 1, Tuesday: the first issue. No live site yet, no manifest in git: first publish.
    first = clerk_adds_issue(clerk, run_cli, "--date", "2026-11-03")
    day1 = Job(runner_clone(remote, tmp_path / "run1"), tmp_path, variables, "2026-11-03")
    assert day1.run(), day1.log
    assert "First publish" in day1.log
    files = remote_files(remote)
    assert {"datasets/manifest.json", "editions/115/001.pdf"} <= files  # three digits
    tags = git(remote, "tag", "-n1")
    assert re.search(rf"gazette-{first}\s+gazette issue {first} chain sha256 [0-9a-f]{{64}}", tags)
    shutil.copytree(day1.cwd / "_site", live)  # what the deploy would have put online

    # Day 2, Wednesday: an extra issue (號外), off the twice-weekly calendar.
    extra = clerk_adds_issue(clerk, run_cli, "--extra", "--date", "2026-11-04")
    before = git(remote, "rev-parse", "main")
    # The live manifest cannot be read: fail closed, nothing committed.
    blind = Job(runner_clone(remote, tmp_path / "run2a"), tmp_path, {
        "GAZETTE_LIVE_URL": (tmp_path / "nowhere").as_uri() + "/"
    }, "2026-11-04")  # fmt: skip
    assert not blind.run()
    assert blind.ran[-1][0].startswith("Verify the built site") and blind.ran[-1][1] == 1
    assert "cannot be read" in blind.log
    assert git(remote, "rev-parse", "main") == before
    # Readable: the new chain extends the live one; the record and the tag are pushed. The
    # city has set its signing secrets (PEM text) by now: the new edition is signed.
    secrets = signing_secrets()
    day2 = Job(runner_clone(remote, tmp_path / "run2"), tmp_path, variables, "2026-11-04", secrets)
    assert day2.run(), day2.log
    assert "editions/115/002.pdf" in remote_files(remote)
    signed = subprocess.run(
        ["git", "show", "main:editions/115/002.pdf"], cwd=remote, capture_output=True, check=True
    ).stdout
    assert signing.is_signed(signed)
    assert "其中 1 份的簽章經憑證驗證無誤" in day2.log  # verify --site-dir with the secret's cert
    assert "1 份 PDF 版本未簽章（115-001）" in day2.log  # made before signing: named unsigned
    assert "PRIVATE KEY" not in day2.log
    assert f"gazette-{extra} " in git(remote, "tag", "-n1")
    assert '"issue_id": "115-002"' in git(remote, "show", "main:datasets/manifest.json")
    log = git(remote, "log", "--format=%s", "main")
    assert log.count("Record the gazette issues published") == 2
    # The next run on the same day finds nothing new to record.
    again = Job(runner_clone(remote, tmp_path / "run3"), tmp_path, variables, "2026-11-04")
    assert again.run(), again.log
    assert "No newly published issue." in again.log
