"""The literal index lets triage skip the patterns whose words are not in a message. It must
never skip one that would have matched: a skipped pattern is a red flag not raised."""

from __future__ import annotations

import dataclasses
import re

import pytest

import backtalk
from backtalk.literals import LiteralIndex, needs_of
from backtalk.triage import (
    Alternation,
    _decomma,
    _matches,
    _spans,
    _units,
    compile_pattern,
    find_hits,
    normalise,
    read_form,
)
from test_triage_table import ROWS

# every message of the triage table: red flags, traps and context
MESSAGES = [row.values[0] for row in ROWS]


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        # the words every match must have, not the words it may have
        (r"(cant|couldnt) (catch|get) my breath", {" my breath"}),
        (r"(?:very |really )?numb", {"numb"}),
        (r"(?<!not )numb(?! legs)", {"numb"}),
        (r"(bladder|waterworks) (is |are )?(weird|funny)", {"bladder", "waterworks"}),
        (r"(slap|drag)\w* (my|the) foot", {" foot"}),
        (r"legs? (\w+ ){0,5}jelly", {"jelly"}),
        # one branch with no usable word makes the whole unknown: always run
        (r"(sneez\w*|ow)", None),
        (r"[a-z]+ing", {"ing"}),
        (r"\w+", None),
        (r"(?:a|b)?c", None),
    ],
)
def test_what_a_pattern_needs(pattern: str, needed: set[str] | None) -> None:
    assert needs_of(pattern) == (frozenset(needed) if needed is not None else None)


def test_the_index_names_the_patterns_a_text_may_match() -> None:
    breath = re.compile(r"(cant|couldnt) (catch|get) my breath")
    bladder = re.compile(r"(bladder|waterworks) (is |are )?(weird|funny)")
    anything = re.compile(r"\w+ing")  # needs only "ing": filed, but under that
    unknown = re.compile(r"[a-z]+")
    index = LiteralIndex.build(
        (p, needs_of(p.pattern)) for p in (breath, bladder, anything, unknown)
    )
    assert index.maybe("i cant catch my breath") == {id(breath), id(unknown)}
    assert index.maybe("my waterworks are funny") == {id(bladder), id(unknown)}
    assert index.maybe("back aching") == {id(anything), id(unknown)}


def _flat(rules, message: str) -> str:
    units = _units(normalise(read_form(message), rules.spelling))
    return "\n".join(_decomma(u)[0] for u, _q in units)


def test_no_pattern_that_matches_a_table_message_is_ever_skipped(bot: backtalk.Bot) -> None:
    rules = bot.kb.triage
    patterns = {
        id(p): p
        for p in (
            *(p for s in rules.signals for p in s.phrases),
            *(p for ps in rules.lexicon.values() for p in ps),
            *(p for a in rules.context.values() for p in (a, *a.parts)),
        )
    }
    skipped_but_matched = []
    for message in MESSAGES:
        flat = _flat(rules, message)
        maybe = rules.literals.maybe(flat)
        skipped_but_matched += [
            (message, p.pattern[:60])
            for pid, p in patterns.items()
            if pid not in maybe and p.search(flat)
        ]
    assert not skipped_but_matched


def test_the_index_changes_no_finding(bot: backtalk.Bot) -> None:
    """Every table message read with the index and without it: the same hits, in order."""
    rules = bot.kb.triage
    plain = dataclasses.replace(rules, literals=None)
    differ = [
        message for message in MESSAGES if find_hits(rules, message) != find_hits(plain, message)
    ]
    assert not differ


def test_an_alternation_finds_what_one_regex_of_its_patterns_would(bot: backtalk.Bot) -> None:
    """Context kinds and lexicon lists are compiled a pattern at a time (faster); read
    together they must find the same places as one regex of them all: the first pattern
    listed wins at a place."""
    rules = bot.kb.triage
    alts = {
        **{f"context {name}": a for name, a in rules.context.items()},
        **{
            f"lexicon {name}": p
            for name, ps in rules.lexicon.items()
            for p in ps
            if isinstance(p, Alternation)
        },
    }
    assert any(k.startswith("lexicon") for k in alts)
    whole = {name: compile_pattern([p.pattern for p in a.parts]) for name, a in alts.items()}
    differ = []
    for message in MESSAGES[::3]:
        flat = _flat(rules, message)
        maybe = rules.literals.maybe(flat)
        for name, a in alts.items():
            one = _spans(whole[name], flat)
            if a.spans(flat, maybe) != one or a.spans(flat, None) != one:
                differ.append((name, message))
            m = a.search(flat)
            first = whole[name].search(flat)
            if (m and m.span()) != (first and first.span()):
                differ.append((name + " (search)", message))
            # only the parts worth running in this message: the same matches
            if [x.span() for x in _matches(a, flat, maybe=maybe)] != [
                x.span() for x in _matches(whole[name], flat)
            ]:
                differ.append((name + " (matches, gated)", message))
    assert not differ, differ[:5]
