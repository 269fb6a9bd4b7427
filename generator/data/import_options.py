"""`gazette import` options about bodies: the folder body paths are read from, the limits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.data.body_limits import DEFAULT_LIMITS, BodyLimits, limit_names, parse_limits
from generator.errors import ConfigError
from generator.limits import Limits
from generator.models import Problem


def configured_limits(limits: Limits) -> BodyLimits:
    """Return the body limits gazette.yaml sets (`limits.body_bytes`, `limits.document_bytes`)
    over the defaults: one `limits:` section for the whole import."""
    changes = {}
    if limits.body_bytes is not None:
        changes["body_chars"] = limits.body_bytes
    if limits.document_bytes is not None:
        changes["file_bytes"] = limits.document_bytes
    return replace(DEFAULT_LIMITS, **changes)


def body_options(
    bodies: Path | None, settings: list[str], base: BodyLimits = DEFAULT_LIMITS
) -> tuple[Path | None, BodyLimits]:
    """Return the bodies folder and the limits (`--body-limit` over `base`, gazette.yaml's);
    raise ConfigError (exit 2) for a bad one."""
    if bodies is not None and not bodies.is_dir():
        raise ConfigError([Problem.at(str(bodies), None, "", "import-bodies-dir-missing",
                                      value=str(bodies))])  # fmt: skip
    try:
        limits = parse_limits(settings, base)
    except ValueError as error:
        problem = Problem.at("", None, "--body-limit", "import-body-limit-option",
                             value=str(error), names=", ".join(limit_names()))  # fmt: skip
        raise ConfigError([problem]) from None
    return bodies, limits
