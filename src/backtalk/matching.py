"""Topic and intent matching: synonyms, fuzzy spelling, IDF-weighted alias coverage.

Indexed once per knowledge base. A query is normalised, synonyms are applied as whole
phrases, unknown words are fuzzily corrected against the knowledge vocabulary (rapidfuzz),
and each candidate alias is scored by how much of its (IDF-weighted) wording the query
covers. Candidates come from an inverted token index, so cost grows with the query, not
with the size of the knowledge.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from backtalk.knowledge.model import KnowledgeBase
from backtalk.text import normalise

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "me",
        "i",
        "im",
        "ive",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "is",
        "are",
        "do",
        "does",
        "did",
        "how",
        "what",
        "whats",
        "which",
        "can",
        "could",
        "would",
        "should",
        "will",
        "with",
        "and",
        "or",
        "it",
        "its",
        "this",
        "that",
        "be",
        "am",
        "was",
        "were",
        "been",
        "you",
        "your",
        "about",
        "some",
        "any",
        "please",
        "tell",
        "show",
        "give",
        "get",
        "got",
        "have",
        "has",
        "had",
        "just",
        "really",
        "so",
        "very",
        "there",
        "their",
        "them",
        "they",
        "we",
        "us",
        "our",
        "from",
        "into",
        "out",
        "up",
        "by",
        "as",
        "if",
        "when",
        "where",
        "who",
        "why",
        "much",
        "many",
        "one",
        "ones",
        "want",
        "need",
        "know",
        "like",
    ]
)
# Words that ask for a list of exercises rather than one.
BROWSE_WORDS = frozenset(
    [
        "stretches",
        "exercises",
        "moves",
        "workouts",
        "poses",
        "routines",
        "drills",
        "stretching",
        "exercising",
        "strengthening",
        "strengthen",
        "strength",
        "mobility",
    ]
)
GOAL_WORDS = {
    "stretch": "stretch",
    "stretches": "stretch",
    "stretching": "stretch",
    "strengthen": "strengthen",
    "strengthening": "strengthen",
    "strength": "strengthen",
    "strong": "strengthen",
    "stronger": "strengthen",
    "mobility": "mobility",
    "mobilise": "mobility",
    "mobilize": "mobility",
    "mobile": "mobility",
}
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Match:
    topic: str
    score: float  # 0..100: share of the alias's weighted words found in the query
    evidence: float  # absolute weight of the words that matched (longer, rarer = more)
    alias: str
    words: int = 1  # how many of the alias's words the query contains


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # normalised, synonyms applied
    tokens: frozenset[str]


@dataclass(frozen=True, slots=True)
class TopicIndex:
    aliases: tuple[tuple[str, str, tuple[str, ...]], ...]  # (topic id, alias text, tokens)
    totals: tuple[float, ...]  # summed IDF of each alias's tokens
    postings: Mapping[str, tuple[int, ...]]  # token -> alias indices
    idf: Mapping[str, float]
    vocab: Mapping[str, tuple[str, ...]]  # first letter -> known words (typos rarely hit it)
    synonyms: Mapping[str, str]
    synonym_re: re.Pattern[str] | None
    spelling: Mapping[str, str]
    intent_examples: tuple[tuple[str, str], ...]  # (normalised example, intent id)
    areas: Mapping[str, tuple[str, ...]]  # area word -> exercise ids


def _content(tokens: list[str]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t not in STOPWORDS)


def _stem(token: str) -> str:
    # Plural and -ing forms meet their base: "stretches" ~ "stretch", "bridges" ~ "bridge".
    for suffix, repl in (("ches", "ch"), ("shes", "sh"), ("ies", "y"), ("ses", "s"), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            return token[: len(token) - len(suffix)] + repl
    return token


def _by_letter(words: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for w in sorted(words):
        out[w[0]].append(w)
    return {k: tuple(v) for k, v in out.items()}


def build_index(kb: KnowledgeBase) -> TopicIndex:
    synonym_re = None
    if kb.synonyms:
        alts = sorted(kb.synonyms, key=len, reverse=True)
        synonym_re = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, alts)) + r")(?![a-z0-9])"
        )

    def prep_text(text: str) -> str:
        norm = normalise(text, kb.spelling)
        if synonym_re is not None:
            norm = synonym_re.sub(lambda m: kb.synonyms[m.group(0)], norm)
        return " ".join(_TOKEN.findall(norm))

    def prep(text: str) -> list[str]:
        return [_stem(t) for t in prep_text(text).split()]

    rows: list[tuple[str, str, tuple[str, ...]]] = []
    for topic in kb.topics:
        names = {topic.name, topic.id.replace("-", " "), *topic.aliases}
        for alias in names:
            toks = _content(prep(alias))
            if toks:
                rows.append((topic.id, alias, toks))
    postings: dict[str, list[int]] = defaultdict(list)
    df: dict[str, set[str]] = defaultdict(set)
    for i, (tid, _alias, toks) in enumerate(rows):
        for t in set(toks):
            postings[t].append(i)
            df[t].add(tid)
    n = max(1, len(kb.topics))
    idf = {t: math.log(1 + n / len(ids)) for t, ids in df.items()}
    examples = tuple(
        (prep_text(ex), intent.id) for intent in kb.intents.values() for ex in intent.examples
    )
    areas: dict[str, list[str]] = defaultdict(list)
    for ex in kb.exercises.values():
        for area in ex.areas:
            for word in _TOKEN.findall(area):
                areas[_stem(word)].append(ex.id)
    totals = tuple(sum(idf[t] for t in toks) or 1.0 for _tid, _alias, toks in rows)
    # Shortest aliases first: when a common word nominates only some, it picks those it covers best.
    ordered = {t: tuple(sorted(set(v), key=lambda i: (totals[i], i))) for t, v in postings.items()}
    return TopicIndex(
        tuple(rows),
        totals,
        ordered,
        idf,
        _by_letter(postings),
        dict(kb.synonyms),
        synonym_re,
        dict(kb.spelling),
        examples,
        {k: tuple(v) for k, v in areas.items()},
    )


def prepare(index: TopicIndex, text: str) -> Query:
    norm = normalise(text, index.spelling)
    if index.synonym_re is not None:
        norm = index.synonym_re.sub(lambda m: index.synonyms[m.group(0)], norm)
    out: set[str] = set()
    for raw in _TOKEN.findall(norm):
        tok = _stem(raw)
        if tok in STOPWORDS:
            continue
        if tok not in index.postings and len(tok) >= 4 and not tok.isdigit():
            # "pidgeon" -> "pigeon", "piriformus" -> "piriformis"
            best = process.extractOne(
                tok, index.vocab.get(tok[0], ()), scorer=fuzz.ratio, score_cutoff=82
            )
            if best is not None:
                tok = best[0]
        out.add(tok)
    return Query(norm, frozenset(out))


# A word posted in more aliases than this ("stretch", "hip" in a huge knowledge base) only
# nominates its COMMON shortest aliases (the ones it covers best); it still adds to the score
# of every candidate that a rarer word nominated. With the default knowledge no word is that
# common, so matching is exact; with 10,000 entries the cost stays bounded.
COMMON = 150


def match_topics(index: TopicIndex, query: Query, limit: int = 5) -> list[Match]:
    """Best match per topic, best first."""
    known = [t for t in query.tokens if t in index.postings]
    got: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for tok in known:
        weight = index.idf[tok]
        for i in index.postings[tok][:COMMON]:
            got[i] += weight
            count[i] += 1
    for tok in known:
        posting = index.postings[tok]
        if len(posting) > COMMON:
            weight, head = index.idf[tok], set(posting[:COMMON])
            for i in got:
                if i not in head and tok in index.aliases[i][2]:
                    got[i] += weight
                    count[i] += 1
    best: dict[str, Match] = {}
    for i, g in got.items():
        tid, alias, _toks = index.aliases[i]
        score = 100.0 * g / index.totals[i]
        cur = best.get(tid)
        if cur is None or (score, g) > (cur.score, cur.evidence):
            best[tid] = Match(tid, score, g, alias, count[i])
    # Whole aliases first (more matched wording wins); partial ones by coverage x evidence.
    ranked = sorted(
        best.values(),
        key=lambda m: (m.score >= 99.9, m.evidence if m.score >= 99.9 else m.score * m.evidence),
        reverse=True,
    )
    return ranked[:limit]


def match_intent(index: TopicIndex, query: Query, cutoff: float = 86.0) -> tuple[str, float] | None:
    """Small-talk and meta intents by their examples (whole-message similarity)."""
    if not index.intent_examples or not query.text:
        return None
    words = " ".join(_TOKEN.findall(query.text))
    choices = [e for e, _ in index.intent_examples]
    hit = process.extractOne(words, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
    if hit is None:
        return None
    return index.intent_examples[hit[2]][1], hit[1]
