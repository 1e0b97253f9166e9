"""The chat UI driven like a person would: typing, keys, screens. Waits on conditions, not sleeps."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Input, LoadingIndicator, Markdown, SelectionList

import backtalk
from backtalk.tui import app as app_module
from backtalk.tui.app import BacktalkApp
from backtalk.tui.screens import (
    ChecklistScreen,
    CopyScreen,
    HelpScreen,
    SourceScreen,
    SourcesScreen,
    highlight,
)
from backtalk.tui.widgets import Banner, BotMessage, HistoryInput, UserMessage


async def until(pilot, condition, what: str, tries: int = 200) -> None:
    """Let the app run until condition() holds; fail with what we waited for."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {what}")


async def say(pilot, text: str) -> None:
    box = pilot.app.query_one(HistoryInput)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def replies(app) -> list[BotMessage]:
    return [m for m in app.query(BotMessage) if m.reply is not None]


def status(app) -> str:
    return str(app.query_one("#status").render())


@pytest.fixture()
def make_app(bot, tmp_path):
    def make(**kwargs) -> BacktalkApp:
        kwargs.setdefault("bot", bot)
        kwargs.setdefault("watch", None)
        kwargs.setdefault("export_dir", tmp_path)
        return BacktalkApp(**kwargs)

    return make


