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
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from backtalk.knowledge.model import KnowledgeBase
from backtalk.text import Spelling, normalise

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
        "thats",
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
        "by",
        "as",
        "if",
        "when",
        "where",
        "who",
        "why",
        "much",
        "many",
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
    ]
)
# Not "mobility": "how can I improve my hip mobility" asks about the topic, not for a list.
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
# Words that are rare in the aliases but common in questions ("can X cause back pain?",
# "hip problems"): they count, but never as much as a word that names something.
WEAK_WORDS = frozenset(
    [
        "cause",
        "caused",
        "causes",
        "causing",
        "problem",
        "problems",
        "happen",
        "happens",
        "mean",
        "means",
        "affect",
        "affects",
        "help",
        "helps",
        "feel",
        "feels",
        "thing",
        "things",
        "way",
        "best",
        "good",
        "bad",
        "kind",
        "type",
        "sign",
        "signs",
        "really",
        "worst",
        "ever",
        # everyday words that aliases happen to use once ("sitting all day")
        "all",
        "day",
        "days",
        "time",
        "times",
        "went",
        "lot",
        "much",
        "right",  # "right down my leg", "right, thanks": a side only beside "side" or "on the"
        "left",
    ]
)
WEAK_IDF = 1.0
# Words that dress up small talk without changing it: "cheers mate", "thanks again".
FILLER = frozenset(
    [
        "mate",
        "pal",
        "buddy",
        "love",
        "hun",
        "guys",
        "dude",
        "again",
        "backtalk",
        "cool",
        "ok",
        "okay",
        "great",
        "brilliant",
        "awesome",
        "lovely",
        "perfect",
        "oh",
        "well",
        "anyway",
    ]
)


# Intents that are conversation rather than a question: a message made of their words plus
# padding ("hello there, hope ur well", "thank u so much thats really helpful") is one.
CHAT_INTENTS = ("greeting", "thanks", "goodbye", "help")
# Words that pad small talk without asking anything.
PADDING_WORDS = (
    "right",
    "sort",
    "hope",
    "now",
    "all",
    "everyone",
    "everybody",
    "folks",
    "stuff",
    "lot",
    "lots",
    "too",
    "then",
    "yeah",
    "yes",
    "here",
    "today",
    "bit",
    "x",
    "xx",
    "lol",
    "haha",
)


def _squeeze_end(word: str) -> str:
    # "heyy", "hii", "byee": a doubled last letter is emphasis (both sides are squeezed).
    while len(word) > 2 and word[-1] == word[-2]:
        word = word[:-1]
    return word


_PADDING = frozenset(map(_squeeze_end, (*STOPWORDS, *WEAK_WORDS, *PADDING_WORDS)))
_LEAD = frozenset(map(_squeeze_end, PADDING_WORDS))  # may come before the small talk


def _small_talk(text: str) -> str:
    return " ".join(_squeeze_end(t) for t in _TOKEN.findall(text) if t not in FILLER)


@dataclass(frozen=True, slots=True)
class Match:
    topic: str
    score: float  # 0..100: share of the alias's weighted words found in the query
    evidence: float  # absolute weight of the words that matched (longer, rarer = more)
    alias: str
    words: int = 1  # how many of the alias's words the query contains
    matched: frozenset[str] = frozenset()  # which of the alias's words the query contains


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
    protected: frozenset[str] = frozenset()  # real words the speller leaves alone
    word_synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # stem -> canon
    roots: Mapping[str, str] = field(default_factory=dict)  # _root(known word) -> known word
    raw_vocab: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # unstemmed words
    topics_of: Mapping[str, frozenset[str]] = field(default_factory=dict)  # token -> topic ids
    # Stems of the one-word examples of the out-of-scope intent: body parts, medicines and
    # things backtalk does not cover ("knee", "shoulder", "ibuprofen").
    elsewhere: frozenset[str] = frozenset()
    places: tuple[frozenset[str], ...] = ()  # per alias of a condition: the REGIONS it names
    chat_words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # intent -> words
    chat_examples: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)


def _content(tokens: list[str]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t not in STOPWORDS)


