"""Checks of the built site as a visitor's browser sees it (package so tests can share helpers)."""
