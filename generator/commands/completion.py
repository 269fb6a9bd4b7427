"""`gazette completion`: a bash or zsh completion script made from the command's parser."""

from __future__ import annotations

import argparse

import shtab

from generator.models import Problem


def command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Problem]:
    """Print the completion script of `parser` for `args.shell`."""
    print(shtab.complete(parser, shell=args.shell), end="")
    return []
