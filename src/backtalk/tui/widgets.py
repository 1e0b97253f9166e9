"""The chat's building blocks: messages, the triage banner and an input with history."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Input, Markdown, Static

from backtalk.reply import Reply
from backtalk.transcript import link_marks, visible

ICONS = {"emergency": "🚨", "urgent": "⚠️"}
WORDS = {"emergency": "EMERGENCY", "urgent": "URGENT"}


class UserMessage(Static):
    """What the person typed, shown exactly as typed: never read as markup."""

    def __init__(self, text: str) -> None:
        # A Text object (not a str) so "[bold]" or "[link=…]" is shown, not interpreted.
        super().__init__(Text(visible(text)), classes="user message-row", markup=False)
        self.border_title = "You"


class BotMessage(Markdown):
    """A reply as Markdown; its source marks [n] are links that open the source viewer."""

    def __init__(self, reply: Reply | None, markdown: str, *, classes: str = "") -> None:
        level = reply.level if reply is not None else "routine"
        row = "message-row" if reply is not None else ""  # the welcome stays on /new
        super().__init__(
            link_marks(markdown), open_links=False, classes=f"bot {level} {row} {classes}"
        )
        self.reply = reply
        icon = ICONS.get(level, "")
        self.border_title = f"{icon} backtalk · {WORDS[level]}" if icon else "backtalk"


class Banner(Static):
    """The pinned triage panel. Words and an icon say the level; colour is only a second cue."""

    def show(self, reply: Reply) -> None:
        level = reply.level
        if level == "routine":
            return
        why = reply.why[0] if reply.why else ""  # the reply below lists every reason
        if level == "emergency":
            head = "🚨 EMERGENCY: call 999 now or go to A&E (outside the UK: your local emergency number)."
            tail = "This stays until you start a new chat (/new)."
        else:
            head = "⚠️ URGENT: get medical advice today: NHS 111 or an urgent GP appointment."
            tail = "If it gets worse, call 999."
        body = Text()
        body.append(head, style="bold")
        if why:
            body.append("\n" + why)
        body.append("\n" + tail, style="italic")
        self.update(body)
        self.set_class(level == "emergency", "emergency")
        self.set_class(level == "urgent", "urgent")
        self.display = True

    def clear(self) -> None:
        self.update("")
        self.remove_class("emergency", "urgent")
        self.display = False


class HistoryInput(Input):
    """The message box: up and down walk through what was sent, like a shell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "older", "Previous message", show=False),
        Binding("down", "newer", "Next message", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[str] = []
        self._at: int | None = None  # position while browsing history; None = the draft
        self._draft = ""

    def remember(self, text: str) -> None:
        if text.strip() and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._at = None
        self._draft = ""

    def action_older(self) -> None:
        if not self.history:
            return
        if self._at is None:
            self._draft = self.value
            self._at = len(self.history)
        self._at = max(0, self._at - 1)
        self._show(self.history[self._at])

    def action_newer(self) -> None:
        if self._at is None:
            return
        self._at += 1
        if self._at >= len(self.history):
            self._at = None
            self._show(self._draft)
        else:
            self._show(self.history[self._at])

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)
