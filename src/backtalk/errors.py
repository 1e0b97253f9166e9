"""Errors a user can cause, reported as one line each: ``file:line:col: message (hint)``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a user's file, located precisely enough to fix it."""

    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class KnowledgeError(Exception):
    """The knowledge could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputFileError(Exception):
    """A file the user handed us (conversation, transcript target) is unusable."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