# ------------------------------------------------------------------------- welcome, transcript
async def test_welcome_says_what_it_does_gives_examples_and_is_not_a_diagnosis(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        welcome = app.query_one(".welcome", BotMessage)
        text = welcome.source
        assert "pigeon pose" in text and "stretches for sciatica" in text
        assert "piriformis syndrome?" in text
        assert "not a diagnosis" in text and "999" in text
        assert app.focused is app.query_one(HistoryInput)


async def test_user_text_is_shown_as_typed_never_as_markup(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "[bold]my hip[/bold] hurts [link=x]")
        shown = app.query_one(UserMessage)
        assert str(shown.render()) == "[bold]my hip[/bold] hurts [link=x]"


async def test_a_question_gets_a_markdown_reply_with_source_links(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "how do I do pigeon pose")
        (reply,) = replies(app)
        assert reply.reply.topic == "pigeon-pose"
        assert "](cite:1)" in reply.source  # the [1] mark is a link to the source viewer
        assert [e.role for e in app.entries] == ["user", "bot"]


async def test_autoscroll_follows_only_while_the_reader_is_at_the_bottom(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one("#transcript")

        def in_view(widget) -> bool:
            return transcript.region.y <= widget.region.y < transcript.region.bottom

        for _ in range(3):
            await say(pilot, "how do I do a glute bridge")
        newest = list(app.query(UserMessage))[-1]
        await until(pilot, lambda: in_view(newest), "follow the new exchange")
        transcript.scroll_home(animate=False)
        await pilot.pause()
        await say(pilot, "what is sciatica")
        await pilot.pause()
        assert transcript.scroll_y == 0, "reading old messages: the view must stay put"
        transcript.scroll_end(animate=False)
        await pilot.pause()
        await say(pilot, "what is piriformis syndrome")
        newest = list(app.query(UserMessage))[-1]
        await until(pilot, lambda: in_view(newest), "follow again from the bottom")
        # A long reply is shown from its top (where any warning is), not scrolled past it.
        assert newest.region.y == transcript.region.y + 1


async def test_a_long_reply_is_shown_from_its_top(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "I had breast cancer and now my back hurts")
        transcript = app.query_one("#transcript")
        asked = list(app.query(UserMessage))[-1]
        await until(pilot, lambda: transcript.scroll_y > 0, "scrolled to the new exchange")
        assert asked.region.y >= transcript.region.y
        assert not transcript.is_vertical_scroll_end


async def test_old_messages_fold_away_beyond_the_cap_but_the_export_keeps_all(
    make_app, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(app_module, "MAX_SHOWN", 6)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(5):
            await say(pilot, f"hello {n}")
        assert len(app.query(".message-row")) == 6
        folded = app.query_one("#folded")
        assert folded.display and "4 earlier messages folded" in str(folded.render())
        saved = tmp_path / "all.md"
        await say(pilot, f"/export {saved}")
        await until(pilot, saved.exists, "the export")
        text = saved.read_text(encoding="utf-8")
        assert all(f"hello {n}" in text for n in range(5))


# ----------------------------------------------------------------------------------- triage
async def test_emergency_banner_is_red_worded_and_stays_pinned(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.query_one(Banner)
        assert not banner.display
        await say(pilot, "how do I do pigeon pose")
        assert not banner.display
        await say(pilot, "also its numb when i wipe")
        assert banner.display and banner.has_class("emergency")
        words = str(banner.render())
        assert "EMERGENCY" in words and "999" in words and "🚨" in words
        await say(pilot, "how do I do a glute bridge")
        assert banner.display and "EMERGENCY" in str(banner.render())
        assert replies(app)[-1].reply.level == "emergency"
        assert "glute" not in replies(app)[-1].reply.text.lower()


async def test_urgent_banner_is_amber_and_worded(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "I had breast cancer and now my back hurts")
        banner = app.query_one(Banner)
        assert banner.display and banner.has_class("urgent") and not banner.has_class("emergency")
        assert "URGENT" in str(banner.render()) and "111" in str(banner.render())


async def test_a_clarifying_question_then_a_yes_raises_the_banner(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "sore back and my bowels are a bit weird, any exercises?")
        await until(pilot, lambda: len(replies(app)) == 1, "the question")
        assert replies(app)[-1].reply.intent == "clarify"
        assert "trouble starting to pee" in replies(app)[-1].reply.text
        banner = app.query_one(Banner)
        assert not banner.display
        await say(pilot, "yes")
        await until(pilot, lambda: len(replies(app)) == 2, "the answer")
        assert banner.display and banner.has_class("emergency")


async def test_new_chat_clears_the_banner_and_the_transcript(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "i cant pee and my bum is numb")
        assert app.query_one(Banner).display
        await say(pilot, "/new")
        assert not app.query_one(Banner).display
        assert not app.query(".message-row") and app.entries == []
        assert app.query(".welcome")  # the welcome stays
        await say(pilot, "how do I do pigeon pose")
        assert replies(app)[-1].reply.level == "routine"


# ---------------------------------------------------------------------------------- sources
async def test_clicking_a_source_mark_opens_the_line_with_the_quote(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "how do I do pigeon pose")
        (reply,) = replies(app)
        reply.post_message(Markdown.LinkClicked(reply, "cite:1"))
        await until(pilot, lambda: isinstance(app.screen, SourceScreen), "the source viewer")
        cite = reply.reply.citations[0]
        title = str(app.screen.query_one("#source-title").render())
        assert cite.seed in title and f"line {cite.line}" in title
        line = app.screen.query_one("#source-line").render()
        assert cite.quote[:30] in str(line)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SourceScreen), "viewer closed")


async def test_a_mark_with_no_source_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "how do I do pigeon pose")
        (reply,) = replies(app)
        reply.post_message(Markdown.LinkClicked(reply, "cite:99"))
        await until(pilot, lambda: "no source [99]" in status(app), "a message about [99]")
        assert not isinstance(app.screen, SourceScreen)


def test_the_quote_is_highlighted_in_its_paragraph() -> None:
    text = highlight("Lie on your back.   Bend  both knees and breathe.", "Bend both knees")
    (span,) = text.spans
    assert text.plain[span.start : span.end] == "Bend both knees"


async def test_f3_lists_the_sources_and_enter_opens_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        assert "No reply yet" in status(app)
        await say(pilot, "what is sciatica")
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen), "the sources list")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SourceScreen), "the first source")
        assert app.screen.number == 1


# -------------------------------------------------------------------------------- checklist
async def test_checklist_ticks_go_through_the_same_triage(make_app, bot) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ChecklistScreen), "the checklist")
        options = app.screen.query_one(SelectionList)
        sentences = [
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ]
        expected = [s.checklist for s in bot.kb.triage.signals if s.checklist]
        assert sentences == list(dict.fromkeys(expected))
        assert any("wipe" in s for s in sentences)
        wipe = next(i for i, s in enumerate(sentences) if "wipe" in s)
        options.select(options.get_option_at_index(wipe).value)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: replies(app), "a reply to the checklist")
        reply = replies(app)[-1].reply
        assert reply.level == "emergency" and "cauda-equina" in reply.flags
        assert "wipe" in app.entries[0].text


async def test_checklist_cancel_or_nothing_ticked_sends_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ChecklistScreen), "the checklist")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ChecklistScreen), "closed")
        await say(pilot, "/checklist")
        await until(pilot, lambda: isinstance(app.screen, ChecklistScreen), "the checklist")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Nothing ticked" in status(app), "nothing ticked")
        assert app.entries == []


