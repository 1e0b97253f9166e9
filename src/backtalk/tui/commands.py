"""Slash commands typed in the message box: "/export notes.md" -> ("export", "notes.md")."""

from __future__ import annotations

# name -> (how to type it, what it does); the help screen's table is made from this.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("/new", "start a new chat (clears an emergency banner)"),
    "export": ("/export [file]", "save the chat as Markdown (default: `backtalk-<date>.md` here)"),
    "sources": ("/sources", "list the sources of the last reply"),
    "copy": ("/copy", "copy the last reply to the clipboard"),
    "checklist": ("/checklist", "the red-flag checklist"),
    "reload": (
        "/reload",
        "reload the knowledge files (kept as they were if the new ones have errors)",
    ),
    "theme": ("/theme [dark\\|light\\|name]", "switch between light and dark, or pick a theme"),
    "help": ("/help", "this help"),
    "quit": ("/quit", "leave"),
}
ALIASES = {"exit": "quit", "q": "quit", "?": "help", "clear": "new", "save": "export"}


def parse_command(text: str) -> tuple[str, str] | None:
    """The command and its argument, or None when the word after "/" is no command."""
    body = text.strip()
    if not body.startswith("/"):
        return None
    word, _, arg = body[1:].partition(" ")
    name = word.lower()
    name = ALIASES.get(name, name)
    if name not in COMMANDS:
        return None
    return name, arg.strip()


def command_table() -> str:
    """The commands as a Markdown table, for the help screen."""
    rows = [f"| `{usage}` | {does} |" for usage, does in COMMANDS.values()]
    return "\n".join(["| command | does |", "|---|---|", *rows])
