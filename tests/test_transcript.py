"""The chat written down: Markdown export, safe display of what was typed, atomic writes."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from backtalk.transcript import (
    Entry,
    default_export_path,
    link_marks,
    to_markdown,
    visible,
    write_atomic,
)

WHEN = datetime(2026, 3, 4, 5, 6, 7)


def test_export_has_each_turn_the_level_and_numbered_sources(bot) -> None:
    chat = bot.chat()
    first, second = chat.send("how do I do pigeon pose"), chat.send("and i cant pee")
    entries = [
        Entry("user", "how do I do pigeon pose"),
        Entry("bot", first.text, first),
        Entry("user", "and i cant pee"),
        Entry("bot", second.text, second),
    ]
    text = to_markdown(entries, WHEN)
    assert text.startswith("# backtalk chat, 2026-03-04 05:06\n")
    assert "not a diagnosis" in text.splitlines()[2]
    assert "> how do I do pigeon pose" in text and "> and i cant pee" in text
    assert "**backtalk:**" in text and "**backtalk (emergency):**" in text
    c = first.citations[0]
    assert f'1. {c.seed}, line {c.line}: "{c.quote}"' in text


def test_what_people_typed_stays_literal_in_the_export() -> None:
    text = to_markdown([Entry("user", "# not a heading [link](x) *no* \x1b[31mred")], WHEN)
    assert "> \\# not a heading \\[link\\]\\(x\\) \\*no\\* ␛\\[31mred" in text
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("\x1b[2J\x1b[31mred", "␛[2J␛[31mred"),  # an escape sequence is shown, never run
        ("bell\x07 back\x08space", "bell␇ back␈space"),
        ("rtl \u202eevil\u202c zero\u200bwidth", "rtl evil zerowidth"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("émoji 🙂 and ünïcode", "émoji 🙂 and ünïcode"),
    ],
)
def test_visible_keeps_text_but_never_control_codes(typed: str, shown: str) -> None:
    assert visible(typed) == shown


def test_source_marks_become_links() -> None:
    assert link_marks("hips [1] [12].") == "hips [\\[1\\]](cite:1) [\\[12\\]](cite:12)."


def test_default_export_name_has_date_and_time(tmp_path: Path) -> None:
    assert default_export_path(WHEN, tmp_path) == tmp_path / "backtalk-20260304-050607.md"


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "chat.md"
    target.write_text("old", encoding="utf-8")
    saved = write_atomic(target, "new ✓")
    assert saved == target.resolve() and target.read_text(encoding="utf-8") == "new ✓"
    assert sorted(os.listdir(tmp_path)) == ["chat.md"]


def test_write_atomic_failure_keeps_the_old_file_and_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "missing" / "chat.md", "text")
    assert "missing" in str(info.value)
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_atomic(tmp_path, "text")
    assert os.listdir(tmp_path) == []
