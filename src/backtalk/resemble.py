"""A second look at what the rules leave routine: the graded examples closest in wording.

The red-flag rules (red_flags.yaml) read what they were written to read. People say the same
things in ways no rule spells out ("had a job getting the waterworks going, stand there a good
minute before anything happens"), and such a message usually reads much like some of the
thousands of example messages in knowledge/examples.jsonl, each graded with the tier and flags
a careful triage nurse gives it. When the closest examples agree that a message like this one is
a red flag, backtalk raises it too, and says which words it shares with them. This only ever
raises (DESIGN rule 8: when unsure, the higher tier): routine examples only keep it quiet.

Likeness is the cosine of word and word-pair weights (tf-idf), found in two steps so a reply
stays fast: the message's rarest words pick candidates, then each candidate is scored in full.
Words are hashed into a fixed table (no vocabulary to hold in memory), and the index is one
flat file of arrays, built once from the examples and mapped into memory, not read.
"""

from __future__ import annotations

import array
import heapq
import json
import math
import mmap
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from operator import itemgetter

FORMAT = 1
BITS = 20  # hash table of 2**20 buckets: collisions are rare and only blur a word's weight
MASK = (1 << BITS) - 1
NEIGHBOURS = 12  # the closest examples, which vote
EMERGENCY_SHARE = 1 / 3  # of the flag's likeness, emergency examples; when unsure, the higher
FEWEST_WORDS = 10  # a shorter message shares too few words with any example to compare
AGREE = 0.8  # the share of their likeness that must carry a flag for it to be raised
RARE = 24  # the message's rarest words find the candidates...
RARE_CAP = 500  # ... each in at most this many examples
CANDIDATES = 40  # candidates scored in full
KEEP = 32  # an example keeps its heaviest words (its index entry stays small)
COMMON = 0.1  # a word in more than this share of examples tells nothing of which ones
TIERS = ("routine", "urgent", "emergency")
SHOWN = 3  # phrases shown as what the message shares with the examples

_WORD = re.compile(r"[a-z]+")
_APOSTROPHE = re.compile("['\u2018\u2019`]")
_TYPED = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_MAGIC = b"BTEX"


def _words(text: str) -> list[str]:
    """Words as the index knows them: lower case, apostrophes gone ("can't" -> "cant")."""
    return _WORD.findall(_APOSTROPHE.sub("", text.lower()))


def _word_hashes(words: Sequence[str], seen: dict[str, int] | None = None) -> list[int]:
    if seen is None:
        return [zlib.crc32(w.encode()) for w in words]
    out = []
    for w in words:
        h = seen.get(w)
        if h is None:
            h = seen[w] = zlib.crc32(w.encode())
        out.append(h)
    return out


def _pair(a: int, b: int) -> int:
    """The bucket of two words in a row, from their hashes (the order counts)."""
    return ((a * 0x9E3779B1) ^ b) & MASK


def _tf(count: int) -> float:
    """A word's weight for how often one message says it: the tf of tf-idf, damped."""
    return 1 + math.log(count)


def terms(words: Sequence[str], seen: dict[str, int] | None = None) -> list[int]:
    """The buckets of a message's words and word pairs (pairs keep the order of the words)."""
    hs = _word_hashes(words, seen)
    out = [h & MASK for h in hs]
    out.extend(_pair(a, b) for a, b in pairwise(hs))
    return out


def _as_typed(text: str, words: Sequence[str]) -> tuple[Sequence[str], frozenset[int]]:
    """The words with the capitals they were typed with, to quote them back ("I sneeze"), and
    the words that end a sentence (a quote does not run on past them)."""
    plain = _APOSTROPHE.sub("", text)
    found = list(_TYPED.finditer(plain))
    if len(found) != len(words):
        return words, frozenset()
    ends = frozenset(
        i
        for i, (m, n) in enumerate(pairwise(found))
        if _SENTENCE_END.search(plain, m.end(), n.start())
    )
    return [m.group(0) for m in found], ends


def _same_text(words: Sequence[str]) -> int:
    """An example never vouches for itself: the same words give the same number."""
    return zlib.crc32(" ".join(words).encode())


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    tier: str  # routine, urgent or emergency
    flags: tuple[str, ...]
    line: int = 0  # where it is in examples.jsonl


@dataclass(frozen=True, slots=True)
class Resembled:
    """A flag the closest examples agree on."""

    flag: str
    tier: str
    share: float  # of the neighbours' likeness, the part that carries the flag
    neighbours: int  # how many of them carry it
    likeness: float  # of the closest one that carries it (cosine, 0..1)
    shared: tuple[str, ...]  # the message's words most alike in them


