"""The progress bar: drawn on a terminal only, erased at the end, never in a log."""

from __future__ import annotations

import io

import pytest

from generator.progress import Bar, line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_drawn_on_a_terminal_and_erased_at_the_end(monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    with Bar("PDF", 4, screen) as bar:
        for _ in range(4):
            bar.advance()
    text = screen.getvalue()
    assert "\rPDF [" in text and "4/4" in text
    assert text.endswith("\r\x1b[2K")


@pytest.mark.parametrize("stream", [io.StringIO(), None])
def test_nothing_is_drawn_when_stderr_is_not_a_terminal(stream, capsys) -> None:
    with Bar("PDF", 3, stream) as bar:
        bar.advance(3)
    assert (stream.getvalue() if stream else capsys.readouterr().err) == ""


def test_the_bar_can_be_switched_off_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setenv("GAZETTE_NO_PROGRESS", "1")
    screen = Terminal()
    Bar("x", 2, screen).advance(2)
    assert screen.getvalue() == ""


def test_the_bar_fills_in_proportion() -> None:
    assert line("x", 0, 4) == "x [" + "-" * 24 + "] 0/4"
    assert line("x", 2, 4) == "x [" + "#" * 12 + "-" * 12 + "] 2/4"
    assert line("x", 4, 4) == "x [" + "#" * 24 + "] 4/4"
