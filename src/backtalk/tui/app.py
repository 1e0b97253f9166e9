"""The Textual chat. It talks to the core only through the public API: load, chat, send."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Markdown, Static

import backtalk
from backtalk.bot import Bot
from backtalk.dialogue import Chat
from backtalk.errors import KnowledgeError
from backtalk.reply import Reply
from backtalk.transcript import Entry, default_export_path, to_markdown, write_atomic
from backtalk.tui.commands import parse_command
from backtalk.tui.screens import (
    ChecklistScreen,
    CopyScreen,
    HelpScreen,
    SourceScreen,
    SourcesScreen,
)
from backtalk.tui.widgets import Banner, BotMessage, HistoryInput, UserMessage

WELCOME = """\
**Welcome to backtalk.** Ask about hip and lower-back pain: exercises and stretches step by \
step, and conditions such as sciatica or piriformis syndrome, each answer with its sources. \
Every message is first checked for emergency warning signs.

Try: *how do I do the pigeon pose?* · *stretches for sciatica* · *what is piriformis syndrome?*

**backtalk is not a doctor and this is not a diagnosis.** In an emergency call **999** (or \
your local emergency number). F1 help · F2 red-flag checklist
"""

UNCHECKED = """\
**I could not check that message**, so I can't say it is safe. If you have numbness around \
your bottom or genitals, trouble peeing or controlling your bladder or bowels, a fever with \
back pain, or pain after a serious fall or accident, **call 999 or go to A&E now**. Otherwise \
call NHS 111 for advice, or try rephrasing your message.
"""

MAX_SHOWN = 120  # message widgets kept on screen; older ones fold away (the export keeps all)
SHOW_CHARS = 4000  # a huge message is screened whole but shown cut, so the screen stays fast
THEMES = {"dark": "textual-dark", "light": "textual-light"}


class BacktalkApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "backtalk"
    SUB_TITLE = "hip & lower-back pain · not a diagnosis"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "checklist", "Checklist"),
        Binding("f3", "sources", "Sources"),
        Binding("ctrl+n", "new_chat", "New"),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+y", "copy_last", "Copy"),
    ]

    def __init__(
        self,
        knowledge: str | Path | None = None,
        seeds: str | Path | None = None,
        *,
        bot: Bot | None = None,
        watch: float | None = 1.0,
        export_dir: Path | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.knowledge_dir = knowledge
        self.seeds_dir = seeds
        self.bot: Bot | None = bot
        self.chat: Chat | None = bot.chat() if bot is not None else None
        self.watch_seconds = watch
        self.export_dir = export_dir
        self.clock = clock
        self.entries: list[Entry] = []
        self.waiting: list[str] = []  # sent while the knowledge was still loading
        self.folded = 0
        self.loading = False
        self.stamp: str | None = None  # knowledge fingerprint loaded (or last failed)
        # Where we last scrolled the transcript to; the reader who has not scrolled since is
        # following the chat. It starts at the top, where the welcome is.
        self.placed_at: float = 0.0

    # ------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header(icon="✚")
        yield Banner(id="banner")
        with VerticalScroll(id="transcript"):
            yield Static("", id="folded")
            yield BotMessage(None, WELCOME, classes="welcome")
        yield LoadingIndicator(id="loading")
        yield Static("", id="status")
        yield HistoryInput(
            placeholder="Type how you feel or what you want to know (F1 help)",
            id="message",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Banner).display = False
        self.query_one("#folded").display = False
        self.query_one(HistoryInput).focus()
        if self.bot is None:
            self.set_status("Loading the knowledge…")
            self.load_knowledge("start")
        else:
            self.query_one("#loading").display = False
            self.stamp = self._fingerprint()
        if self.watch_seconds:
            self.set_interval(self.watch_seconds, self.check_for_changes)

    # ---------------------------------------------------------------------------- knowledge
    def _fingerprint(self) -> str | None:
        from backtalk.cache import fingerprint
        from backtalk.paths import resolve

        kdir, sdir = resolve(self.knowledge_dir, self.seeds_dir)
        try:
            return fingerprint(kdir, sdir)
        except OSError:
            return None

    @work(thread=True, exclusive=True, group="knowledge")
    def load_knowledge(self, reason: str) -> None:
        """Load (or reload) in a thread so the screen never freezes; swap only if valid."""
        self.loading = True
        stamp = self._fingerprint()
        try:
            bot = backtalk.load(self.knowledge_dir, self.seeds_dir)
        except KnowledgeError as exc:
            self.call_from_thread(self._load_failed, [str(p) for p in exc.problems], reason, stamp)
            return
        except OSError as exc:
            self.call_from_thread(self._load_failed, [f"{exc}"], reason, stamp)
            return
        self.call_from_thread(self._loaded, bot, reason, stamp)

    def _loaded(self, bot: Bot, reason: str, stamp: str | None) -> None:
        self.loading = False
        self.stamp = stamp
        old = self.chat
        chat = bot.chat()
        if old is not None:
            # Rebuild the conversation's memory (sticky emergency, risk factors, last topic)
            # by sending the same words again to the new knowledge; the replies are not shown.
            for turn in old.turns:
                chat.send(turn.input)
        self.bot, self.chat = bot, chat
        self.query_one("#loading").display = False
        kb = bot.kb
        if reason == "start":
            self.set_status("")
        else:
            why = "changed on disk" if reason == "changed" else "reloaded"
            self.set_status(
                f"Knowledge {why}: {len(kb.exercises)} exercises, {len(kb.conditions)} conditions."
            )
        waiting, self.waiting = self.waiting, []
        for text in waiting:
            self.answer(text)

    def _load_failed(self, problems: list[str], reason: str, stamp: str | None) -> None:
        self.loading = False
        self.stamp = stamp  # don't report the same broken files every second
        self.query_one("#loading").display = False
        shown = problems[:3]
        more = f" (+{len(problems) - 3} more: run `backtalk validate`)" if len(problems) > 3 else ""
        kept = "Kept the last good knowledge. " if self.bot is not None else ""
        self.set_status(
            f"{kept}Knowledge has errors: " + " | ".join(shown) + more + " Fix it and /reload.",
            error=True,
        )
        self.notify(
            "\n".join(shown) + more, title="Knowledge not loaded", severity="error", markup=False
        )

    def check_for_changes(self) -> None:
        if self.loading:
            return
        stamp = self._fingerprint()
        if stamp is not None and self.stamp is not None and stamp != self.stamp:
            self.stamp = stamp
            self.load_knowledge("changed")

    # ---------------------------------------------------------------------------- messages
    def set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(text))
        status.set_class(error, "error")
        status.display = bool(text)

    @on(HistoryInput.Submitted, "#message")
    async def submitted(self, event: HistoryInput.Submitted) -> None:
        box = self.query_one(HistoryInput)
        text = event.value
        if not text.strip():
            return
        box.remember(text)
        box.value = ""
        if text.strip() == "?":
            self.action_help()
            return
        if text.lstrip().startswith("/"):
            if not await self.run_command(text):
                box.value = text  # an unknown command: give the words back, lose nothing
                box.cursor_position = len(text)
            return
        await self.send_message(text)

    def _following(self) -> bool:
        """Follow new messages only if the reader is at the bottom, or still where we put them."""
        transcript = self.query_one("#transcript", VerticalScroll)
        return transcript.is_vertical_scroll_end or transcript.scroll_y == self.placed_at

    def _show_exchange(self, first) -> None:
        # The top of the new exchange, not the end of it: a long reply starts with its warning.
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.scroll_to_widget(first, top=True, animate=False, immediate=True)
        self.placed_at = transcript.scroll_y

    async def send_message(self, text: str) -> None:
        follow = self._following()
        self.entries.append(Entry("user", text))
        shown = UserMessage(_shown(text))
        await self._add(shown)
        if self.chat is None:
            self.waiting.append(text)
            self.set_status(
                "Still loading the knowledge: your message will be answered in a moment."
            )
        else:
            await self._reply_to(text)
        if follow:
            self.call_after_refresh(self._show_exchange, shown)

    def answer(self, text: str) -> None:
        """Answer a message that was typed while the knowledge loaded (already on screen)."""
        self.run_worker(self._reply_to(text), group="answers", exclusive=False)

    async def _reply_to(self, text: str) -> None:
        chat = self.chat
        assert chat is not None
        # A thread keeps a megabyte-long message from freezing the screen while it is screened.
        try:
            reply = (
                await asyncio.to_thread(chat.send, text) if len(text) > 20000 else chat.send(text)
            )
        except Exception as exc:  # a bug must not close the chat or pass for "all clear"
            self.set_status(
                f"backtalk failed on that message ({type(exc).__name__}: {exc}).", error=True
            )
            await self._add(BotMessage(None, UNCHECKED, classes="message-row failed"))
            return
        self.entries.append(Entry("bot", reply.text, reply))
        if reply.level != "routine":
            self.query_one(Banner).show(reply)
        await self._add(BotMessage(reply, reply.text))

    async def _add(self, widget) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.mount(widget)
        messages = list(transcript.query(".message-row"))
        extra = len(messages) - MAX_SHOWN
        if extra > 0:
            # Keep the screen fast in a long chat: fold the oldest messages away. The export
            # and `entries` keep every one of them.
            await transcript.remove_children(messages[:extra])
            self.folded += extra
            folded = self.query_one("#folded", Static)
            folded.update(
                Text(
                    f"⋯ {self.folded} earlier messages folded away to keep things fast; "
                    "/export saves the whole chat."
                )
            )
            folded.display = True

    @property
    def last_reply(self) -> Reply | None:
        for entry in reversed(self.entries):
            if entry.reply is not None:
                return entry.reply
        return None

    # ----------------------------------------------------------------------------- sources
    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        href = event.href
        widget = event.markdown
        if not href.startswith("cite:"):
            self.open_url(href)
            return
        reply = getattr(widget, "reply", None)
        self.open_source(reply, href.removeprefix("cite:"))

    def open_source(self, reply: Reply | None, mark: str | int) -> None:
        try:
            n = int(mark)
        except ValueError:
            n = 0
        if reply is None or not 1 <= n <= len(reply.citations) or self.bot is None:
            self.set_status(f"There is no source [{mark}] for that reply.", error=True)
            return
        self.push_screen(SourceScreen(n, reply.citations[n - 1], self.bot.kb.seeds))

    def action_sources(self) -> None:
        reply = self.last_reply
        if reply is None:
            self.set_status("No reply yet: ask something first, then F3 lists its sources.")
            return

        def chosen(n: int | None) -> None:
            if n:
                self.open_source(reply, n)

        self.push_screen(SourcesScreen(reply.citations), chosen)

    # ------------------------------------------------------------------------------ actions
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_checklist(self) -> None:
        if self.bot is None:
            self.set_status("Still loading the knowledge: try the checklist in a moment.")
            return
        sentences: list[str] = []
        for signal in self.bot.kb.triage.signals:
            if signal.checklist and signal.checklist not in sentences:
                sentences.append(signal.checklist)

        async def ticked(chosen: list[str] | None) -> None:
            if chosen is None:
                return
            if not chosen:
                self.set_status("Nothing ticked: none of the warning signs on the checklist.")
                return
            text = " ".join(s.rstrip(".") + "." for s in chosen)
            await self.send_message(text)

        self.push_screen(ChecklistScreen(sentences), ticked)

    async def action_new_chat(self) -> None:
        if self.bot is not None:
            self.chat = self.bot.chat()
        self.entries = []
        self.waiting = []
        self.folded = 0
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.query(".message-row").remove()
        self.query_one("#folded").display = False
        self.query_one(Banner).clear()
        transcript.scroll_home(animate=False)
        self.placed_at = 0.0
        self.set_status("New chat started.")
        self.query_one(HistoryInput).focus()

    async def action_export(self, where: str = "") -> None:
        if not self.entries:
            self.set_status("Nothing to export yet: the chat is empty.")
            return
        now = self.clock()
        path = Path(where).expanduser() if where else default_export_path(now, self.export_dir)
        text = to_markdown(self.entries, now)
        try:
            saved = await asyncio.to_thread(write_atomic, path, text)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.set_status(
                f"Could not save to {path}: {reason}. Try /export ~/backtalk-chat.md", error=True
            )
            return
        self.set_status(f"Saved the chat to {saved}")

    def action_copy_last(self) -> None:
        reply = self.last_reply
        if reply is None:
            self.set_status("Nothing to copy yet.")
            return
        text = reply.plain()
        if os.environ.get("TERM_PROGRAM") == "Apple_Terminal":
            # This terminal ignores the clipboard escape: show the text to select instead.
            self.push_screen(CopyScreen(text))
            return
        self.copy_to_clipboard(text)
        self.set_status(
            "Copied the last reply. Nothing pasted? Your terminal blocks clipboard access: "
            "/export saves the chat, or Shift+drag (or --no-mouse) selects text."
        )

    def action_reload(self) -> None:
        self.set_status("Reloading the knowledge…")
        self.load_knowledge("reload")

    def action_theme(self, name: str = "") -> None:
        if not name:
            name = "light" if self.current_theme.dark else "dark"
        theme = THEMES.get(name.lower(), name)
        if theme not in self.available_themes:
            names = ", ".join(["dark", "light", *sorted(self.available_themes)][:8])
            self.set_status(f"No theme called {name!r}. Try one of: {names}…", error=True)
            return
        self.theme = theme
        self.set_status(f"Theme: {theme}")

    async def run_command(self, text: str) -> bool:
        """A slash command; False (and a hint) when there is no such command."""
        parsed = parse_command(text)
        if parsed is None:
            word = text.strip().split()[0]
            self.set_status(
                f"Unknown command {word}. /help lists them; to send text that starts with /, "
                "put a space first.",
                error=True,
            )
            return False
        name, arg = parsed
        if name == "new":
            await self.action_new_chat()
        elif name == "export":
            await self.action_export(arg)
        elif name == "sources":
            self.action_sources()
        elif name == "reload":
            self.action_reload()
        elif name == "theme":
            self.action_theme(arg)
        elif name == "help":
            self.action_help()
        elif name == "copy":
            self.action_copy_last()
        elif name == "checklist":
            self.action_checklist()
        elif name == "quit":
            self.exit()
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New chat", "Start again (clears an emergency banner)", self.action_new_chat
        )
        yield SystemCommand("Export chat", "Save the chat as Markdown", self.action_export)
        yield SystemCommand("Sources", "List the sources of the last reply", self.action_sources)
        yield SystemCommand(
            "Reload knowledge", "Read the knowledge files again", self.action_reload
        )
        yield SystemCommand(
            "Red-flag checklist", "Tick any warning signs that apply", self.action_checklist
        )
        yield SystemCommand(
            "Copy last reply", "Copy the last reply to the clipboard", self.action_copy_last
        )
        yield SystemCommand("Toggle light/dark", "Switch between light and dark", self.action_theme)
        yield SystemCommand("backtalk help", "Keys and slash commands", self.action_help)


def _shown(text: str) -> str:
    if len(text) <= SHOW_CHARS:
        return text
    return (
        text[:SHOW_CHARS] + f"… ({len(text) - SHOW_CHARS:,} more characters, all of them checked)"
    )


def run(knowledge: str | None = None, seeds: str | None = None, *, mouse: bool = True) -> int:
    app = BacktalkApp(knowledge, seeds)
    app.run(mouse=mouse)
    return app.return_code or 0


__all__ = ["BacktalkApp", "run"]
