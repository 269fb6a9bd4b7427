"""Every message template of the error catalogue can be filled: no field a problem cannot name."""

from __future__ import annotations

import string

from generator.messages import catalogue


def test_every_template_names_its_fields() -> None:
    # `{.underline}` or `{}` would be read as a positional field and crash the report
    # (exit 3); literal braces are written `{{` and `}}`.
    unnamed = [
        (code, lang, field)
        for code, entry in catalogue().items()
        for lang in ("zh-TW", "en")
        for _, field, _, _ in string.Formatter().parse(entry.get(lang, ""))
        if field is not None and not field.isidentifier()
    ]
    assert unnamed == []
    assert len(catalogue()) > 100  # the catalogue was read
