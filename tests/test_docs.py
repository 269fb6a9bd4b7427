"""Documentation that tests itself: README, docs/architecture.md and the error catalogue
are checked against the code, so a new command, option, variable, module, error code or
template filter cannot land undocumented (and a removed one cannot stay documented).
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import jinja2
import pytest
import yaml

from generator.cli import build_parser
from generator.markup.templates import environment
from generator.messages import CATALOGUE_PATH, UnknownCode, message
from generator.models import Problem

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
STAGES = ("load", "validate", "embargo", "render", "publish")
PIPELINE = " → ".join(STAGES)


def sources() -> list[Path]:
    """Return every Python file of the generator package."""
    return sorted(GENERATOR.rglob("*.py"))


def commands() -> dict[str, argparse.ArgumentParser]:
    """Return the CLI's subcommand parsers by name, read from the real parser."""
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    """Return a parser's long options, without --help."""
    return {
        name
        for action in parser._actions
        for name in action.option_strings
        if name.startswith("--") and name != "--help"
    }


def command_rows() -> dict[str, str]:
    """Return README's command-table rows by command name ("| `gazette build ...` | ...")."""
    rows = {}
    for line in README.splitlines():
        found = re.match(r"\| `gazette ([a-z-]+)[^`]*` \|", line)
        if found:
            rows[found[1]] = line
    return rows


# --- the command line ----------------------------------------------------------------------


def test_every_command_has_a_row_in_the_readme_table() -> None:
    assert set(commands()) == set(command_rows())


def test_every_option_is_in_its_command_row_or_the_common_sentence() -> None:
    parsers = commands()
    common = set.intersection(*(options(p) for p in parsers.values()))
    sentence = next(line for line in README.splitlines() if line.startswith("Every command"))
    missing = [o for o in sorted(common) if f"`{o}" not in sentence]
    rows = command_rows()
    for name, parser in sorted(parsers.items()):
        missing += [f"{name} {o}" for o in sorted(options(parser) - common) if o not in rows[name]]
    assert missing == []


# --- environment variables -----------------------------------------------------------------


def test_every_gazette_variable_is_documented() -> None:
    pattern = re.compile(r"\bGAZETTE_[A-Z][A-Z0-9_]*")
    used = {
        name
        for path in [*sources(), *(REPO / "tests").rglob("*.py"), REPO / "Makefile"]
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert "GAZETTE_DEBUG" in used  # the scan sees the source at all
    assert sorted(name for name in used if f"`{name}`" not in README) == []


# --- modules and stages --------------------------------------------------------------------


def table_rows(text: str) -> list[str]:
    """Return the Markdown table rows of a document."""
    return [line for line in text.splitlines() if line.startswith("| ")]


def test_every_module_has_exactly_one_line_in_architecture() -> None:
    rows = table_rows(ARCHITECTURE)
    modules = [p.relative_to(REPO).as_posix() for p in sources() if p.name != "__init__.py"]
    counts = {m: sum(f"`{m}`" in row for row in rows) for m in modules}
    assert {m: n for m, n in counts.items() if n != 1} == {}


def test_architecture_names_no_module_that_does_not_exist() -> None:
    named = set(re.findall(r"`(generator/[\w/]+\.py)`", ARCHITECTURE))
    assert sorted(m for m in named if not (REPO / m).is_file()) == []


def test_readme_and_architecture_name_the_five_stages() -> None:
    assert PIPELINE in README
    assert PIPELINE in ARCHITECTURE


def test_module_headers_use_the_stage_names() -> None:
    wrong, seen = [], set()
    for path in sources():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for number, name in re.findall(r"\bStage (\d), (\w+)", doc):
            seen.add(name)
            if STAGES[int(number) - 1] != name:
                wrong.append(f"{path.relative_to(REPO)}: Stage {number}, {name}")
    assert wrong == []
    assert seen == set(STAGES)  # each stage's module says which stage it is


# --- error codes ---------------------------------------------------------------------------

CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
# Kebab-case strings in the source that are not error codes (commands, encodings, names).
NOT_CODES = {
    "cat-file", "rev-parse", "working-tree",  # git
    "fc-list",  # fontconfig
    "gazette-fresh-files", "gazette-raw-blocks", "gazette-tidy",  # our MkDocs plugins
    "mkdocs-material", "pymdown-extensions",
    "is-issue-date", "new-issue", "no-issue",  # command names and their output
    "city-gazette", "noto-cjk-sans-otc", "us-east-1",  # package names, the AWS region
    "markdown-it-py", "mdit-py-plugins", "gazette-parent-watch", "gazette-open-data",
    "issue-date", "roc-year",  # calendar and config words
    "no-store", "pagefind-archive", "pagefind-recent", "utf-8", "utf-8-sig", "utf-16", "yyyy-mm-dd",
    "entry-body",  # the CSS class of an entry page's body block (page_fidelity)
}  # fmt: skip
# Where a call names its problem's code: the position of the code argument.
CODE_ARGUMENT = {"at": 3, "Problem": 3, "emit": 2, "_problem": 3, "_issue_problem": 2}


def catalogue() -> dict[str, dict[str, str]]:
    """Return the catalogue read afresh from its file."""
    return yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))


