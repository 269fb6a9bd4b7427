"""The static-site engine that turns each language's Markdown into HTML: one adapter per engine.

MkDocs 1.x is frozen at 1.6.1 and Material for MkDocs reaches its end of life on 2027-05-05
(docs/engine.md). ProperDocs is a maintained continuation of MkDocs 1.x with the same
configuration, plugin events and theme API, under the module name `properdocs`. Both are
driven the same way here: load the config with the build's overrides, add the project's
plugins (generator/site/mkdocs_hooks.py), build. Only the module names differ, so the
adapter is a table of them.

The engine is chosen by the environment variable GAZETTE_ENGINE, else by `engine:` under
`extra` in the project's mkdocs.yml, else it is MkDocs.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.models import Problem

ENV = "GAZETTE_ENGINE"
DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Engine:
    """One engine: the distribution to install and the module names the build calls."""

    name: str
    distribution: str  # what `pip install` takes
    package: str  # the top-level module
    exception: str  # the engine's base exception class, in `package`.exceptions

    def installed(self) -> bool:
        """Return whether the engine's package can be imported here."""
        return importlib.util.find_spec(self.package) is not None

    def api(self) -> tuple[Callable[..., Any], Callable[..., Any], type[Exception]]:
        """Return the engine's load_config, build, and the exception it raises on bad input."""
        config = importlib.import_module(f"{self.package}.config")
        commands = importlib.import_module(f"{self.package}.commands.build")
        exceptions = importlib.import_module(f"{self.package}.exceptions")
        return config.load_config, commands.build, getattr(exceptions, self.exception)

    def fingerprint(self) -> str:
        """Return the engine's name and installed version (a new version rebuilds every page)."""
        return f"{self.name} {importlib.metadata.version(self.distribution)}"

    @property
    def logger(self) -> str:
        """Return the name of the logger the engine reports warnings and strict failures on."""
        return self.package


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", "mkdocs", "MkDocsException"),
    "properdocs": Engine("properdocs", "properdocs", "properdocs", "ProperDocsException"),
}


def choose(config_path: Path, extra: Mapping[str, Any] | None) -> Engine:
    """Return the engine named by GAZETTE_ENGINE or the config's `extra.engine`, or MkDocs.

    An unknown name, or an engine that is not installed, is a configuration error (exit 2)
    that names the engines there are, rather than a silent fall back to another engine.
    """
    from_env = os.environ.get(ENV, "").strip()
    if from_env:
        name, where, field = from_env, ENV, ""
    else:
        name = str((extra or {}).get("engine") or DEFAULT).strip()
        where, field = str(config_path), "extra.engine"
    engine = ENGINES.get(name)
    if engine is None:
        raise ConfigError(
            [
                Problem.at(
                    where, None, field, "engine-unknown", value=name, engines=", ".join(ENGINES)
                )
            ]
        )
    if not engine.installed():
        raise ConfigError(
            [
                Problem.at(
                    where, None, field, "engine-missing", value=name, package=engine.distribution
                )
            ]
        )
    return engine