# ------------------------------------------------------------------------------------ input
async def test_up_and_down_walk_through_what_was_sent(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "first")
        await say(pilot, "second")
        box = app.query_one(HistoryInput)
        box.value = "draft"
        await pilot.press("up")
        assert box.value == "second"
        await pilot.press("up", "up")
        assert box.value == "first"
        await pilot.press("down")
        assert box.value == "second"
        await pilot.press("down")
        assert box.value == "draft"


async def test_empty_and_whitespace_messages_are_ignored(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "   ")
        await say(pilot, "")
        assert app.entries == []


async def test_unknown_command_explains_and_gives_the_words_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "/frobnicate now")
        assert "Unknown command /frobnicate" in status(app) and "/help" in status(app)
        assert app.query_one(HistoryInput).value == "/frobnicate now"
        assert app.entries == []


async def test_f1_question_mark_and_help_command_open_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help from F1")
        help_text = app.screen.query_one("#help-text", Markdown).source
        for key in (
            "F1",
            "F2",
            "F3",
            "Ctrl+N",
            "Ctrl+S",
            "Ctrl+Y",
            "/export",
            "/reload",
            "/sources",
        ):
            assert key in help_text
        await pilot.press("escape")
        await say(pilot, "/help")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help from /help")
        await pilot.press("escape")
        # Typing "?" in the message box types it; "?" alone as a message opens help.
        box = app.query_one(HistoryInput)
        box.focus()
        await pilot.press("w", "h", "y", "question_mark")
        assert box.value == "why?" and not isinstance(app.screen, HelpScreen)
        await say(pilot, "?")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help from ?")
        await pilot.press("escape")
        app.query_one("#transcript").focus()
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help from ? key")


async def test_command_palette_offers_the_same_actions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in (
            "New chat",
            "Export chat",
            "Sources",
            "Reload knowledge",
            "Red-flag checklist",
            "Copy last reply",
            "Toggle light/dark",
            "backtalk help",
        ):
            assert title in titles


async def test_theme_command_switches_light_and_dark_and_rejects_unknown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "/theme light")
        assert app.theme == "textual-light"
        await say(pilot, "/theme")
        assert app.theme == "textual-dark"
        await say(pilot, "/theme nosuchtheme")
        assert app.theme == "textual-dark" and "No theme called" in status(app)


# ------------------------------------------------------------------------------ export, copy
async def test_export_writes_markdown_and_shows_the_path(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "/export")
        assert "Nothing to export" in status(app)
        await say(pilot, "how do I do pigeon pose *not italic*")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved the chat to" in status(app), "saved")
        (saved,) = tmp_path.glob("backtalk-*.md")
        assert str(saved) in status(app).replace("\n", "")
        text = saved.read_text(encoding="utf-8")
        assert "how do I do pigeon pose \\*not italic\\*" in text
        assert "**backtalk:**" in text and "Sources:" in text and "line " in text
        assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


async def test_export_to_a_folder_that_does_not_exist_names_the_path(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "hello")
        target = tmp_path / "missing" / "chat.md"
        await say(pilot, f"/export {target}")
        await until(pilot, lambda: "Could not save" in status(app), "an error")
        assert str(target) in status(app).replace("\n", "")
        assert app.query_one("#status").has_class("error")


async def test_copy_puts_the_last_reply_on_the_clipboard(make_app, monkeypatch) -> None:
    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+y")
        assert "Nothing to copy" in status(app)
        await say(pilot, "how do I do pigeon pose")
        await pilot.press("ctrl+y")
        assert app.clipboard == replies(app)[-1].reply.plain()
        assert "/export" in status(app)  # the fallback is named for terminals that block it


async def test_copy_falls_back_to_a_selectable_text_where_the_terminal_cannot(
    make_app, monkeypatch
) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "how do I do pigeon pose")
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(app.screen, CopyScreen), "the copy fallback")
        assert "Pigeon pose" in app.screen.query_one("#copy-text").text