def literals(node: ast.AST) -> list[str]:
    """Return the string constants a code argument can take (both arms of an `if`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literals(node.body) + literals(node.orelse)
    return []


def codes_in_calls() -> dict[str, str]:
    """Return literal codes passed to Problem(...), Problem.at(...) and their helpers."""
    found = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = CODE_ARGUMENT.get(name)
            owner = getattr(getattr(func, "value", None), "id", "")
            if name == "at" and owner != "Problem":
                position = 2  # Sheet.at(row, field, code) in constraints.py
            if position is None:
                continue
            argument = node.args[position] if len(node.args) > position else None
            for keyword in node.keywords:
                if keyword.arg == "code":
                    argument = keyword.value
            for code in literals(argument) if argument is not None else []:
                found[code] = f"{path.relative_to(REPO)}:{node.lineno}"
    return found


def kebab_literals() -> dict[str, str]:
    """Return every kebab-case string constant of the source (codes made away from calls)."""
    found = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and CODE.match(str(node.value)):
                found[node.value] = f"{path.relative_to(REPO)}:{node.lineno}"
    return found


def test_every_code_passed_to_a_problem_is_in_the_catalogue() -> None:
    used = codes_in_calls()
    assert "file-missing" in used and "required" in used  # the scan sees calls at all
    known = catalogue()
    assert {code: where for code, where in used.items() if code not in known} == {}


def test_every_kebab_case_string_is_a_catalogue_code_or_known_not_to_be_one() -> None:
    # Codes chosen in one place and reported in another (cast.diagnose, rules, importer)
    # reach Problem.at through a variable: every such string is checked here instead.
    known = catalogue()
    unknown = {c: w for c, w in kebab_literals().items() if c not in known and c not in NOT_CODES}
    assert unknown == {}


def test_type_codes_exist_for_every_field_type_of_the_package() -> None:
    # cast.diagnose reports f"type-{kind}" for a cell that is not of its field's type.
    descriptor = yaml.safe_load((REPO / "datasets/datapackage.yaml").read_text("utf-8"))
    kinds = {
        field.get("type", "string")
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
    } - {"string"}
    assert sorted(f"type-{k}" for k in kinds if f"type-{k}" not in catalogue()) == []


def test_every_catalogue_entry_has_both_languages() -> None:
    entries = catalogue()
    incomplete = sorted(c for c, e in entries.items() if not (e.get("zh-TW") and e.get("en")))
    assert incomplete == []


def test_an_unknown_code_fails_loudly() -> None:
    with pytest.raises(UnknownCode, match="no-such-code"):
        message(Problem.at("x.csv", 1, "f", "no-such-code"), "en")


def test_an_unknown_code_in_a_report_is_a_bug_not_raw_text(run_cli, monkeypatch) -> None:
    def broken(root: Path) -> tuple[None, list[Problem]]:
        return None, [Problem.at("x.csv", 1, "f", "no-such-code")]

    monkeypatch.setattr("generator.commands.validate.validate_project", broken)
    code, out, err = run_cli("validate")
    assert code == 3
    assert "no-such-code" not in out
    assert "internal error" in err


# --- template filters ----------------------------------------------------------------------


def documented(kind: str) -> set[str]:
    """Return the names in architecture.md's table rows "| `\\|name` |" or "| `name()` |"."""
    if kind == "filter":  # a pipe inside a table cell is written `\|`, even in code
        return set(re.findall(r"^\| `\\\|(\w+)`", ARCHITECTURE, re.M))
    return set(re.findall(r"^\| `(\w+)\(\)`", ARCHITECTURE, re.M))


def test_documented_filters_are_exactly_the_project_filters() -> None:
    env = environment(None)
    added = set(env.filters) - set(jinja2.defaults.DEFAULT_FILTERS)
    assert documented("filter") == added


def test_documented_globals_are_exactly_the_project_globals() -> None:
    env = environment(None)
    added = set(env.globals) - set(jinja2.defaults.DEFAULT_NAMESPACE)
    assert documented("global") == added
