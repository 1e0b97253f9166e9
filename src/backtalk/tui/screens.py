"""Screens over the chat: help, the source viewer, the sources list and the red-flag checklist."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from backtalk.knowledge.citations import squash
from backtalk.knowledge.model import Citation
from backtalk.tui.commands import command_table

HELP = f"""\
# backtalk help

Type how you feel or what you want to know, then press **Enter**.
Every message is checked for emergency warning signs first.

| key | does |
|---|---|
| Enter | send the message |
| Up / Down | earlier messages you sent |
| F1 or ? | this help (? when the message box is not focused) |
| F2 | red-flag checklist: tick any that apply |
| F3 | sources of the last reply |
| Ctrl+N | new chat |
| Ctrl+S | export the chat to Markdown |
| Ctrl+Y | copy the last reply |
| Ctrl+P | command palette |
| Ctrl+Q | quit |
| Escape | close a window |

{command_table()}

Click a source mark such as **[1]** in a reply to read the line it comes from.
Start with `--no-mouse` to select text with your terminal's own mouse selection.

backtalk gives general information, not a diagnosis. In an emergency call **999**
(or your local emergency number).
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Markdown(HELP, id="help-text")
            yield Static("Escape closes", classes="hint")


def highlight(paragraph: str, quote: str) -> Text:
    """The paragraph with the quote picked out; whitespace-normalised like the loader's check."""
    flat = squash(paragraph)
    text = Text(flat)
    needle = squash(quote)
    start = flat.find(needle) if needle else -1
    if start >= 0:
        text.stylize("bold reverse", start, start + len(needle))
    return text


class SourceScreen(ModalScreen[None]):
    """One citation: file and line, the paragraph around it and the quote highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, number: int, citation: Citation, seeds) -> None:
        super().__init__()
        self.number = number
        self.citation = citation
        self.seeds = seeds

    def compose(self) -> ComposeResult:
        c = self.citation
        with Vertical(id="source-box", classes="dialog"):
            if c.seed is not None and c.line:
                yield Static(
                    Text(f"[{self.number}] {c.seed}, line {c.line}", style="bold"),
                    id="source-title",
                )
                with VerticalScroll(id="source-body"):
                    before = self.seeds.line(c.seed, c.line - 1) if c.line > 1 else ""
                    after = self.seeds.line(c.seed, c.line + 1)
                    if before.strip():
                        yield Static(Text(squash(before)), classes="context")
                    yield Static(
                        highlight(self.seeds.line(c.seed, c.line), c.quote), id="source-line"
                    )
                    if after.strip():
                        yield Static(Text(squash(after)), classes="context")
                yield Static(
                    "Highlighted: the quote behind this part of the answer · Escape closes",
                    classes="hint",
                )
            else:
                yield Static(Text(f"[{self.number}] {c.title}", style="bold"), id="source-title")
                yield Static(Text(c.url or ""), id="source-line")
                yield Static(
                    "A public guideline: open the address in a browser · Escape closes",
                    classes="hint",
                )

    def on_mount(self) -> None:
        # Start at the cited paragraph; the paragraphs around it are a scroll away.
        line = self.query_one("#source-line")
        self.call_after_refresh(line.scroll_visible, top=True, animate=False)


class SourcesScreen(ModalScreen[int | None]):
    """The citations of one reply; choosing one opens it in the source viewer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, citations: tuple[Citation, ...]) -> None:
        super().__init__()
        self.citations = citations

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-box", classes="dialog"):
            yield Static(Text("Sources of the last reply", style="bold"))
            if not self.citations:
                yield Static("This reply has no sources.", id="no-sources")
            else:
                yield OptionList(
                    *[
                        Option(
                            Text(
                                f"[{n}] {c.label()}\n    “{c.quote}”"
                                if c.quote
                                else f"[{n}] {c.label()}"
                            ),
                            id=str(n),
                        )
                        for n, c in enumerate(self.citations, 1)
                    ],
                    id="sources-list",
                )
            yield Static("Enter opens a source · Escape closes", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class ChecklistScreen(ModalScreen[list[str] | None]):
    """ "Tick any that apply": plain sentences from red_flags.yaml, sent through the same triage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "check", "Check these"),
    ]

    def __init__(self, sentences: list[str]) -> None:
        super().__init__()
        self.sentences = sentences

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist-box", classes="dialog"):
            yield Static(
                Text("Tick any that apply to you (Space ticks, Ctrl+S checks)", style="bold"),
                id="checklist-title",
            )
            yield SelectionList[str](
                *[Selection(Text(s), s) for s in self.sentences], id="checklist"
            )
            # Long sentences are cut in the list; the highlighted one is shown here in full.
            yield Static("", id="checklist-detail")
            with Horizontal(id="checklist-buttons"):
                yield Button("Check these", variant="primary", id="check", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted
    ) -> None:
        self.query_one("#checklist-detail", Static).update(Text(str(event.selection.value)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "check":
            self.action_check()
        else:
            self.action_cancel()

    def action_check(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        # Keep the checklist's order so the message reads the same whatever the ticking order.
        self.dismiss([s for s in self.sentences if s in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)


class CopyScreen(ModalScreen[None]):
    """The fallback where a terminal ignores clipboard requests: the text, ready to select."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box", classes="dialog"):
            yield Static(
                Text(
                    "This terminal does not let apps use the clipboard. Select the text below "
                    "with the mouse (Shift+drag in most terminals) and copy it, or /export.",
                    style="bold",
                )
            )
            yield TextArea(self.text, read_only=True, id="copy-text")
            yield Static("Escape closes", classes="hint")