def _stem(token: str) -> str:
    # Plural, -ed and -ing forms meet their base: "stretches" ~ "stretch", "bridges" ~ "bridge",
    # "banded" ~ "band", "legged" ~ "leg", "sitting" ~ "sit". Both sides of a match are stemmed
    # the same way, so a stem only has to be consistent, not a dictionary word.
    # A final "e" goes too, so "cause" ~ "caused", "lunge" ~ "lunging", "spine" ~ "spin".
    for suffix in ("ed", "ing"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            if base[-1] == base[-2] and base[-1] not in "ls":  # "legg" -> "leg", not "pull"
                base = base[:-1]
            return base
    for suffix, repl in (("ches", "ch"), ("shes", "sh"), ("ies", "y"), ("ses", "s"), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            token = token[: len(token) - len(suffix)] + repl
            break
    if len(token) > 4 and token.endswith("e") and not token.endswith("ee"):
        token = token[:-1]
    return token


_ROOT_SUFFIXES = ("ation", "ally", "ion", "ly", "al", "ic")


def _root(token: str) -> str:
    """The word family beyond _stem: "diagonally" ~ "diagonal", "rotate" ~ "rotation"."""
    for suffix in _ROOT_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def _synonyms(norm: str, synonyms: Mapping[str, str], pattern: re.Pattern[str] | None) -> str:
    # Twice, so a phrase made by one synonym can complete another:
    # "pain deep in my bum cheek" -> "... my buttock" -> "piriformis syndrome".
    if pattern is None:
        return norm
    for _ in range(2):
        new = pattern.sub(lambda m: synonyms[m.group(0)], norm)
        if new == norm:
            break
        norm = new
    return norm


def _by_letter(words: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for w in sorted(words):
        out[w[0]].append(w)
    return {k: tuple(v) for k, v in out.items()}


def _prose_words(kb: KnowledgeBase) -> set[str]:
    """Stems of every word the knowledge writes in prose: real words, never typos to fix.

    Without them the speller "corrects" ordinary words into knowledge words one slip away
    ("weeks" -> weak, "thing" -> thin, "said" -> sad).
    """
    texts: list[str] = []
    for ex in kb.exercises.values():
        texts += [ex.summary, *ex.steps, ex.dosage or "", *ex.cautions]
    for cond in kb.conditions.values():
        texts += [cond.summary, *cond.symptoms, *cond.helps, *cond.see_doctor]
    for intent in kb.intents.values():
        texts += [intent.reply, *intent.examples]
    return {_stem(w) for w in _TOKEN.findall(normalise(" ".join(texts)))}


def build_index(kb: KnowledgeBase) -> TopicIndex:
    synonym_re = None
    # Canonical phrases map to themselves, so a second pass reads "piriformis syndrome" as a
    # whole and never grows it from its variant "piriformis" into "... syndrome syndrome".
    synonyms = {**{c: c for c in kb.synonyms.values()}, **kb.synonyms}
    if synonyms:
        alts = sorted(synonyms, key=len, reverse=True)
        synonym_re = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, alts)) + r")(?![a-z0-9])"
        )
    # One-word variants also meet their canonical form through the stem, so the plural or
    # -ing form a synonym list never spelled out still lands: "hammies" ~ "hammy".
    word_synonyms = {
        _stem(v): tuple(_stem(t) for t in _TOKEN.findall(c) if t not in STOPWORDS)
        for v, c in kb.synonyms.items()
        if " " not in v
    }

    def prep_text(text: str, with_synonyms: bool = True) -> str:
        norm = normalise(text, kb.spelling)
        if with_synonyms:
            norm = _synonyms(norm, synonyms, synonym_re)
        return " ".join(_TOKEN.findall(norm))

    def prep(text: str, with_synonyms: bool = True) -> list[str]:
        out: list[str] = []
        for t in prep_text(text, with_synonyms).split():
            stem = _stem(t)
            out.extend(word_synonyms.get(stem, (stem,)) if with_synonyms else (stem,))
        return out

    rows: list[tuple[str, str, tuple[str, ...]]] = []
    raw_words: set[str] = set()
    for topic in kb.topics:
        names = {topic.name, topic.id.replace("-", " "), *topic.aliases}
        seen: set[tuple[str, ...]] = set()
        for alias in sorted(names):
            raw_words.update(prep_text(alias).split(), prep_text(alias, False).split())
            # Each alias twice: through the synonyms, and as its own words. A synonym makes
            # the exact phrase land ("pain down my leg" -> sciatica); its own words let the
            # same thing said another way land too ("pain goes down my leg into my foot").
            for toks in (_content(prep(alias)), _content(prep(alias, with_synonyms=False))):
                if toks and toks not in seen:
                    seen.add(toks)
                    rows.append((topic.id, alias, toks))
    postings: dict[str, list[int]] = defaultdict(list)
    df: dict[str, set[str]] = defaultdict(set)
    for i, (tid, _alias, toks) in enumerate(rows):
        for t in set(toks):
            postings[t].append(i)
            df[t].add(tid)
    n = max(1, len(kb.topics))
    idf = {t: math.log(1 + n / len(ids)) for t, ids in df.items()}
    for word in WEAK_WORDS:
        if (stem := _stem(word)) in idf:
            idf[stem] = min(idf[stem], WEAK_IDF)
    examples = tuple(
        (_small_talk(prep_text(ex)), intent.id)
        for intent in kb.intents.values()
        for ex in intent.examples
    )
    chat_words = {
        intent.id: frozenset(
            w for ex in intent.examples for w in _small_talk(prep_text(ex)).split()
        )
        for intent in kb.intents.values()
        if intent.id in CHAT_INTENTS
    }
    chat_examples = {
        intent.id: tuple(frozenset(_small_talk(prep_text(ex)).split()) for ex in intent.examples)
        for intent in kb.intents.values()
        if intent.id in CHAT_INTENTS
    }
    areas: dict[str, list[str]] = defaultdict(list)
    for ex in kb.exercises.values():
        for area in ex.areas:
            # Through the synonyms too, so "bum" finds the exercises for the glutes.
            for word in {*map(_stem, _TOKEN.findall(area)), *prep(area)}:
                areas[word].append(ex.id)
    totals = tuple(sum(idf[t] for t in toks) or 1.0 for _tid, _alias, toks in rows)
    # Shortest aliases first: when a common word nominates only some, it picks those it covers best.
    ordered = {t: tuple(sorted(set(v), key=lambda i: (totals[i], i))) for t, v in postings.items()}
    return TopicIndex(
        tuple(rows),
        totals,
        ordered,
        idf,
        _by_letter(postings),
        synonyms,
        synonym_re,
        kb.spelling if isinstance(kb.spelling, Spelling) else Spelling(kb.spelling),
        examples,
        {k: tuple(v) for k, v in areas.items()},
        frozenset(kb.protected_words) | _prose_words(kb),
        word_synonyms=word_synonyms,
        chat_words=chat_words,
        chat_examples=chat_examples,
        roots={_root(w): w for w in sorted(postings, key=len, reverse=True) if _root(w) != w},
        raw_vocab=_by_letter({w: None for w in raw_words if _stem(w) in postings}),
        topics_of={t: frozenset(ids) for t, ids in df.items()},
        places=tuple(
            REGIONS.intersection(toks) if tid in kb.conditions else frozenset()
            for tid, _alias, toks in rows
        ),
        elsewhere=frozenset(
            _stem(ex)
            for intent in kb.intents.values()
            if intent.id == "out-of-scope"
            for ex in (normalise(e) for e in intent.examples)
            if _TOKEN.fullmatch(ex)
        ),
    )