# ---------------------------------------------------------------------------- knowledge load
async def test_knowledge_loads_in_a_worker_and_early_messages_wait(
    bot, monkeypatch, tmp_path
) -> None:
    gate = threading.Event()

    def slow_load(*args, **kwargs):
        gate.wait(10)
        return bot

    monkeypatch.setattr(backtalk, "load", slow_load)
    app = BacktalkApp(watch=None, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.query_one(LoadingIndicator).display
        assert "Loading" in status(app)
        await say(pilot, "how do I do pigeon pose")  # the screen still takes input
        assert app.query(UserMessage) and not replies(app)
        assert "Still loading" in status(app)
        gate.set()
        await until(pilot, lambda: replies(app), "the waiting message answered")
        assert replies(app)[0].reply.topic == "pigeon-pose"
        assert not app.query_one(LoadingIndicator).display


async def test_broken_knowledge_at_start_is_shown_with_file_and_line(knowledge_copy, tmp_path):
    (knowledge_copy / "intents.yaml").write_text("intents: [\n", encoding="utf-8")
    app = BacktalkApp(knowledge_copy, watch=None, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "has errors" in status(app), "the load error")
        assert "intents.yaml:" in status(app) and "/reload" in status(app)


async def test_reload_keeps_the_last_good_knowledge_when_the_new_one_is_broken(
    knowledge_copy, tmp_path
) -> None:
    app = BacktalkApp(knowledge_copy, watch=None, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.bot is not None, "the first load")
        good = app.bot
        await say(pilot, "i cant feel it when i wipe")
        exercises = knowledge_copy / "exercises.yaml"
        original = exercises.read_text(encoding="utf-8")
        exercises.write_text(original.replace("id: pigeon-pose", "id: Pigeon Pose!", 1), "utf-8")
        await say(pilot, "/reload")
        await until(pilot, lambda: "Kept the last good knowledge" in status(app), "kept")
        assert app.bot is good and "exercises.yaml:" in status(app)
        exercises.write_text(original, encoding="utf-8")
        await say(pilot, "/reload")
        await until(pilot, lambda: app.bot is not good, "the new knowledge")
        assert "reloaded" in status(app)
        # The chat's memory survives the swap: it is still an emergency.
        await say(pilot, "how do I do pigeon pose")
        assert replies(app)[-1].reply.level == "emergency"


async def test_a_changed_knowledge_file_is_picked_up_by_itself(knowledge_copy, tmp_path) -> None:
    app = BacktalkApp(knowledge_copy, watch=0.05, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.bot is not None and app.stamp is not None, "the load")
        first = app.bot
        synonyms = knowledge_copy / "synonyms.yaml"
        synonyms.write_text(synonyms.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
        await until(pilot, lambda: app.bot is not first, "the reload after the edit", tries=400)
        assert "changed on disk" in status(app)


# ------------------------------------------------------------------------------ small screens
@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 16)])
async def test_works_on_small_terminals(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await say(pilot, "i cant pee")
        transcript, asked = app.query_one("#transcript"), app.query_one(UserMessage)
        await until(
            pilot,
            lambda: transcript.region.y <= asked.region.y < transcript.region.bottom,
            "the new message in view, even when the welcome fills the screen",
        )
        box = app.query_one(Input)
        assert box.region.height >= 1 and box.region.bottom <= size[1]
        assert app.query_one(Banner).region.height >= 1


def test_no_mouse_flag_reaches_the_app(monkeypatch) -> None:
    seen = {}

    def fake_run(self, **kwargs):
        seen.update(kwargs)

    monkeypatch.setattr(BacktalkApp, "run", fake_run)
    from backtalk import cli
    from backtalk.cli import main

    monkeypatch.setattr(cli, "_has_terminal", lambda: True)

    assert main(["--no-mouse"]) == 0
    assert seen == {"mouse": False}
    assert main([]) == 0
    assert seen == {"mouse": True}


async def test_a_huge_message_is_screened_whole_and_shown_cut(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "my back aches. " * 70000 + "and now i cant pee")
        await until(pilot, lambda: replies(app), "the reply", tries=1000)
        assert replies(app)[-1].reply.level == "emergency"
        assert "more characters, all of them checked" in str(app.query_one(UserMessage).render())
        await asyncio.sleep(0)


async def test_escape_sequences_typed_or_pasted_are_shown_never_run(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "\x1b[2J\x1b[31mmy hip\x07 hurts\u202e")
        shown = str(app.query_one(UserMessage).render())
        assert shown == "␛[2J␛[31mmy hip␇ hurts"
        assert replies(app), "it is still answered"


async def test_a_failure_inside_backtalk_gives_safety_advice_not_a_crash(make_app) -> None:
    class BrokenChat:
        turns = ()

        def send(self, text: str):
            raise RuntimeError("boom")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.chat = BrokenChat()
        await say(pilot, "my back hurts")
        assert "failed on that message (RuntimeError: boom)" in status(app)
        shown = app.query(BotMessage).last()
        assert "could not check that message" in shown.source and "999" in shown.source
