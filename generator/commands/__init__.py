"""Commands: one module per `gazette` subcommand; `generator/cli.py` parses and dispatches."""
