"""Gazette: the issue calendar, new issues, the manifest chain, feeds and PDF editions."""
