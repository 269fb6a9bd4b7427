"""Exceptions that stop a command, and the exit status each one means.

Checks never raise these for bad data: they return `Problem`s. Only the CLI turns
problems into an exit status. Stages raise:

- `ConfigError` when the project itself cannot be used (no root, unreadable package
  descriptor, bad option value): exit 2.
- `DataInvalid` when the data has problems that forbid the action: exit 1.
- `Refused` when the data is fine but the action is not allowed (a date off the
  schedule, an edit to a published entry): exit 1.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.models import Problem


class GazetteError(Exception):
    """Base class: carries problems to report and the exit status."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(", ".join(p.code for p in self.problems))


class ConfigError(GazetteError):
    """The project or the command line cannot be used as given."""

    exit_code = 2


class DataInvalid(GazetteError):
    """The datasets have problems; nothing was changed or published."""


class Refused(GazetteError):
    """The action is not allowed; nothing was changed."""
