"""A chat written down: what the chat UI shows and what `/export` saves as Markdown.

Pure and UI-free so the export format is tested without a terminal. Nothing here is ever
written unless the user asks for it.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backtalk.reply import Reply

_MARK = re.compile(r"\[(\d+)\]")
# Characters a terminal would act on rather than show (escape sequences, bells, backspaces) and
# invisible ones that reorder or hide text (bidi overrides, zero-width marks).
_C0 = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_C1_AND_INVISIBLE = re.compile(r"[\x80-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """Text as typed, but safe to print: controls become their symbols (ESC -> ␛), invisibles go."""
    text = _C0.sub(
        lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text
    )
    return _C1_AND_INVISIBLE.sub("", text)


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the transcript: what the person typed, or backtalk's reply."""

    role: str  # "user" or "bot"
    text: str
    reply: Reply | None = None


def to_markdown(entries: list[Entry] | tuple[Entry, ...], when: datetime) -> str:
    """The whole chat as Markdown: each turn, then its numbered sources with file and line."""
    out = [
        f"# backtalk chat, {when:%Y-%m-%d %H:%M}",
        "",
        "> backtalk gives general information, not a diagnosis. In an emergency call 999 "
        "(or your local emergency number).",
        "",
    ]
    for entry in entries:
        if entry.role == "user":
            # A quote block keeps the person's words as typed; Markdown in them stays inert.
            lines = visible(entry.text).splitlines() or [""]
            quoted = "\n".join("> " + _escape(line) for line in lines)
            out += ["**You:**", "", quoted, ""]
            continue
        reply = entry.reply
        label = f" ({reply.level})" if reply is not None and reply.level != "routine" else ""
        out += [f"**backtalk{label}:**", "", entry.text.rstrip(), ""]
        if reply is not None and reply.citations:
            out.append("Sources:")
            out.append("")
            for n, c in enumerate(reply.citations, 1):
                quote = f': "{c.quote}"' if c.quote else ""
                out.append(f"{n}. {c.label()}{quote}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _escape(line: str) -> str:
    """Keep a user's line literal in Markdown (no headings, links or emphasis)."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>])", r"\\\1", line)


def default_export_path(when: datetime, directory: Path | None = None) -> Path:
    """backtalk-YYYYmmdd-HHMMSS.md in the current folder (or the one given)."""
    return (directory or Path.cwd()) / f"backtalk-{when:%Y%m%d-%H%M%S}.md"


def write_atomic(path: Path, text: str) -> Path:
    """Write text to path in one step: readers see the old file or the new one, never half.

    Raises OSError with the path in its message when the folder is missing or read-only.
    """
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name such as {path / 'chat.md'}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.resolve()


def link_marks(markdown: str) -> str:
    """Turn source marks "[1]" into links "cite:1" that the chat UI opens in a source viewer."""
    return _MARK.sub(lambda m: f"[\\[{m.group(1)}\\]](cite:{m.group(1)})", markdown)