def _split(index: TopicIndex, tok: str) -> tuple[str, str] | None:
    """A run-together pair of known words: "firelog" -> fire log, "cowface" -> cow face."""
    for cut in range(3, len(tok) - 2):
        left, right = tok[:cut], _stem(tok[cut:])
        if left in index.postings and right in index.postings:
            return left, right
    return None


def _correct(index: TopicIndex, raw: str, tok: str) -> tuple[str, ...]:
    # Four-letter words are left alone: too many real ones sit one slip from a known word
    # ("more" ~ "morn(ing)", "pain" ~ "pair").
    if tok in index.postings:
        return (tok,)
    if (family := index.roots.get(_root(tok))) is not None:
        return (family,)
    if len(raw) < 5 or tok.isdigit() or raw in index.protected or tok in index.protected:
        return (tok,)
    if len(tok) >= 6 and (pair := _split(index, tok)) is not None:
        return pair
    # One slip per word ("pidgeon" -> "pigeon", "brige" -> "bridge"; a swap counts as one),
    # two in long words. A ratio would let real words drift: "blades" -> "bladder".
    cutoff = 1 if len(raw) < 8 else 2
    if len(tok) >= 5:
        best = process.extractOne(
            tok, index.vocab.get(tok[0], ()), scorer=OSA.distance, score_cutoff=cutoff
        )
        return (best[0],) if best is not None else (tok,)
    # A short stem is one slip from too many others ("picked" -> pick ~ pack): the word as
    # typed must be one slip from a word as the knowledge spells it.
    best = process.extractOne(
        raw, index.raw_vocab.get(raw[0], ()), scorer=OSA.distance, score_cutoff=cutoff
    )
    return (_stem(best[0]),) if best is not None else (tok,)


