"""The layers point one way (issue 27): import-linter's contracts, and no hidden cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
LAZY = "# lazy:"  # the marker a function-level import of a generator module must carry


def contracts() -> list[dict]:
    """Return the import-linter contracts of pyproject.toml."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `lint-imports` of this environment in the repository; return the finished process."""
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_contracts_list_no_exceptions_and_every_layer() -> None:
    found = contracts()
    assert [c for c in found if c.get("ignore_imports")] == []
    layers = next(c for c in found if c["type"] == "layers")
    assert layers["exhaustive"] is True  # a new top-level module must be given a layer
    assert layers["layers"][2:6] == ["commands", "site", "gazette | portal", "data"]


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    # The contract is not vacuous: the same check on a copy with one upward import fails.
    copy = tmp_path / "repo"
    copy.mkdir()
    (copy / "pyproject.toml").write_bytes((REPO / "pyproject.toml").read_bytes())
    subprocess.run(["cp", "-r", str(GENERATOR), str(copy / "generator")], check=True)
    cast = copy / "generator" / "data" / "cast.py"
    cast.write_text(cast.read_text(encoding="utf-8") + "\nimport generator.site.nav\n")
    command = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(command), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "generator.data.cast -> generator.site.nav" in done.stdout


def function_level_imports(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) of each import of a generator module inside a function."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                names = (
                    [child.module or ""]
                    if isinstance(child, ast.ImportFrom)
                    else [a.name for a in child.names]
                )
                if isinstance(child, ast.ImportFrom) and child.level:
                    names = ["generator"]  # a relative import is always the package's own
                found.extend((child.lineno, n) for n in names if n.split(".")[0] == "generator")
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def sources() -> list[Path]:
    """Return the package's Python modules (the project scaffold is data, not code)."""
    return [p for p in sorted(GENERATOR.rglob("*.py")) if "scaffold" not in p.parts]


def test_no_function_level_import_of_a_generator_module_without_a_lazy_reason() -> None:
    unmarked = []
    for path in sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, module in function_level_imports(path):
            if LAZY not in lines[line - 1]:
                unmarked.append(f"{path.relative_to(REPO)}:{line}: {module}")
    assert unmarked == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from generator.site import nav\n", [(2, "generator.site")]),
        ("def f():\n    import generator.config\n", [(2, "generator.config")]),
        ("from generator import config\n\ndef f():\n    import json\n", []),
    ],
)
def test_the_scan_finds_function_level_imports(
    tmp_path: Path, source: str, expected: list[tuple[int, str]]
) -> None:
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert function_level_imports(path) == expected


def test_one_python_m_entry_point() -> None:
    # `python -m generator` is the `gazette` command; the calendar's and the anchor's own
    # entry points are gone (`gazette calendar --is-issue-date`, `gazette tags`).
    mains = [
        p.relative_to(REPO).as_posix()
        for p in sources()
        if 'if __name__ == "__main__"' in p.read_text(encoding="utf-8")
    ]
    assert mains == []
    assert (GENERATOR / "__main__.py").is_file()


def test_every_subcommand_is_a_module_in_commands() -> None:
    from generator.cli import COMMANDS, build_parser

    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert set(COMMANDS) == set(choices)
    for module in COMMANDS.values():
        assert (GENERATOR / "commands" / f"{module}.py").is_file()


def test_hashing_lives_in_cache_py_only() -> None:
    # One home for digests (issue 27): every module hashes through generator.cache.
    hashing = [
        p.relative_to(REPO).as_posix()
        for p in sources()
        if "hashlib" in p.read_text(encoding="utf-8")
    ]
    assert hashing == ["generator/cache.py"]


def _is_en(node: ast.AST, values: tuple[object, ...] = ("en", "en/")) -> bool:
    """Return whether `node` is a constant spelling the English folder or prefix."""
    return isinstance(node, ast.Constant) and node.value in values


