"""Documentation that tests itself: README, docs/ (the CLI reference, configuration, the
module map), the links between them and the error catalogue
are checked against the code, so a new command, option, variable, module, error code or
template filter cannot land undocumented (and a removed one cannot stay documented).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
import yaml

from generator.cli import build_parser
from generator.data.body_limits import limit_names
from generator.limits import Limits
from generator.markup.templates import environment
from generator.messages import CATALOGUE_PATH, UnknownCode, message
from generator.models import Problem

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
CLI = (REPO / "docs/cli.md").read_text(encoding="utf-8")
CONFIGURATION = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
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


def cli_reference() -> ModuleType:
    """Return tools/cli_reference.py, the script that writes docs/cli.md from the parser."""
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "tools/cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli_sections() -> dict[str, str]:
    """Return docs/cli.md's command sections ("## `gazette NAME`") by command name."""
    parts = re.split(r"^## `gazette ([a-z-]+)`$", CLI, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


# --- the command line ----------------------------------------------------------------------


def test_cli_reference_is_what_the_parser_gives() -> None:
    wanted = cli_reference().render(CLI)
    assert wanted == CLI, "docs/cli.md differs from the parser: run `make docs` and commit it"


def test_every_command_has_a_section_in_the_cli_reference() -> None:
    assert set(commands()) == set(cli_sections())


def test_every_command_and_option_has_a_help_text() -> None:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = [f"gazette {c.dest}" for c in sub._choices_actions if not c.help]
    for name, command in sorted(commands().items()):
        for action in command._actions:
            if not action.help and not isinstance(action, argparse._HelpAction):
                missing.append(f"gazette {name} {action.dest}")
    assert missing == []


def test_every_option_is_in_its_command_section_or_the_common_options() -> None:
    parsers = commands()
    common = set.intersection(*(options(p) for p in parsers.values()))
    head = CLI.split("## `gazette ", 1)[0]
    missing = [o for o in sorted(common) if f"`{o}" not in head]
    sections = cli_sections()
    for name, parser in sorted(parsers.items()):
        missing += [
            f"{name} {o}" for o in sorted(options(parser) - common) if f"`{o}" not in sections[name]
        ]
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
    assert sorted(name for name in used if f"`{name}`" not in CONFIGURATION) == []


# --- the README and the links of every page ------------------------------------------------


def test_readme_is_read_in_one_sitting() -> None:
    assert len(README.splitlines()) <= 150


def test_readme_holds_no_dated_measurement() -> None:
    # Dated figures (benchmarks, timings) belong in bench/README.md with their command.
    assert re.findall(r"\b20\d\d-\d\d-\d\d\b", README) == []
    assert re.findall(r"\b\d+(?:\.\d+)? (?:s|ms|MB|KB)\b", README) == []


def test_readme_starts_with_the_site_and_the_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0].split()[:2] == ["make", "site"]
    assert blocks[1].split()[:2] == ["make", "test"]


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    (tests,) = [b for b in re.findall(r"```sh\n(.*?)```", README, re.S) if "make test" in b]
    readme = tests.splitlines()[0].split("#")[0].strip()
    script = (REPO / ".ci/run").read_text(encoding="utf-8").splitlines()
    ci = [
        line
        for line in script
        if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))
    ]
    assert ci[-1].strip() == readme == "make test"


def test_every_marker_and_shared_fixture_is_in_the_tests_page() -> None:
    tests_page = (REPO / "docs/tests.md").read_text(encoding="utf-8")
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    markers = re.findall(
        r'^\s*"(\w+): ', project.split("markers = [", 1)[1].split("\n]", 1)[0], re.M
    )
    tree = ast.parse((REPO / "tests/conftest.py").read_text(encoding="utf-8"))
    fixtures = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("fixture" in ast.unparse(d) for d in node.decorator_list)
    ]
    assert "slow" in markers and "built_site" in fixtures  # the scans see them at all
    assert [n for n in markers + fixtures if f"`{n}`" not in tests_page] == []


def test_every_import_limit_is_in_the_hostile_input_page() -> None:
    page = (REPO / "docs/hostile-input.md").read_text(encoding="utf-8")
    names = [f.name for f in dataclasses.fields(Limits)] + limit_names()
    assert "csv_bytes" in names and "nesting" in names  # both sets of limits are read
    assert [n for n in names if f"`{n}`" not in page] == []


def slug(heading: str) -> str:
    """Return GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Return the anchors of a Markdown file's headings."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


def test_every_relative_link_resolves() -> None:
    pages = [REPO / "README.md", REPO / "bench/README.md", *sorted((REPO / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # an absolute address: not checked offline
            file, _, anchor = target.partition("#")
            resolved = (page.parent / file).resolve() if file else page
            if not resolved.exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{page.relative_to(REPO)}: {target} (no such heading)")
    assert broken == []


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
    "gazette-page-ticks",  # the MkDocs plugin counting pages for the progress bar
    "mkdocs-material", "pymdown-extensions",
    "is-issue-date", "new-issue", "no-issue",  # command names and their output
    "city-gazette", "noto-cjk-sans-otc", "us-east-1",  # package names, the AWS region
    "markdown-it-py", "mdit-py-plugins", "gazette-parent-watch", "gazette-open-data",
    "issue-date", "roc-year",  # calendar and config words
    "no-store", "pagefind-archive", "pagefind-recent", "utf-8", "utf-8-sig", "utf-16", "yyyy-mm-dd",
    "entry-body",  # the CSS class of an entry page's body block (page_fidelity)
    "page-fidelity",  # the cache folder of page_fidelity.Verdicts
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