def prepare(index: TopicIndex, text: str) -> Query:
    norm = _synonyms(normalise(text, index.spelling), index.synonyms, index.synonym_re)
    out: set[str] = set()
    for raw in _TOKEN.findall(norm):
        tok = _stem(raw)
        if tok in STOPWORDS or raw in STOPWORDS:
            continue
        if tok in index.word_synonyms:
            out.update(index.word_synonyms[tok])
            continue
        out.update(_correct(index, raw, tok))
    return Query(norm, frozenset(out))


# A word posted in more aliases than this ("stretch", "hip" in a huge knowledge base) only
# nominates its COMMON shortest aliases (the ones it covers best); it still adds to the score
# of every candidate that a rarer word nominated. With the default knowledge no word is that
# common, so matching is exact; with 10,000 entries the cost stays bounded.
COMMON = 150
# Where it hurts. An alias that names one of these places only matches a message that names
# the same place, or none: "my lower back is stiff every morning" is not "stiff hip in the
# morning", though both say stiff and morning.
# Exercises are left out: their names use places as positions ("step back", "on my back").
REGIONS = frozenset(
    ["hip", "back", "spin", "buttock", "leg", "groin", "thigh", "knee", "pelvi", "pelvic"]
)


def match_topics(index: TopicIndex, query: Query, limit: int = 5) -> list[Match]:
    """Best match per topic, best first."""
    # Sorted, so float sums (and so ties) come out the same whatever the hash seed.
    known = sorted(t for t in query.tokens if t in index.postings)
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
    # Strength = matched wording, discounted by how much of the alias is missing: a whole
    # short alias ("my back hurts") loses to most of a longer one that says more ("pain on
    # one side of the lower back" for "why does only one side of my lower back hurt").
    # Best alias per topic by strength, then coverage; Match objects only for those returned.
    totals, aliases = index.totals, index.aliases
    places = query.tokens & REGIONS
    best: dict[str, tuple[float, float, int]] = {}
    for i, g in got.items():
        tid = aliases[i][0]
        if places and (where := index.places[i]) and not places & where:
            continue
        cover = g / totals[i]
        key = (g * cover * cover, cover, i)
        cur = best.get(tid)
        if cur is None or key[:2] > cur[:2]:
            best[tid] = key
    # Then across topics, the evidence is every word of the message that any of the topic's
    # aliases uses: "lower back aches after sitting at my desk all day" is about sitting (its
    # aliases say desk, sitting, all day, back pain), not only about lower back pain.
    idf, topics_of = index.idf, index.topics_of
    ranked = sorted(
        (
            (sum(idf[t] for t in known if tid in topics_of[t]) * cover * cover, cover, i)
            for tid, (_, cover, i) in best.items()
        ),
        key=lambda k: k[:2],
        reverse=True,
    )[:limit]  # stable on ties
    out = []
    for strength, cover, i in ranked:
        tid, alias, toks = aliases[i]
        # Rounded: a whole alias is 100 whichever order its weights were added in.
        score = round(100.0 * cover, 6)
        evidence = strength / (cover * cover)
        out.append(Match(tid, score, evidence, alias, count[i], query.tokens & frozenset(toks)))
    return out


def match_intent(index: TopicIndex, query: Query, cutoff: float = 86.0) -> tuple[str, float] | None:
    """Small-talk and meta intents by their examples (whole-message similarity)."""
    if not index.intent_examples or not query.text:
        return None
    words = _small_talk(query.text)
    if not words:
        return None
    choices = [e for e, _ in index.intent_examples]
    hit = process.extractOne(words, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
    if hit is None:
        return _padded_chat(index, words.split())
    return index.intent_examples[hit[2]][1], hit[1]


PADDED = 90.0  # below the score at which small talk beats a confident topic


def _padded_chat(index: TopicIndex, words: list[str]) -> tuple[str, float] | None:
    """Small talk said at more length: it starts with a word of one conversational intent,
    and every word that is not padding belongs to that intent ("cheers for that", "what
    kind of things can i ask you"). Messages that name anything else are left alone."""
    if len(words) > 10:
        return None
    keys = [w for w in words if w not in _PADDING]
    have = set(words)
    for intent_id, vocab in index.chat_words.items():
        if not all(w in vocab for w in keys):
            continue
        # The message leads with the intent's own word ("cheers for that", "right, bye"), or
        # holds a whole example among padding ("what sort of stuff do you know about").
        if keys and keys[0] in vocab and (words[0] in vocab or words[0] in _LEAD):
            return intent_id, PADDED
        if any(len(ex) > 1 and ex <= have for ex in index.chat_examples.get(intent_id, ())):
            return intent_id, PADDED
    return None
