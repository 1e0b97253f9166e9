"""Text normalisation shared by triage and matching: what people type -> one canonical form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache

# Control characters, ANSI escape sequences, zero-width and bidirectional marks: never shown raw,
# never allowed to hide a word from the pattern matcher ("bla\u200bdder").
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufe00-\ufe0f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def clean(text: str) -> str:
    """Make text safe to show and to match: NFKC, straight quotes, no escapes or invisibles."""
    text = unicodedata.normalize("NFKC", text)
    text = _ANSI.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return text.translate(_QUOTES)


_CONTRACTION_FIXES = (
    (re.compile(r"\bcan\s*not\b"), "cant"),
    (re.compile(r"\bwill not\b"), "wont"),
    (
        re.compile(r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must)\s+not\b"),
        r"\1nt",
    ),
    (re.compile(r"\bi\s+am\b"), "im"),
    (re.compile(r"\bi\s+have\b"), "ive"),
)
_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])|'")
# "my foot's dragging", "the wife's pads", "hip's swollen": the noun stays the noun the
# patterns know ("foot", not "foots"). Pronouns keep their "s" ("it's" -> "its", "he's" ->
# "hes"): context patterns are written that way.
_NOUN_S = re.compile(
    r"\b(?!(?:it|that|what|there|here|he|she|let|who|where|how|when|why|nothing|something"
    r"|everything|anything|someone|somebody|everyone|everybody|nobody|one|mine)'s\b)([a-z]{2,})'s\b"
)
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Yorkshire "t'": "fell off t'ladder" is "fell off the ladder" (not "don't", "can't")
_THE = re.compile(r"\bt'(?=[a-z])")
# Everything that is not a letter, digit, sentence end or comma becomes a space.
_JUNK = re.compile(r"[^a-z0-9.!?;,\n ]+")
_ENDS = re.compile(r"\s*([!?;\n]|(?<!\d)\.|\.(?!\d))\s*")
_SPACES = re.compile(r"[ \t]+")
# A face typed between two thoughts ends the first: "thought it was beetroot but I haven't had
# any 🤔 wee's gone pink" (the denial is of the beetroot). Only faces: "both legs 🦵🦵 numb" is
# one thought.
_FACES = re.compile(
    "[\u2639\u263a\U0001f600-\U0001f64f\U0001f910-\U0001f92f\U0001f970-\U0001f976"
    "\U0001f978-\U0001f97a]+"
)
# An aside in brackets is part of its sentence: "formicolio (how you say.. tingling?) in both
# legs", "a bulto (bump?) on my back" (a decimal point inside stays: "(38.5)")
_ASIDE = re.compile(r"\(([^()\n]{1,80})\)")
_ASIDE_END = re.compile(r"(?<!\d)[.!?;]+|[.!?;]+(?!\d)")
# ... but an aside that tells a history of its own is a sentence of its own: "landed on my bad
# hip (had it resurfaced 2 yrs ago). can't stand on it" (its "ago" is not the fall's)
_ASIDE_HISTORY = re.compile(r"(?:i |ive |i have )?(?:had|have had) (?!a |an |to )")
# A list's numbers are not sentences: "1. aching constantly" is "aching constantly"
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[.)][ \t]+")
# "when I go #2 I can't feel it": the toilet's numbers, before "#" is dropped as junk
_HASH_NUMBER = re.compile(r"#\s?([12])(?![0-9])")
# ... and numbered answers typed on one line: "1) no history of back problems 2) yes my legs
# keep buckling" are two answers, each its own sentence
_INLINE_NUMBER = re.compile(r"(?<=[a-z,.!?;]) +\d{1,2}\)[ \t]+(?=[a-z])")
# A dash after a question told back ends the question; the answer follows: "you asked if I'd
# had any accidents - I wet myself this morning" (elsewhere a dash joins, as a space does)
_ASKED_DASH = re.compile(r"\b((?:asked|asks|asking|questions?)\b[^.?!\n-]{0,100}?) +-+ +")
# A dash after a bare "not" breaks off: "his back is fine. Mine is not - new back pain and a
# fever" (the new pain is not denied)
_NOT_DASH = re.compile(
    r"\b(is not|isnt|are not|arent|not|hasnt|havent|hadnt|didnt|doesnt|dont|wasnt|werent|wont|cant)"
    r"\s+[-\u2013\u2014]+\s+"
)
_TOKEN = re.compile(r"[a-z]+")


def _aside(m: re.Match[str]) -> str:
    """An aside in brackets, read as part of its sentence or, telling a history, as its own."""
    inner = _ASIDE_END.sub(" ", m.group(1))
    if not _ASIDE_HISTORY.match(inner):
        return f" {inner} "
    # (beside a full stop already, one more would make an empty sentence)
    ended = m.string[: m.start()].rstrip().endswith((".", "!", "?", "\n"))
    ends = m.string[m.end() :].lstrip().startswith((".", "!", "?", "\n"))
    return f"{'' if ended else ' .'} {inner} {'' if ends else '. '}"


@lru_cache(maxsize=8)
def _speller(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(speller_source(words))


def speller_source(words: tuple[str, ...]) -> str:
    """One pattern for all known misspellings: only they are visited, not every word.

    A key may be a phrase of real words that is wrong only together ("me back" -> "my back",
    "really week" -> "really weak"): the longer wins, so a phrase wins over a word inside it.
    The keys are laid out as a tree of shared beginnings ("kam(?:ar|zor)"): as a flat list, two
    thousand keys made the pattern fifty times slower to run, and every start runs it on each
    topic and example it indexes.
    """
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for c in " ".join(w.split()):
            node = node.setdefault(c, {})
        node[""] = {}
    return r"\b" + _branches(tree) + r"\b"


def _branches(node: dict[str, dict]) -> str:
    """The pattern for a tree of keys: the longer branches first, the key that ends here last
    (a bare "?" after them, so a phrase wins over a word inside it)."""
    # A run of letters with one way on is written out in a loop: most of the tree is such
    # runs, and one call per letter was a fifth of a full load.
    run: list[str] = []
    while len(node) == 1 and "" not in node:
        ((c, node),) = node.items()
        run.append(_escaped(c))
    alts = [_escaped(c) + _branches(kid) for c, kid in node.items() if c]
    if not alts:
        return "".join(run)
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        body = f"{body}?" if len(alts) == 1 and len(body) == 1 else f"(?:{body})?"
    return "".join(run) + body


def _escaped(c: str) -> str:
    return r"\s+" if c == " " else c if c.isalnum() else re.escape(c)


# The finder for each spelling map in use, by identity: sorting 500 keys to look it up cost
# more than the rest of normalising. The map is kept with it, so its id is never reused.
_FINDERS: dict[int, tuple[Mapping[str, str], int, re.Pattern[str]]] = {}


# Compiles a pattern made from some knowledge: (what it is made from, how to write it out).
# A load passes one that keeps the written pattern under a digest of what it was made from.
Builder = Callable[[str, Callable[[], str]], re.Pattern[str]]


def plain_build(made_from: str, write: Callable[[], str]) -> re.Pattern[str]:
    return re.compile(write())


class Spelling(dict[str, str]):
    """A spelling map (misspelt -> right) with its finder compiled when the knowledge is
    built. The finder is kept with the knowledge (in the snapshot, as its pattern's code), so
    a start does not spend a tenth of a second compiling it for the first message."""

    __slots__ = ("finder",)

    def __init__(self, pairs: Mapping[str, str], build: Builder = plain_build) -> None:
        super().__init__(pairs)
        words = tuple(sorted(self))
        self.finder = build("\0".join(words), lambda: speller_source(words))


def spelling_finder(spelling: Mapping[str, str]) -> re.Pattern[str]:
    if isinstance(spelling, Spelling):
        return spelling.finder
    got = _FINDERS.get(id(spelling))
    if got is None or got[0] is not spelling or got[1] != len(spelling):
        if len(_FINDERS) > 8:
            _FINDERS.clear()
        got = (spelling, len(spelling), _speller(tuple(sorted(spelling))))
        _FINDERS[id(spelling)] = got
    return got[2]


_SPACED = re.compile(
    r"(?<![a-z0-9] )(?<![a-z0-9])(?:[a-z] ){3,}[a-z](?![a-z0-9])(?! [a-z](?![a-z0-9]))"
)


def normalise(text: str, spelling: Mapping[str, str] | None = None) -> str:
    """Lower-case canonical text: 'I can't   PEE…' -> 'i cant pee.'

    Apostrophes vanish so patterns never need them ("can't" -> "cant", "I'm" -> "im"),
    "cannot" and "can not" become "cant", letters repeated three times or more are
    squeezed to two ("bladdder" -> "bladder"), and known misspellings are fixed word by word
    (and phrases of real words that are wrong together: "me back", "really week").
    Sentence ends (. ! ? ; newline) and commas are kept: triage uses them for scope.
    """
    text = clean(text).lower()
    if not text.isascii():
        # "my wee's the colour of rosé", "naïve question": the letter stays, its accent goes
        # (as junk, the whole letter would go: "ros")
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    # "B O T H   L E G S   N U M B": letters typed one by one make their word again
    text = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = text.replace("\u2026", ".")
    text = _THE.sub("the ", text)
    text = _NOUN_S.sub(r"\1", text)
    text = _APOSTROPHE.sub("", text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _ASIDE.sub(_aside, text)
    text = _LIST_NUMBER.sub("", text)
    text = _HASH_NUMBER.sub(r" number \1", text)
    text = _INLINE_NUMBER.sub("\n", text)
    text = _ASKED_DASH.sub(r"\1 , ", text)
    text = _NOT_DASH.sub(r"\1 , ", text)
    # "Legs: both numb. Bladder: have to strain": a label and what follows belong together.
    text = text.replace("-", " ").replace("/", " ").replace(":", " ")
    # "both legs weird + back", "chest + back pain": a plus joins things, as "and" does
    text = text.replace(" + ", " and ").replace("+ ", " and ")
    text = _FACES.sub(" , ", text)
    text = _JUNK.sub(" ", text)
    for pattern, repl in _CONTRACTION_FIXES:
        text = pattern.sub(repl, text)
    if spelling:
        finder = spelling_finder(spelling)
        text = finder.sub(lambda m: spelling[" ".join(m.group(0).split())], text)
    text = _ENDS.sub(r" \1 ", text)
    text = re.sub(r"\s*,\s*", " , ", text)
    return _SPACES.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)
