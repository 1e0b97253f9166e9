"""Words in a triage pattern that can never be there: spelling rewrites them first.

Every message is normalised before a pattern is tried on it, and normalising puts each known
misspelling or foreign word in its English form ("lagnat" -> "fever"). A pattern that names
the word itself ("(?:lagnat|nilalagnat) ako") can then never match on it, and nothing says so:
the entry just goes quiet. This finds such words, reading the pattern's source only (parsing
all 2,500 patterns with `re`'s parser would cost half a second on every load).

A word counts only where it stands whole in the pattern: between spaces, at either end, or as
one whole alternative of a group that itself stands whole. A word joined to a group
("un(?:well|able)"), followed by a quantifier ("fevers?") or inside a look-around is left
alone: it may be part of another word, so it is not known to be dead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

# Escapes, character classes, list names and counted repeats: never words of the pattern, so
# they are blanked (to "#", which is not a word's edge either) before words are looked for.
_BLANK = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\{[a-z_0-9]*\}|\{\d*,?\d*\}")
_LOOK = ("(?=", "(?!", "(?<=", "(?<!")


def _blank(pattern: str) -> str:
    return _BLANK.sub(lambda m: "#" * len(m.group(0)), pattern)


def _pairs(s: str) -> dict[int, int]:
    """Each bracket's partner, both ways (escaped ones are blanked already)."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(s):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            out[i], out[j] = j, i
    return out


def _opening(s: str, i: int, pairs: dict[int, int]) -> int | None:
    """The '(' of the group whose alternative starts at i (i just after '(', '(?:' or '|'):
    -1 for an alternative of the whole pattern, None for an unbalanced one."""
    depth = 0
    for j in range(i - 1, -1, -1):
        if s[j] == ")":
            depth += 1
        elif s[j] == "(":
            if depth == 0:
                return j if j in pairs else None
            depth -= 1
    return -1


def _starts_whole(s: str, i: int, pairs: dict[int, int]) -> bool:
    """Is position i at the start of a word in every text the pattern matches?"""
    if i == 0:
        return True
    before = s[i - 1]
    if before in " ^":
        return True
    if before not in "(|:":
        return False
    j = _opening(s, i, pairs)
    if j == -1:
        return before == "|"
    if j is None or s.startswith(_LOOK, j):
        return False
    if (before == ":" and (j + 3 != i or not s.startswith("(?:", j))) or (
        before == "(" and j + 1 != i
    ):
        return False
    return _starts_whole(s, j, pairs)


def _ends_whole(s: str, k: int, pairs: dict[int, int]) -> bool:
    """Does the word ending just before k end a word in every text the pattern matches?"""
    if k == len(s):
        return True
    after = s[k]
    if after == " ":
        return k + 1 == len(s) or s[k + 1] not in "?*+{"
    if after == "$":
        return True
    if after not in "|)":
        return False
    # the end of this alternative: go to its group's ')' and look past it
    depth = 0
    for m in range(k, len(s)):
        if s[m] == "(":
            depth += 1
        elif s[m] == ")":
            if depth == 0:
                j = pairs.get(m)
                if j is None or s.startswith(_LOOK, j):
                    return False
                return _ends_whole(s, m + 2 if s[m + 1 : m + 2] == "?" else m + 1, pairs)
            depth -= 1
    return after == "|"  # the end of an alternative of the whole pattern


def dead_words(
    pattern: str, finder: re.Pattern[str], spelling: Mapping[str, str]
) -> Iterator[tuple[str, str]]:
    """(word, what spelling makes it) for each whole word of `pattern` normalising rewrites.

    `finder` finds spelling's keys in text (text.spelling_finder); it also picks out the few patterns
    worth a closer look, so the whole check costs a few milliseconds.
    """
    s = ""
    pairs: dict[int, int] = {}
    looks: list[tuple[int, int]] = []
    for m in finder.finditer(pattern):
        a, b = m.span()
        # most keys found are inside a longer stretch of pattern: a glance at their edges
        # rules them out before the pattern is looked at closely
        if (a and pattern[a - 1] not in " ^(|:") or (b < len(pattern) and pattern[b] not in " $|)"):
            continue
        if not s:
            s = _blank(pattern)
            pairs = _pairs(s)
            looks = [(j, k) for j, k in pairs.items() if j < k and s.startswith(_LOOK, j)]
        if s[a:b] != m.group(0) or any(j < a < k for j, k in looks):
            continue  # part of an escape, a class or a list name; or only looked around for
        if _starts_whole(s, a, pairs) and _ends_whole(s, b, pairs):
            key = " ".join(m.group(0).split())
            yield key, spelling[key]
