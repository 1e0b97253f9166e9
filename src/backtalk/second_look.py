"""The rules' assessment, then a second look from the graded examples (backtalk.resemble).

The examples only ever add: a flag the rules did not raise, or a higher tier for one they did.
They defer to the rules where the rules found the flag's own words and read them as someone
else's, as supposed, as asked about (DESIGN rule 4) or as over: "my bestie's got shooting pains
down both legs" reads like many emergencies, and is not the speaker's. A message the rules read
as a question about the world throughout gets no second look at all. Words the rules set
aside for any other reason (denied, with an everyday cause) keep an urgent flag down too ("my
back isn't worse when I cough or sneeze"), but not an emergency one: a "no" misread there is
what the second look is for ("to answer you - no i haven't needed a wee all day").

Where a flag stands on a combination (osteoporosis with a sudden pain, a fever after spine
surgery), red_flags.yaml says what the rules must have found first (a flag's examples_need and
examples_emergency_needs): the examples may stand for words the rules do not know, not for a
risk nobody told.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backtalk.triage import (
    HYPOTHETICAL,
    OTHER,
    PAST,
    POSITIVE,
    QUESTION,
    RANK,
    Assessment,
    Hit,
    Raised,
    ranked,
)

LOOKALIKE = "examples"  # the signal id of a flag raised by the examples
FLOOR = 0.2  # the closest example carrying the flag must be at least this alike (cosine)
_DEFER = frozenset((OTHER, HYPOTHETICAL, QUESTION, PAST))


def second_look(kb: Any, a: Assessment, text: str, earlier: Mapping[str, Hit]) -> Assessment:
    """`a` with what the examples add (the same object when they add nothing). `earlier`: the
    positive signals of the chat's earlier turns."""
    bank = kb.examples
    if bank is None or a.level == "emergency":
        return a
    # A question about the world throughout (the rules read every word they know in it as
    # asked: "how do you do the step back with overhead reach") tells nothing of the speaker
    # for the examples to add to (DESIGN rule 4).
    if a.hits and all(h.status == QUESTION for h in a.hits):
        return a
    found = [f for f in bank.look(text) if f.likeness >= FLOOR]
    if not found:
        return a
    flags_of = kb.triage.flags_of
    deferred = {f for h in a.hits if h.status in _DEFER for f in flags_of.get(h.signal, ())}
    set_aside = {f for h in a.hits if h.status != POSITIVE for f in flags_of.get(h.signal, ())}
    found_by_rules = {*earlier, *(h.signal for h in a.hits if h.status == POSITIVE)}
    raised = {r.flag: r for r in a.raised}
    added: list[Hit] = []
    for f in found:
        info = kb.triage.flags[f.flag]
        if info.examples_need and found_by_rules.isdisjoint(info.examples_need):
            continue
        # (an example graded emergency for another of its flags: "on chemo, fever, back pain" is
        # an emergency for the infection; its cancer flag is urgent at most)
        tier = min(f.tier, kb.triage.top_tier.get(f.flag, f.tier), key=RANK.__getitem__)
        have = raised.get(f.flag)
        # (a flag the rules raised at a lower tier: they read how bad it is)
        needs = info.examples_emergency_needs
        if tier == "emergency" and have and needs and found_by_rules.isdisjoint(needs):
            tier = "urgent"
        if f.flag in deferred or (tier == "urgent" and f.flag in set_aside):
            continue
        if have is not None and RANK[have.tier] >= RANK[tier]:
            continue
        hit = Hit(LOOKALIKE, POSITIVE, ", ".join(f'"{w}"' for w in f.shared))
        raised[f.flag] = Raised(f.flag, tier, (*(have.because if have else ()), hit))
        added.append(hit)
    if not added:
        return a
    ordered = ranked(raised.values())
    level = max((r.tier for r in ordered), key=RANK.__getitem__)
    return Assessment(
        level, ordered, (*a.hits, *added), None if level == "emergency" else a.clarify
    )
