"""Slash commands typed in the message box: "/export notes.md" -> ("export", "notes.md")."""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "new": "start a new chat",
    "export": "save the chat as Markdown: /export [file]",
    "sources": "list the sources of the last reply",
    "reload": "read the knowledge files again",
    "theme": "switch light/dark: /theme [dark|light|name]",
    "help": "keys and commands",
    "copy": "copy the last reply",
    "checklist": "the red-flag checklist",
    "quit": "leave backtalk",
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
