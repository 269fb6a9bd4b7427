"""Every message template of the error catalogue can be filled: no field a problem cannot name."""

from __future__ import annotations

import string

import pytest

from generator.messages import catalogue


def _templates() -> list[tuple[str, str, str]]:
    return [
        (code, lang, entry[lang])
        for code, entry in catalogue().items()
        for lang in ("zh-TW", "en")
        if lang in entry
    ]


@pytest.mark.parametrize("code,lang,template", _templates(), ids=lambda v: str(v)[:40])
def test_every_template_names_its_fields(code: str, lang: str, template: str) -> None:
    # `{.underline}` or `{}` would be read as a positional field and crash the report
    # (exit 3); literal braces are written `{{` and `}}`.
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    assert all(f.isidentifier() for f in fields), (code, lang, fields)
