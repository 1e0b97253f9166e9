"""Frozen, indexed knowledge: what the loader builds and every front end reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim quote resolved to seed file and line, or a public guideline by URL."""

    quote: str = ""
    seed: str | None = None
    line: int | None = None
    url: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.seed is not None:
            return {"seed": self.seed, "line": self.line, "quote": self.quote}
        return {"url": self.url, "title": self.title}

    def label(self) -> str:
        if self.seed is not None:
            return f"{self.seed}, line {self.line}"
        return f"{self.title} — {self.url}"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    aliases: tuple[str, ...]
    goal: str
    areas: tuple[str, ...]
    summary: str
    steps: tuple[str, ...]
    dosage: str | None
    cautions: tuple[str, ...]
    conditions: tuple[str, ...]
    citations: tuple[Citation, ...]

    kind = "exercise"


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    summary: str
    symptoms: tuple[str, ...]
    helps: tuple[str, ...]
    see_doctor: tuple[str, ...]
    exercises: tuple[str, ...]
    citations: tuple[Citation, ...]
    red_flags: tuple[str, ...] = ()

    kind = "condition"


@dataclass(frozen=True, slots=True)
class Intent:
    id: str
    examples: tuple[str, ...]
    reply: str


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything backtalk knows, validated and frozen. Build a new one to reload."""

    exercises: dict[str, Exercise]
    conditions: dict[str, Condition]
    intents: dict[str, Intent]
    synonyms: dict[str, str]  # phrase as typed -> canonical phrase (matching only)
    spelling: dict[str, str]  # misspelt token -> correct token (triage and matching)
    protected_words: frozenset[str]  # real words the fuzzy speller must leave alone
    triage: Any  # backtalk.triage_rules.TriageRules; Any keeps this module import-light
    seeds: Any  # backtalk.knowledge.citations.SeedLibrary
    source_dir: str = ""
    files: tuple[str, ...] = field(default_factory=tuple)
    # graded example messages, for a second look at what the rules leave routine
    examples: Any = None  # backtalk.knowledge.examples.ExampleBank, or None without the file

    def topic(self, topic_id: str) -> Exercise | Condition | None:
        return self.exercises.get(topic_id) or self.conditions.get(topic_id)

    @property
    def topics(self) -> tuple[Exercise | Condition, ...]:
        return (*self.exercises.values(), *self.conditions.values())
