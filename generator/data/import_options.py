"""`gazette import` options about bodies: the folder body paths are read from, the limits."""

from __future__ import annotations

from pathlib import Path

from generator.data.body_limits import BodyLimits, limit_names, parse_limits
from generator.errors import ConfigError
from generator.models import Problem


def body_options(bodies: Path | None, settings: list[str]) -> tuple[Path | None, BodyLimits]:
    """Return the bodies folder and the limits; raise ConfigError (exit 2) for a bad one."""
    if bodies is not None and not bodies.is_dir():
        raise ConfigError([Problem.at(str(bodies), None, "", "import-bodies-dir-missing",
                                      value=str(bodies))])  # fmt: skip
    try:
        limits = parse_limits(settings)
    except ValueError as error:
        problem = Problem.at("", None, "--body-limit", "import-body-limit-option",
                             value=str(error), names=", ".join(limit_names()))  # fmt: skip
        raise ConfigError([problem]) from None
    return bodies, limits