def language_rules(source: str) -> list[int]:
    """Return the lines that spell the "English under en/" rule instead of asking a Language.

    Found: the literal "en/"; a path joined with "en" (`out / "en"`); an `if lang == "en"`
    choosing a folder, a prefix or a depth ("en"/"en/"/""/a number); a mapping of "en" to its
    folder (`{"zh-TW": "", "en": "en/"}`).
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if _is_en(node, ("en/",)):
            found.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if _is_en(node.left) or _is_en(node.right):
                found.append(node.lineno)
        elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
            tested = [node.test.left, *node.test.comparators]
            branches = [node.body, node.orelse]
            pathlike = [
                b
                for b in branches
                if _is_en(b, ("en", "en/", ""))
                or (isinstance(b, ast.Constant) and type(b.value) is int)
            ]
            if any(_is_en(t, ("en",)) for t in tested) and len(pathlike) == 2:
                found.append(node.lineno)
        elif isinstance(node, ast.Dict):
            pairs = zip(node.keys, node.values, strict=True)
            if any(k is not None and _is_en(k, ("en",)) and _is_en(v) for k, v in pairs):
                found.append(node.lineno)
    return sorted(set(found))


def test_only_the_languages_module_spells_where_english_lives() -> None:
    # One home for the languages (issue 27): folders, prefixes and depths come from
    # generator/languages.py, so a third language or a moved English site is one edit.
    spelt = [
        f"{p.relative_to(REPO)}:{line}"
        for p in sources()
        if p.name != "languages.py"
        for line in language_rules(p.read_text(encoding="utf-8"))
    ]
    assert spelt == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('url = base + ("en/" if lang == "en" else "")\n', [1]),
        ('PREFIX = {"zh-TW": "", "en": "en/"}\n', [1]),
        ('DIRS = {"zh-TW": "", "en": "en"}\n', [1]),
        ('page = out / "en" / path\n', [1]),
        ('depth += 1 if lang == "en" else 0\n', [1]),
        ('base = join("en" if lang == "en" else "", here)\n', [1]),
        ('name = row["name_en"] if lang == "en" else row["name_zh"]\n', []),
        ('sep = ", " if lang == "en" else "、"\n', []),
        ("url = base + language(lang).prefix\n", []),
    ],
)
def test_the_scan_finds_the_language_rule_spelt_out(source: str, expected: list[int]) -> None:
    assert language_rules(source) == expected


def module_memos(source: str) -> list[str]:
    """Return the private UPPER_CASE module names bound to an empty dict (a hand-kept memo)."""
    found = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        empty = (isinstance(value, ast.Dict) and not value.keys) or (
            isinstance(value, ast.Call) and getattr(value.func, "id", "") == "dict"
        )
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        found += [n for n in names if empty and n.startswith("_") and n[1:2].isupper()]
    return found


def test_per_build_memos_live_on_the_build_state() -> None:
    # A module-level dict filled during a build outlives it (serve) and must be cleared by
    # hand; the build's values are kept on ctx.state.memo (generator/models.py) instead.
    memos = [f"{p.relative_to(REPO)}: {n}" for p in sources() for n in module_memos(p.read_text())]
    assert memos == []
    assert module_memos("_MEMO: dict[int, str] = {}\n_CACHE = dict()\nWHOLE = {}\n") == [
        "_MEMO",
        "_CACHE",
    ]


# Names and literals that stamp code or place a cache: only generator/cache.py may use them.
CACHE_PLACES = {".cache", "XDG_CACHE_HOME", "GAZETTE_CACHE_DIR", "GAZETTE_BUILD_CACHE"}


def stamp_problems(source: str) -> list[str]:
    """Return how a module stamps code or places a cache itself instead of through cache.py.

    Code is stamped by reading its own files (`__file__` read in a function, or a name made
    from `__file__` given to a `generator.cache` function) or by asking for versions
    (`sys.version`, `<library>.__version__`, `cache.versions`); a cache is placed by naming
    `.cache` or the cache folders' environment variables.
    """
    tree = ast.parse(source)
    from_file = {  # module-level names made from __file__ (PACKAGE_DIR = Path(__file__)...)
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and "__file__" in ast.unparse(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    cache_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "generator.cache"
        for alias in node.names
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(node)):
                found.append(f"{node.lineno}: {node.name} reads __file__")
        elif isinstance(node, ast.Call):
            func = node.func
            is_cache = (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "cache"
            ) or (isinstance(func, ast.Name) and func.id in cache_names)
            named = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            if is_cache and named & (from_file | {"__file__"}):
                found.append(f"{node.lineno}: stamps {sorted(named & from_file)} itself")
            if is_cache and ast.unparse(func).rsplit(".", 1)[-1] == "versions":
                found.append(f"{node.lineno}: asks library versions itself")
        elif isinstance(node, ast.Attribute) and node.attr in {"__version__", "version"}:
            if node.attr == "__version__" or ast.unparse(node) == "sys.version":
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and node.value in CACHE_PLACES:
            found.append(f"{node.lineno}: names {node.value!r}")
    return found


def test_only_cache_py_stamps_code_or_places_caches() -> None:
    # One cache mechanism (issue 27): every cache stamps its code with cache.code_stamp and
    # lives where cache.cache_dir or cache.user_cache_dir says.
    found = {
        p.relative_to(REPO).as_posix(): stamp_problems(p.read_text(encoding="utf-8"))
        for p in sources()
        if p != GENERATOR / "cache.py"
    }
    assert {path: problems for path, problems in found.items() if problems} == {}


@pytest.mark.parametrize(
    "source",
    [
        # the history cache's own stamp before issue 27
        "import sys\ndef code_stamp():\n"
        "    return digest(V, sys.version, Path(__file__).read_text())\n",
        # the validation cache's
        "from generator.cache import tree_digest, versions\n"
        "PACKAGE_DIR = Path(__file__).resolve().parents[1]\n"
        "def _code():\n    return digest(tree_digest([PACKAGE_DIR]), versions('pandas'))\n",
        # the downloads cache's
        "import pandas as pd\nV = [pd.__version__]\n",
        # the font cache's folder
        "def root():\n    return Path(os.environ.get('XDG_CACHE_HOME') or '~') / '.cache'\n",
        # the search key's
        "from generator import cache\ndef _code():\n    return cache.versions('pagefind')\n",
    ],
    ids=["history", "validation", "downloads", "fonts", "search"],
)
def test_the_stamp_scan_finds_private_stamps(source: str) -> None:
    assert stamp_problems(source) != []