_ARRAYS = (
    ("df", "H"),  # examples each bucket is in (at most 65535)
    ("off", "I"),  # where each bucket's examples start in post
    ("post", "I"),  # example numbers, bucket by bucket
    ("doff", "I"),  # where each example's kept buckets start in dterm
    ("dterm", "I"),
    ("dweight", "B"),  # their weights, 1..255 of the example's length
    ("tier", "B"),
    ("flagbits", "I"),
    ("same", "I"),  # _same_text of each example
)


def build(examples: Sequence[Example], flags: Sequence[str]) -> bytes:
    """The index file for these examples: a header, then the arrays of _ARRAYS."""
    bit = {f: 1 << i for i, f in enumerate(flags)}
    seen: dict[str, int] = {}
    words = [_words(e.text) for e in examples]
    docs = [terms(w, seen) for w in words]
    n = len(docs)
    df_count: Counter[int] = Counter()
    for d in docs:
        df_count.update(set(d))
    common = COMMON * n
    idf = {b: math.log(n / c) for b, c in df_count.items() if c <= common}
    postings: defaultdict[int, list[int]] = defaultdict(list)
    doff, dterm, dweight = array.array("I", [0]), array.array("I"), array.array("B")
    tf = [0.0, *map(_tf, range(1, 64))]  # (the common counts looked up, not computed again)
    for i, d in enumerate(docs):
        weights = [
            (b, (tf[c] if c < 64 else _tf(c)) * w)
            for b, c in Counter(d).items()
            if (w := idf.get(b)) is not None
        ]
        # (the length of all its words, though only the heaviest are kept)
        scale = 255 / (math.sqrt(sum(w * w for _b, w in weights)) or 1.0)
        if len(weights) > KEEP:
            weights = heapq.nlargest(KEEP, weights, key=itemgetter(1))
        for b, _w in weights:
            postings[b].append(i)
        dterm.extend(b for b, _w in weights)
        dweight.extend(int(w * scale + 0.5) or 1 for _b, w in weights)
        doff.append(len(dterm))
    size = 1 << BITS
    df = array.array("H", bytes(2 * size))
    for b, c in df_count.items():
        df[b] = c if c < 65535 else 65535
    lengths = array.array("I", bytes(4 * size))
    post = array.array("I")
    for b in sorted(postings):
        lengths[b] = len(postings[b])
        post.extend(postings[b])
    off = array.array("I", [0])
    off.extend(accumulate(lengths))
    arrays = {
        "df": df,
        "off": off,
        "post": post,
        "doff": doff,
        "dterm": dterm,
        "dweight": dweight,
        "tier": array.array("B", (TIERS.index(e.tier) for e in examples)),
        "flagbits": array.array("I", (sum(bit[f] for f in e.flags) for e in examples)),
        "same": array.array("I", (_same_text(w) for w in words)),
    }
    header = {"format": FORMAT, "bits": BITS, "n": n, "flags": list(flags)}
    header["sizes"] = {name: len(arrays[name]) for name, _t in _ARRAYS}
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)  # arrays start aligned
    parts = [_MAGIC, len(head).to_bytes(4, "little"), head]
    for name, _t in _ARRAYS:
        raw = arrays[name].tobytes()
        parts.append(raw + b"\0" * (-len(raw) % 8))
    return b"".join(parts)


