"""What the chat looks like, as SVG snapshots (pytest-textual-snapshot).

After a deliberate change to the look, review and accept the new pictures with
`pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from backtalk.tui.app import BacktalkApp
from backtalk.tui.widgets import HistoryInput


@pytest.fixture()
def app(bot, tmp_path) -> BacktalkApp:
    return BacktalkApp(
        bot=bot, watch=None, export_dir=tmp_path, clock=lambda: datetime(2026, 1, 2, 3, 4, 5)
    )


def typing(*messages: str, then: tuple[str, ...] = ()):
    """A run_before that sends each message, then presses keys; the cursor holds still."""

    async def run_before(pilot) -> None:
        box = pilot.app.query_one(HistoryInput)
        box.cursor_blink = False
        for text in messages:
            box.focus()
            box.value = text
            await pilot.press("enter")
            await pilot.pause()
        if then:
            await pilot.press(*then)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        # The chat scrolls to a new exchange after a refresh (call_after_refresh): on a busy
        # machine that came after the picture was taken, which then showed another part of it.
        # Wait until the transcript has held still for three looks in a row.
        transcript = pilot.app.query_one("#transcript")
        seen, still = None, 0
        for _ in range(60):
            await pilot.pause(0.05)
            await pilot.wait_for_scheduled_animations()
            now = (transcript.scroll_y, transcript.virtual_size)
            still = still + 1 if now == seen else 0
            seen = now
            if still >= 3:
                break

    return run_before


def test_welcome(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing())


def test_emergency(snap_compare, app) -> None:
    run = typing("how do I do pigeon pose", "also i cant feel it when i wipe")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_urgent(snap_compare, app) -> None:
    run = typing("I had breast cancer years ago and now my back has started hurting")
    assert snap_compare(app, terminal_size=(100, 32), run_before=run)


def test_answer_with_citations(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(100, 40), run_before=typing("what is sciatica"))


def test_source_viewer(snap_compare, app) -> None:
    run = typing("how do I do pigeon pose", then=("f3", "enter"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_checklist(snap_compare, app) -> None:
    run = typing(then=("f2", "down", "space"))
    assert snap_compare(app, terminal_size=(80, 30), run_before=run)


def test_help(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 40), run_before=typing(then=("f1",)))


def test_80x24_chat(snap_compare, app) -> None:
    run = typing("hello", "stretches for sciatica", "[bold]not markup[/bold]")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_narrow_60_columns(snap_compare, app) -> None:
    run = typing("my bum is numb and i cant pee")
    assert snap_compare(app, terminal_size=(60, 20), run_before=run)


def test_light_theme(snap_compare, app) -> None:
    run = typing("/theme light", "how do I do a glute bridge")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
