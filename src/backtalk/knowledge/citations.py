"""Seed documents and the lookup that turns a verbatim quote into a file and line number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace-normalise: quotes are compared ignoring runs of spaces and line wraps."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    lines: tuple[str, ...]  # raw lines, for the source viewer
    squashed: tuple[str, ...]  # whitespace-normalised lines, for quote lookup


@dataclass(frozen=True, slots=True)
class SeedLibrary:
    """The seed files by name. Seeds are paragraphs one per line, so a quote never spans lines."""

    seeds: dict[str, Seed]

    @classmethod
    def from_dir(cls, directory: Path) -> SeedLibrary:
        seeds: dict[str, Seed] = {}
        for path in sorted(directory.glob("*.txt")):
            raw = path.read_text(encoding="utf-8", errors="replace").splitlines()
            seeds[path.name] = Seed(path.name, tuple(raw), tuple(squash(x) for x in raw))
        return cls(seeds)

    def locate(self, seed: str, quote: str) -> int | None:
        """1-based line of the first line containing the quote, or None if it is not verbatim."""
        doc = self.seeds.get(seed)
        if doc is None:
            return None
        needle = squash(quote)
        for number, line in enumerate(doc.squashed, 1):
            if needle in line:
                return number
        return None

    def line(self, seed: str, number: int) -> str:
        doc = self.seeds.get(seed)
        if doc is None or not 1 <= number <= len(doc.lines):
            return ""
        return doc.lines[number - 1]
