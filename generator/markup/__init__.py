"""Markup: escaping for Markdown and HTML, entry bodies, the templates' filters and environment."""
