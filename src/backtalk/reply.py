"""The Reply every front end shows: Markdown text, triage level, flags, topic and citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backtalk.knowledge.model import Citation


@dataclass(frozen=True, slots=True)
class Reply:
    input: str
    level: str
    flags: tuple[str, ...]
    intent: str | None
    topic: str | None
    text: str
    citations: tuple[Citation, ...] = ()
    why: tuple[str, ...] = ()  # one line per reason a flag was raised
    options: tuple[str, ...] = field(default=())  # topic ids offered when unsure
    question: str | None = None  # id of a clarifying question asked, if any

    def to_dict(self) -> dict[str, Any]:
        """The `ask --json` contract (DESIGN.md §3)."""
        return {
            "input": self.input,
            "level": self.level,
            "flags": list(self.flags),
            "intent": self.intent,
            "topic": self.topic,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
        }

    def plain(self) -> str:
        """Readable terminal text: the Markdown, then numbered sources."""
        lines = [self.text.rstrip()]
        if self.citations:
            lines.append("")
            lines.append("Sources:")
            for n, c in enumerate(self.citations, 1):
                lines.append(f"  [{n}] {c.label()}" + (f': "{c.quote}"' if c.quote else ""))
        return "\n".join(lines)