class Index:
    """The built index, read from bytes or a mapped file without copying it."""

    __slots__ = (
        "_buf",
        "df",
        "doff",
        "dterm",
        "dweight",
        "flagbits",
        "flags",
        "n",
        "off",
        "post",
        "same",
        "tier",
    )
    # the arrays of _ARRAYS, as typed views into the file
    df: memoryview
    off: memoryview
    post: memoryview
    doff: memoryview
    dterm: memoryview
    dweight: memoryview
    tier: memoryview
    flagbits: memoryview
    same: memoryview

    def __init__(self, data: bytes | mmap.mmap) -> None:
        view = memoryview(data)
        if bytes(view[:4]) != _MAGIC:
            raise ValueError("not a backtalk examples index")
        hlen = int.from_bytes(view[4:8], "little")
        header = json.loads(bytes(view[8 : 8 + hlen]))
        if header.get("format") != FORMAT or header.get("bits") != BITS:
            raise ValueError("examples index of another format")
        self._buf = data  # keeps the mapping open as long as the views live
        self.n: int = header["n"]
        self.flags: tuple[str, ...] = tuple(header["flags"])
        pos = 8 + hlen
        for name, code in _ARRAYS:
            count = header["sizes"][name]
            width = array.array(code).itemsize
            setattr(self, name, view[pos : pos + count * width].cast(code))
            pos += count * width + (-(count * width) % 8)

    def nearest(self, words: Sequence[str]) -> list[tuple[float, int]]:
        """The closest examples (likeness, number), best first; never the message itself."""
        df, off, post = self.df, self.off, self.post
        n, common = self.n, COMMON * self.n
        query: dict[int, float] = {}
        for b, c in Counter(terms(words)).items():
            f = df[b]
            if 0 < f <= common:
                query[b] = _tf(c) * math.log(n / f)  # as build() weighs an example
        if not query:
            return []
        norm = math.sqrt(sum(w * w for w in query.values()))
        listed = [(off[b + 1] - off[b], b) for b in query]
        rare = heapq.nsmallest(RARE, ((k, b) for k, b in listed if 0 < k <= RARE_CAP))
        found: defaultdict[int, float] = defaultdict(float)
        for _k, b in rare:
            w = query[b]
            for i in post[off[b] : off[b + 1]]:
                found[i] += w
        me = _same_text(words)
        doff, dterm, dweight, same = self.doff, self.dterm, self.dweight, self.same
        scored = []
        for i, _s in heapq.nlargest(CANDIDATES, found.items(), key=itemgetter(1)):
            if same[i] == me:
                continue
            a, z = doff[i], doff[i + 1]
            s = sum(query.get(b, 0.0) * w for b, w in zip(dterm[a:z], dweight[a:z], strict=True))
            scored.append((s / (norm * 255), i))
        return heapq.nlargest(NEIGHBOURS, scored)

    def look(self, text: str) -> tuple[Resembled, ...]:
        """The flags the closest examples agree this message raises, if any."""
        words = _words(text)
        if len(words) < FEWEST_WORDS:
            return ()
        near = self.nearest(words)
        total = sum(s for s, _i in near)
        if total <= 0:
            return ()
        tier, flagbits = self.tier, self.flagbits
        out = []
        for k, flag in enumerate(self.flags):
            carrying = [(s, i) for s, i in near if flagbits[i] >> k & 1]
            share = sum(s for s, _i in carrying) / total
            if share < AGREE:
                continue
            weight = sum(s for s, _i in carrying)
            emergency = sum(s for s, i in carrying if tier[i] == 2) / weight
            level = "emergency" if emergency >= EMERGENCY_SHARE else "urgent"
            shared = self._shared(words, [i for _s, i in carrying], *_as_typed(text, words))
            best = round(max(s for s, _i in carrying), 3)
            out.append(Resembled(flag, level, round(share, 3), len(carrying), best, shared))
        return tuple(out)

    def _shared(
        self,
        words: Sequence[str],
        examples: Iterable[int],
        typed: Sequence[str],
        ends: frozenset[int],
    ) -> tuple[str, ...]:
        """The message's own phrases that weigh most in these examples, in the message's
        order: its heaviest shared words and word pairs, run together where they touch
        ("lost nearly", "a stone" -> "lost nearly a stone") but not across a sentence's end."""
        hs = _word_hashes(words)
        at: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        for i, h in enumerate(hs):
            at[h & MASK].append((i, i + 1))
        for i, (x, y) in enumerate(pairwise(hs)):
            at[_pair(x, y)].append((i, i + 2))
        doff, dterm, dweight = self.doff, self.dterm, self.dweight
        weight: Counter[int] = Counter()
        for i in examples:
            a, z = doff[i], doff[i + 1]
            for b, w in zip(dterm[a:z], dweight[a:z], strict=True):
                if b in at:
                    weight[b] += w
        spans: list[tuple[int, int, int]] = sorted(
            (lo, hi, w) for b, w in weight.most_common(SHOWN * 2) for lo, hi in at[b][:1]
        )
        merged: list[list[int]] = []
        for lo, hi, w in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
                merged[-1][2] += w
            else:
                merged.append([lo, hi, w])
        pieces: list[tuple[int, int, float]] = []
        for lo, hi, w in merged:
            cuts = [lo, *(k + 1 for k in sorted(ends) if lo <= k < hi - 1), hi]
            pieces.extend((a, z, w * (z - a) / (hi - lo)) for a, z in pairwise(cuts))
        best = sorted(heapq.nlargest(SHOWN, pieces, key=itemgetter(2)))
        return tuple(" ".join(typed[lo:hi]) for lo, hi, _w in best)


def open_index(path: str) -> Index:
    """Map an index file into memory (its pages are read as a reply needs them)."""
    with open(path, "rb") as fh:
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    return Index(mapped)
