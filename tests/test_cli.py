"""The command line as its ecosystem expects it: --version, global options before or after
the subcommand, a description in each subcommand's --help, shell completion, and a JSON
summary of a build."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import build_parser, version

Run = Callable[..., tuple[int, str, str]]


def test_version_prints_the_installed_version(run_cli: Run) -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"gazette {version()}"
    assert version() != "unknown"  # the package is installed: the metadata is found


@pytest.mark.parametrize("where", ["before", "after"])
def test_root_and_format_work_before_or_after_the_subcommand(
    where: str, run_cli: Run, mini_project, tmp_path: Path
) -> None:
    options = ["--root", str(mini_project.root), "--format", "json", "--lang", "en"]
    args = [*options, "validate"] if where == "before" else ["validate", *options]
    code, out, err = run_cli(*args)
    assert (code, err) == (0, "")
    assert json.loads(out) == []


def test_an_option_after_the_subcommand_wins_over_one_before(
    run_cli: Run, mini_project, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run_cli("--root", missing, "validate", "--root", mini_project.root)
    assert (code, err) == (0, "")
    code, _, err = run_cli("--root", mini_project.root, "validate", "--root", missing)
    assert code == 2 and "nowhere" in err


def test_every_subcommand_help_has_its_description(capsys: pytest.CaptureFixture) -> None:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    summaries = {action.dest: action.help for action in sub._choices_actions}
    assert set(summaries) == set(sub.choices)
    for name, summary in summaries.items():
        with pytest.raises(SystemExit):
            parser.parse_args([name, "--help"])
        assert summary in capsys.readouterr().out, name


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_script_names_every_subcommand(shell: str, run_cli: Run) -> None:
    code, out, _ = run_cli("completion", shell)
    assert code == 0
    for name in ("build", "validate", "import", "verify", "deploy", "calendar"):
        assert name in out
    assert "--site-dir" in out


@pytest.mark.slow
def test_build_format_json_prints_a_summary_on_stdout(
    run_cli: Run, mini_project, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, out, err = run_cli(
        "build", "--root", mini_project.root, "--site-dir", site,
        "--as-of", "2025-03-31", "--quiet", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert list(summary["stages"]) == ["validate", "embargo", "render", "mkdocs",
                                       "artifact", "search", "publish"]  # fmt: skip
    assert summary["pages"] == sum(1 for _ in site.rglob("*.html"))
    assert summary["editions"] == sum(1 for _ in site.rglob("*.pdf"))
    assert summary["pages"] > 0 and summary["as_of"] == "2025-03-31"
    assert isinstance(summary["warnings"], list)
