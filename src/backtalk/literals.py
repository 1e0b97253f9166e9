"""Which patterns could match a text at all, read from the literal words they need.

Triage runs some 640 red-flag patterns over every message, and almost none of them match:
"(cant|couldnt) (catch|get) my breath" cannot match a message without "my breath" in it. Every
match of a pattern contains one of a few literal strings (here "my breath"), found by walking
the pattern's parse tree. Each such string is filed under one of its three-letter pieces; a
message's own three-letter pieces then give the few patterns worth running, and the regex
engine never sees the rest. The answer is sound by construction: a pattern is skipped only
when none of the strings one of which its every match contains is in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

try:  # CPython 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

GRAM = 3  # a literal shorter than this files nothing: its pattern is always run
_REPEATS = tuple(
    getattr(_c, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_c, name)
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)

Needs = frozenset[str] | None
# by piece: each literal filed under it with the ids of the patterns that need it; and `always`
Ids = tuple[dict[str, tuple[tuple[str, frozenset[int]], ...]], frozenset[int]]


def _score(need: Needs) -> tuple[int, int, int]:
    """Which of two requirements prunes better: usable at all, fewer strings, longer ones."""
    if not need:
        return (0, 0, 0)
    shortest = min(map(len, need))
    return (int(shortest >= GRAM), -len(need), shortest)


def _better(a: Needs, b: Needs) -> Needs:
    return a if _score(a) >= _score(b) else b


def _needs(seq: Any) -> Needs:
    """Strings one of which every match of a parsed sequence contains, or None if unknown.

    Each item of a sequence must match, so any item's requirement is the sequence's: the best
    one is kept. A run of literal characters is one string; a branch needs one of its
    alternatives' strings (unknown if any alternative's is); a repeat needs its body's only if
    it must match at least once. Anything else (a class, a look-around, an anchor) is unknown.
    """
    best: Needs = None
    run: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset(("".join(run),)))
            run = []
        got: Needs = None
        if op is _c.SUBPATTERN:
            got = _needs(av[-1])
        elif op is _c.BRANCH:
            alts = [_needs(alt) for alt in av[1]]
            if all(alts):
                got = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, body = av
            got = _needs(body) if low >= 1 else None
        elif _ATOMIC is not None and op is _ATOMIC:
            got = _needs(av)
        best = _better(best, got)
    if run:
        best = _better(best, frozenset(("".join(run),)))
    return best


def needs_of_tree(tree: Any) -> Needs:
    """What a pattern parsed by `re`'s parser needs, when it can be used to skip it."""
    need = _needs(tree)
    return need if need and min(map(len, need)) >= GRAM else None


def needs_of(pattern: str, flags: int = 0) -> Needs:
    """What a pattern needs (parsing it: a tenth of a millisecond or so each)."""
    return needs_of_tree(_parser.parse(pattern, flags))


class LiteralIndex:
    """Patterns filed by the three-letter pieces of the strings they need; `always` are run on
    every text (nothing known to skip them by). Kept in the knowledge snapshot; the ids it
    answers with are worked out once per process, on first use (ids do not survive a pickle)."""

    __slots__ = ("_ids", "always", "grams")

    def __init__(
        self,
        grams: dict[str, dict[str, tuple[re.Pattern[str], ...]]],
        always: tuple[re.Pattern[str], ...],
    ) -> None:
        self.grams = grams  # piece -> literal filed under it -> the patterns that need it
        self.always = always
        self._ids: Ids | None = None

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.grams, self.always)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.grams, self.always = state
        self._ids = None

    @classmethod
    def build(cls, patterns: Iterable[tuple[re.Pattern[str], Needs]]) -> LiteralIndex:
        unique = {id(p): (p, need) for p, need in patterns}
        # Pieces are counted once per literal, times the patterns that need it: many patterns
        # share a literal ("numb", "back"), and counting them one by one was most of the build.
        per_lit = Counter(lit for _p, need in unique.values() for lit in need or ())
        counts: Counter[str] = Counter()
        for lit, n in per_lit.items():
            for i in range(len(lit) - GRAM + 1):
                counts[lit[i : i + GRAM]] += n
        # A literal is filed under the piece the fewest literals share, so that a common piece
        # ("the", "ing") does not wake many patterns. Each piece's rank is worked out once.
        rank = {g: (c, " " in g, g) for g, c in counts.items()}
        filed = {  # literal -> its piece
            lit: min((lit[i : i + GRAM] for i in range(len(lit) - GRAM + 1)), key=rank.__getitem__)
            for lit in per_lit
        }
        grams: dict[str, dict[str, dict[int, re.Pattern[str]]]] = {}
        always: list[re.Pattern[str]] = []
        for pid, (p, need) in unique.items():
            if not need:
                always.append(p)
                continue
            for lit in need:
                grams.setdefault(filed[lit], {}).setdefault(lit, {})[pid] = p
        return cls(
            {g: {lit: tuple(ps.values()) for lit, ps in lits.items()} for g, lits in grams.items()},
            tuple(always),
        )

    def maybe(self, text: str) -> set[int]:
        """Ids of the patterns that may match somewhere in `text` (and in any part of it)."""
        if self._ids is None:
            by_gram = {
                g: tuple((lit, frozenset(map(id, ps))) for lit, ps in lits.items())
                for g, lits in self.grams.items()
            }
            self._ids = (by_gram, frozenset(map(id, self.always)))
        by_gram, always = self._ids
        out = set(always)
        # The piece only says a literal may be there; the whole literal, looked for in C, says
        # it is ("numb" has the piece of "number"): a third fewer patterns are run.
        for g in {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}.intersection(by_gram):
            for lit, ids in by_gram[g]:
                if lit in text:
                    out |= ids
        return out
