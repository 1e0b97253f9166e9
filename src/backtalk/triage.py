"""Red-flag triage: the safety core. Runs on every message before anything else.

Mechanism only; the medicine (phrases, rules, advice) lives in knowledge/red_flags.yaml and
knowledge/context.yaml. A message is normalised, split into sentences, and every signal
pattern is matched. Each hit is then read in its context, NegEx/ConText style: a denial,
a hypothetical, someone else, or a general question before it (up to a terminator such as
"but" or "and now") clears it; everything else counts. Rules over the positive signals of the
whole chat raise flags, and the highest tier wins.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from backtalk.forms import read_form
from backtalk.literals import LiteralIndex, Needs, needs_of
from backtalk.retold import read_retold
from backtalk.text import Builder, Spelling, normalise

TIERS = ("routine", "urgent", "emergency")
RANK = {tier: n for n, tier in enumerate(TIERS)}

POSITIVE = "positive"
PAST = "past"
NEGATED = "negated"
HYPOTHETICAL = "hypothetical"
OTHER = "other-person"
QUESTION = "question"
BENIGN = "benign-cause"

# "{name}" in a pattern: a lexicon list, expanded in place
LIST_REF = re.compile(r"\{([a-z_]+)\}")
# A point between digits ("38.5", "26.2 miles") is a decimal point, not a sentence end.
_SENTENCE = re.compile(r"(?:[^.!?;\n]|(?<=\d)\.(?=\d))+")
_WORD = re.compile(r"[a-z0-9]+")
_DENIED_HISTORY = re.compile(r"(never|not|no|nt)(\s+(ever|been|ever\s+been))?\s+$")
_INTERJECTION = re.compile(r"(?: (?:really|at all|way|thanks|wait))?")
# Denials of a thing, which run on through a list ("no numbness, tingling or weakness"), as
# against denials of a verb ("I can't sit down, both feet numb"), which a comma ends.
_NOUN_DENIAL = re.compile(
    r"(?:no|without|none|nor|neither|zero|free of|negative for|no signs? of|denies|deny|never)$"
)
_LIST_WORD = re.compile(r"(?<![a-z0-9])(?:or|nor)(?![a-z0-9])")
# "and"/"or" start a new clause only before a new subject ("my back hurts and my foot is
# numb"); between two words about one subject they do not ("both legs feel heavy and numb").
_SUBJECT = (
    r"(?:i|im|ive|id|ill|my|me|it|its|they|theyre|he|she|we|you|u|there|theres|this|that|these"
    r"|those|the|a|an|his|her|their|our|your|some|any|no|both|one|each|either|now|then|today"
    r"|yesterday|since|after|before|when|also|still|sometimes|every|all|last|nothings"
    r"|everything|everythings)(?![a-z0-9])"
)
_CLAUSE = re.compile(rf" (?:and|or) (?={_SUBJECT})| with my | plus ")
# A denial of a doing ("I haven't been on the bike for a fortnight") ends where "and" starts a
# clause with a subject of its own ("and the inside of my thighs feels numb"). (Not a list's
# article: "no numbness and no leaking", "haven't had a fever and a cough".)
_AND_SUBJECT = re.compile(
    r" and (?:i|im|ive|my|me|it|its|they|theyre|he|she|we|you|the|this|that|his|her|their|our"
    r"|your|there|theres|now|then|today|since|when|still)(?![a-z0-9])"
)
# "my bum feels like cardboard, cant feel it": "it" carries the place into the next clause
_NO_BRIDGE = re.compile(r"(?:but|however|although|though|yet|except|whereas|while|apart)\b")
# ... except a change told of the same thing: "my hip has been arthritic for years but today
# it's hot, red and swollen"
_BUT_NOW_IT = re.compile(
    r"but (?:today|now|this morning|tonight|this time|this week|suddenly|overnight)"
    r" (?:its|it is|it s|it has|it)(?![a-z0-9])"
    # ... or where it is, after a "but" that only makes light of it: "only a tiny bit of
    # numbness but it's right around my back passage"
    r"|but (?:its|it is|it s) (?:right |just |all |only )?(?:around|round|in|on|at|near|between)"
    r"(?![a-z0-9])"
)
# ... or "there" for the place just named: "my vagina and everything around there has felt numb"
_ANAPHOR = re.compile(
    r"(?<![a-z0-9])(?:it|its|them|they|theyre|mine|mines|(?<=round )there)(?![a-z0-9])"
)
# ... and one that may stand for a thing of the sentence before ("tuesday it was swollen"),
# not a cleft or a dummy "it" ("it's my knee that's swollen", "it's a hot day", "it's not")
_CARRY_IT = re.compile(
    r"(?<![a-z0-9])(?:it|its|they|theyre|them|mine|mines"
    # "right between your shoulder blades. been aching there"
    r"|(?<=[a-z] )there(?! (?:is|are|was|were|s|isnt|arent|wasnt)(?![a-z0-9])))(?![a-z0-9])"
    r"(?! (?:my|me|the|your|his|her|our|a|an|not|never|just|only|probably|because|cos|from"
    r"|hard|difficult|time|normal|ok|okay|fine|like|this|that|so)(?![a-z0-9]))"
    # the weather: "it is hot today"
    r"(?! (?:is |was |s )?(?:\w+ )?(?:hot|warm|boiling|roasting|sweltering|cold|sunny)"
    r" (?:today|outside|out|in here|here|again)(?![a-z0-9]))"
)
# ... and "it's" before a place after "now", "today", "this time", "this morning", for the thing of
# the sentence before, now there ("the tingling started in my heel. then my calf. now it's the
# inside of both thighs"); _CARRY_IT leaves "it's my" out as a cleft ("it's my knee that's
# swollen")
_ITS_PLACE = re.compile(
    r"(?:(?<=now )|(?<=today )|(?<=this time )|(?<=morning ))(?:its|it s|it is)"
    r"(?: also| spread to| spreading to| moved to| gone to)?"
    r"(?= (?:my|the) )"
)
# A sentence that opens with its verb has the subject of the one before: "top of my back,
# right between the shoulder blades. came on this morning, tonight a constant ache"
_OPENS_WITH_VERB = re.compile(
    r"(?:came on|come on|started|began|begun|kicked off|flared up|(?:been )?(?:aching|hurting"
    r"|throbbing)|been (?:sore|swollen|numb|red|hot)"
    # ... or with what it is now: "it's my right hip. Swollen, hot to touch"
    r"|(?:went|gone|going) (?:numb|dead|tingly)|swollen|puffy|inflamed|numb|tingling|tingly"
    r"|(?:hot|red|warm)(?= and| to (?:the )?touch| puffy| swollen)"
    # ... or with what the speaker could not feel: "I wiped. Couldn't feel the paper at all."
    r"|(?:cant|couldnt|could not) (?:really |properly |even )?feel)(?![a-z0-9])"
)


def _says_it(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """Where the clause text[lo:hi] says "it" (or opens with the verb) of a thing of the
    sentence before: what "it" may carry (near_carry) is found by this one reading."""
    return (
        _CARRY_IT.search(text, lo, hi)
        or _ITS_PLACE.search(text, lo, hi)
        or (_OPENS_WITH_VERB.match(text) if not lo else None)
    )


# "numbness, around the anus": a clause that starts with a place word says where the clause
# before it happens. So does a gloss of a word or two ("my private area is manhid, numb").
_PLACE_START = re.compile(
    r"(?:(?:right|just|mainly|mostly) )?"
    r"(?:in|on|around|round|at|between|near|under|across|inside|all over|down|up|both) (?!the end|then|now)"
    # ... or the whole of a place: "numb since yesterday, the whole area between my legs"
    r"|the whole (?:area|bit|region|lot|place|thing) (?:between|around|round|down|in|on)(?![a-z0-9])"
)
# Context kinds that a pseudo-trigger ("not sure", "no idea") does not hide.
_PSEUDO_BLIND = frozenset(
    (
        "terminators",
        "negation_post",  # "a fever - oh no wait, it's 36.9": the "no" is a denial after it
        "negation_list_post",
        "retraction",
        "retraction_void",
        "self",
        "history",
        "benign_cause",
        "benign_void",
        "past",
        "longstanding",
        "recurs",
        "resolved",
        "time_ago",
        # "My husband's, not mine": not the "not mine" of "feels like it's not mine"
        "other_person_after",
    )
)
# Context kinds whose phrases a comma cannot sit inside ("and nothing, since lunch")
# (nor "it came back" across one: "physio sorted that, back's just achy")
_NO_COMMA_INSIDE = frozenset(("past", "longstanding", "recurs"))
# Context kinds read over the whole message or the next sentence, not located per sentence.
_NOT_TRIGGERS = frozenset(
    (
        "pseudo",
        "open_question",
        "about_now",
        "affirm",
        "disown",
        "hearsay",
        "quote_source",
        "quote_listed",
        "disown_next",
        "proxy",
        "retold_ask",
        "retold_about",
        "retold_wh",
        "retold_yes",
        "retold_no",
    )
)
# A quoted phrase, straight or curly quotes: "I read 'changes in bladder habit'". An
# apostrophe inside a word ("it's") neither opens nor closes one.
_QUOTED = re.compile(
    r"(?<![\w'\"\u2018\u201c])['\"\u2018\u201c]([^\n\"\u201c\u201d]{2,80}?)['\"\u2019\u201d](?!\w)"
)
# ... one already told as asked: "the nurse asked 'any tingling down there?'"
_ASKED_BEFORE = re.compile(
    r"\b(?:asked|asks|asking|said|says|question)(?:\s+[A-Za-z]+){0,3}\W*\s*$", re.I
)
_WH_FIRST = re.compile(
    r"\s*(?:what|where|whereabouts|which|how|when|who|do|does|did|is|are|was|were|can|could"
    r"|have|has|had|will|would)\b",
    re.I,
)
QUOTE_MARK = "as quoted"  # what a quoted mention becomes: a question trigger in context.yaml
# A sentence saying the one before is how things have long been ("been like that for years")
_LIKE_THAT = re.compile(
    r"(?:(?:its|it has|thats|that has|ive|i have|has|it) )?(?:always )?been "
    # ... or "It's been exactly the same for years, no change at all."
    r"(?:like (?:that|this)|(?:exactly |just |pretty much )?the same)"
)
# A sentence about the one before: "It is gone now.", "That was treated and is long gone."
# ... or about all it told: "had a temperature and a sore back at christmas. Both fine now"
_ALL = r"both|all|everything|everythings"
_ALL_OF_IT = re.compile(rf"(?:{_ALL})(?![a-z0-9])")
_ALL_BEFORE = re.compile(rf"(?<![a-z0-9])(?:{_ALL}) $")
# (after a word that only leads in: "Well it's back.")
_THAT_ONE = re.compile(
    rf"(?:(?:well|and|but|so|now|oh|ugh|sadly|annoyingly) )?(?:it|its|that|thats|this|which|{_ALL})"
    r"(?![a-z0-9])"
)
_DONE_THAT = re.compile(
    r"(?:ive|i have|i ve|weve|we have) (?:done|had) (?:that|this|it)(?![a-z0-9])"
)
# A change told after a baseline: "sciatica for years but now it's in both legs"
_NOW_CHANGED = re.compile(r"(?<![a-z0-9])(?:but|and) now(?![a-z0-9])|but (?:today|since|this)")
# Between a finding and "long gone now", a new thing named: "the pain from last year"
_ANOTHER_THING = re.compile(
    r"(?<![a-z0-9])(?<!with )(?:the|my|his|her|your|their|our) (?:\w+ )?"
    r"(?:pain|back|legs?|hips?|bum|bottom|foot|feet|numbness|ache|sciatica|knee|neck)(?![a-z0-9])"
    r"(?! (?:replacement|surgery|op|operation|injection))"  # "after my hip replacement": when
)
# Said to be now, right after the finding ("a fever now, ...") or had now, right before it
# ("I have a fever and back pain, had a rash last month but it's gone now")
# (not "now finish", "now gone": over by now)
_NOW_AFTER = re.compile(
    r" (?:now|today|tonight|right now|at the moment|still)(?![a-z0-9])"
    # (not "high fever, now fever gone completely": whatever is named, it is over)
    r"(?! (?:(?:the |my )?[a-z]+ (?:is |s |has )?)?"
    r"(?:finish|finished|gone|over|better|fine|ok|okay|all gone|cleared)(?![a-z0-9]))"
)
_HAVE_BEFORE = re.compile(
    r"(?<![a-z0-9])(?:ive got|ive|have got|have|im running|running"
    # (not "about a week after I got a temperature": then, not now)
    r"|(?<!after i )(?<!when i )(?<!then i )(?<!later i )(?<!before i )"
    # (nor "last month got fever", "2 weeks ago got a temperature": then, in other words)
    r"(?<!month )(?<!week )(?<!year )(?<!ago )(?<!back )(?<!weekend )got)(?: an?)? $"
)
# Between a finding and a time back, what the time is about instead: "my hip is hot and
# swollen just like my knee was when it got infected a few years ago"
_COMPARED = re.compile(
    r"(?<![a-z0-9])(?:just |exactly )?(?:like|same as) (?:my|when|the time|it did|it was|the|those"
    r"|any)(?![a-z0-9])"
)
# Another thing had, named between a finding and a time back: "..., had a slipped disc yrs ago"
# (not "had a bit of that years ago", which is the finding again)
_HAD_ANOTHER = re.compile(
    r"(?<![a-z0-9])(?:had|have had|ive had) (?:a|an) "
    r"(?!(?:bit|touch|bout|spell|episode|few|couple|similar|lot|little|dose|flare)(?![a-z0-9]))"
)
# A recent time, which dates what follows it
_RECENT = re.compile(
    r"(?<![a-z0-9])(?:(?:for|over|in) the (?:past|last) (?:[a-z0-9]+ )?(?:days?|weeks?|fortnight|month)"
    r"|this (?:week|month)|recently|lately|these (?:last |past )?(?:days|weeks))(?![a-z0-9])"
)
# Said to be new, right before it: "I've got new back pain ... when I had cancer 5 years ago"
_NEW_BEFORE = re.compile(r"(?<![a-z0-9])(?:a )?(?:new|brand new|fresh)(?: [a-z]+)? $")
# The next sentence names it again ("temp of 39 ... Temp's been gone since Saturday"): a
# word of its first four that starts like a word of the finding
# Over, said right after the finding: "fever is gone", "temp has gone now"
_GONE_AFTER = re.compile(
    r" (?:(?:is |has |s |was |has now |is now )?(?:all |long |completely |totally )?(?:gone|cleared)"
    r"(?! (?:up|worse|back|numb|red|hot|higher|into|down|through|off|to))"
    # "took antibiotics and the fever went, just the ache left" (not "went up", "went to A&E")
    r"|went(?: away)?(?! (?:up|worse|back|numb|red|hot|higher|into|down|through|off|to|for|from|and"
    r"|over|in|on|out|dead|funny|weird|mad|crazy|really|very|so|all|with)(?![a-z0-9]))"
    # (not "swollen over two days")
    r"|(?:is |s |was )(?:all )?over(?! (?:\d|two|three|four|a|the|several|few|night|weekend|me|my)"
    r"(?![a-z0-9])))(?![a-z0-9])"
)
# ... and a next sentence that says so: "fine since", "recovered" (not "it's the one they
# replaced in 2009")
_OVER_WORD = re.compile(
    r"(?<![a-z0-9])(?:fine|ok|okay|normal|recovered|better|sorted|cleared|gone|healed|resolved)"
    r"(?![a-z0-9])"
)
# A sentence that opens by saying it was over: "fine after a sit down and a cuppa"
# A cause said not to be one: "NOT from leg day", "wasn't the gym"
_NOT_CAUSE = re.compile(r"(?:not|isnt|wasnt|no|never) (?:from |after |because of |cos of |the )?$")
_FINE_OPEN = re.compile(
    r"(?:(?:but|and) )?(?:(?:i was|i felt|they were|it was|was|were|all|felt) )?"
    r"(?:fine|ok|okay|alright|grand|right as rain|back to normal)(?![a-z0-9])"
)
# ... or that opens by telling the cause: "Bum went numb. It was on the long bike ride.", "Legs
# like jelly. Yesterday was leg day."
_CAUSE_OPEN = re.compile(
    r"(?:(?:it|that|this) was (?:on|during|after|from|just|only|all)|(?:it|that) s from|its from"
    r"|turn(?:s|ed) out|then i remembered|that explains"
    # "Bum's been numb all week. It's the saddle.", "That was the day after leg day."
    r"|(?:its|thats|it is|that is) (?:the|because|down to|cos)|that was the (?:day|morning|night) after"
    r"|(?:yesterday|last night|this morning) (?:was|i did|i had|i went)"
    # a list's next line: "numb bum / - after 6hr drive to scotland"
    r"|after (?:a|an|my|the|our|\d+[a-z]*|legs? day)"
    # an answer that gives the cause: "Q: Numb bum? A: only after sitting on the bleachers"
    r"|(?:only|just) (?:after|when|while|from))(?![a-z0-9])"
)
# a finding told as lasting, new or unlike the cause the sentence before gave (benign_before)
_LASTS = re.compile(
    # (not "gone now", "fine now": over, the other way round)
    r"(?<![a-z0-9])(?:(?<!gone )(?<!fine )(?<!ok )(?<!okay )(?<!normal )(?<!better )now|still|since|today|tonight|this (?:morning|evening)|hasnt|has not|havent"
    r"|isnt that|not that|different|worse|spread\w*|keeps?|wont|but)(?![a-z0-9])"
)
# a sentence that opens about the one before: "It's still there today."
_IT_OPENS = re.compile(r"(?:its|it is|it s|it has|it|theyre|they are|they re|they)(?![a-z0-9])")
# a clause that goes on about the same thing: "... and it's been numb for two days"
_SAME_SUBJECT = re.compile(r"and (?:it|its|it s|they|theyre|they re|theyve)(?![a-z0-9])")
# ... unless it goes on: "fine after a sit down but it keeps happening"
_FINE_BUT = re.compile(
    r"(?<![a-z0-9])(?:but|except|keeps?|kept|again|still|worse|every time|each time|now)(?![a-z0-9])"
)
_STEM = 4
_SHORT_SAY = 3  # words: a sentence this short after a finding can only be about it
# ... not a word that names the back or pain, which the next sentence may be about anew
_NOT_NAMES = frozenset(
    (
        *("back", "pain", "hurt", "ache", "achy", "legs", "hips", "feel", "felt", "real"),
        *("very", "this", "that", "with", "have", "from", "when", "afte", "like", "been", "just"),
    )
)
# a risk factor presupposed inside a warning ("...after the discectomy"), not one still to come
_AFTER_THE = re.compile(r"(?<![a-z])(?:after|since) (?:the|my|her|his|your) $")
_TO_COME = re.compile(
    r"(?<![a-z])(?:next|tomorrow|upcoming|planned|booked|due to have|going to have|gonna have"
    r"|getting|will have|ill have|before)(?![a-z])"
)
# the last item of a list after a denial: "no numbness or | trouble weeing"
_OR_LAST = re.compile(r"(?<![a-z])(?:or|nor)(?: any)? $")
# What may stand between a finding and a denial after it: "bladder is fine", "legs all fine"
_COPULA = re.compile(
    r"(?: (?:is|are|was|were|s|feels?|felt|seems?|all|totally|completely|now|both|still|pretty"
    r"|absolutely|perfectly|been|has been|have been|ok|okay|but|and|so|though|ever))*( |$)?"
)
# Terminators that are adverbs inside a clause, not the start of a new one.
_IN_CLAUSE = re.compile(
    r"now|still|today|tonight|this morning|anymore|suddenly|actually|rather|instead"
)
# A question with no question mark, typed fast: "does foot drop get better".
_ASKS = re.compile(r"(?:does|do|is|are|can|could|will|would|should|how|why) ")
# A clause that opens with a verb has the subject of the clause before ("my hip started
# aching, went red and hot yesterday").
_VERB_WORDS = (
    r"(?:went|gone|goes|got|gets|getting|turned|turning|became|becoming|feels|felt|looks|looked"
    r"|started|starting|keeps|kept|swelled|swelling|swollen"
    # "my legs keep just... giving out"
    r"|giving|gave|gives|buckling|buckled|collapsing|collapsed"
    # "the saddle bit, round my back passage, has gone numb"
    r"|(?:has|have|had)(?: now| also| just| all)? (?:gone|become|turned|started|got)"
    # ... or with what it is like: "left hip looks like a ripe tomato, red and puffed up"
    # ... "my bum, between my legs, tops of my inner thighs, all tingly and numb"
    r"|(?:all )?(?:red|hot|puffy|puffed|numb|tingly|tingling|weak|dead))"
)
_VERB_START = re.compile(rf"{_VERB_WORDS}(?![a-z0-9])")
# ... unless it names a place of its own: "tingling in my left foot"
_OWN_PLACE = re.compile(
    r"(?:all )?(?:red|hot|puffy|puffed|numb|tingly|tingling|weak|dead) (?:in|on|down|around|up)"
    r" (?:my|the|both|his|her|me) "
)
# ... or with "is", "has": a predicate whose subject came before an aside
_PREDICATE_START = re.compile(rf"(?:{_VERB_WORDS}|is|are|was|were|has|have|had)(?![a-z0-9])")
_SINCE_VERB = re.compile(
    rf"(?:since|for|from) (?:[a-z0-9]+ ){{1,3}}(?:{_VERB_WORDS}|is|are|was|were|has|have)(?![a-z0-9])"
)
_ASKED_BACK = re.compile(rf"(?:is|are|was|were|has|have|had) {_SUBJECT}")
# An aside between a subject and its verb: "my hip, right up in the crease by my groin, is..."
_ASIDE = re.compile(
    r"(?:(?:right|just|mainly|mostly) )?(?:in|on|around|round|at|near|under|up|down|by|over)"
    r"(?: [a-z0-9]+){1,10}"
    # ... or a second name for it: "the bit between my legs, the part you sit on, is..."
    r"|(?:the|my) (?:part|bit|area|place|side|bits)(?: [a-z0-9]+){0,8}"
    # ... or which of two: "my left hip, the replaced one (done 2019), has gone red"
    r"|the (?:[a-z]+ )?one(?: [a-z0-9]+){0,4}"
    # ... or where on it: "hip bone on the side, where a belt would dig in, is swollen"
    r"|where(?: [a-z0-9]+){1,8}"
)
# A short clause that names only a thing ("my bum cheeks"), the first part of one subject.
_NOUN_PHRASE = re.compile(
    r"(?:(?:but|and|so|now|though|then) )?(?:my|me|the|both|his|her|your)"
    r"(?: (?!(?:is|are|was|were|am|feel|feels|felt|ache|aches|hurt|hurts|went|gone|go|goes"
    r"|has|have|had|got|gets|keep|keeps|kept|started|and|but)\b)[a-z]+){1,2}"
)
# ... or one that says it is about the thing before
_WHICH = re.compile(r"which(?![a-z0-9])")
# ... or one a speaker says they mean
_I_MEAN = re.compile(r"(?:[a-z0-9]+ ){1,3}i mean")
_HEDGED = re.compile(r"(?:sort of|kind of|kinda|sorta|a bit like|more like) ")
# ... but a short clause with its own subject or denial is not a gloss ("nothing's numb").
_GLOSS_NOT = re.compile(rf"{_SUBJECT}|(?:not|never|none|nothing|nowt)(?![a-z0-9])")


# ---------------------------------------------------------------------------------- compiled


@dataclass(frozen=True, slots=True)
class Signal:
    id: str
    why: str
    phrases: tuple[re.Pattern[str] | Alternation, ...]
    near: tuple[str, ...]
    unless_near: tuple[str, ...]
    shielded: bool
    negatable: bool
    history_confirms: bool
    risk_factor: bool
    clarify: bool
    benign_cause_clears: bool
    checklist: str = ""
    sentence_wide: bool = False  # near lists may sit in different clauses of one sentence
    benign_near: tuple[str, ...] = ()  # lexicon lists that, anywhere in the sentence, explain it
    near_order: tuple[str, ...] = ()  # the near lists, shortest pattern first: searched in order
    gone_is_over: bool = False  # "had a fever last month, long gone now" is over (not CES signs)
    other_side: bool = False  # "the left one too" is the other leg only if the right was named
    near_carry: tuple[str, ...] = ()  # near lists that "it" may bring from a sentence before
    benign_before: tuple[str, ...] = ()  # lists that explain it from the sentence before too


@dataclass(frozen=True, slots=True)
class Rule:
    flag: str
    tier: str
    any: tuple[str, ...]
    all: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlagInfo:
    id: str
    name: str
    advice: str
    tell: str
    citations: tuple[Any, ...]  # backtalk.knowledge.model.Citation
    # what the examples (backtalk.second_look) need the rules to have found first: to raise the
    # flag at all, and to raise it as an emergency (one of each list)
    examples_need: tuple[str, ...] = ()
    examples_emergency_needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alternation:
    """A context kind, or a lexicon list searched on its own: its patterns, each compiled on
    its own, read as one alternation (where several match, the leftmost; at one place, the
    first listed). One big alternation of forty patterns has no literal to skip ahead by and
    tries every branch at every place; apart, most patterns start with a word the regex
    engine finds fast, and the literal index skips those whose words are not in the message
    (`spans`). `search` and `match` run every part: they answer as one regex would, for the
    few places that ask whether a kind matches at all."""

    parts: tuple[re.Pattern[str], ...]

    @property
    def pattern(self) -> str:
        """The alternation as one regex's text (for messages and tools)."""
        return "|".join(p.pattern for p in self.parts)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        best = None
        for p in self.parts:
            m = p.search(text, pos, end)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        for p in self.parts:
            m = p.match(text, pos, end)
            if m is not None:
                return m
        return None

    def only(self, maybe: set[int] | None) -> Alternation:
        """The parts worth running in a message (`maybe`, from LiteralIndex): those left out
        cannot match anywhere in it, so the alternation answers as before."""
        if maybe is None:
            return self
        return Alternation(tuple(p for p in self.parts if id(p) in maybe))

    def spans(self, text: str, maybe: set[int] | None) -> list[tuple[int, int]]:
        """What _spans gives for the alternation: at each place, the first pattern listed
        that matches there. `maybe`: the ids of the patterns worth running (LiteralIndex)."""
        found: dict[int, int] = {}
        for p in self.parts:
            if _may(maybe, p):
                for s, e in _spans(p, text):
                    found.setdefault(s, e)
        return sorted(found.items())

    @staticmethod
    def needs(parts: list[Needs]) -> Needs:
        """One of these strings is in every match: one of any part's (unknown if a part's is)."""
        if any(not n for n in parts):
            return None
        return frozenset().union(*parts)


@dataclass(frozen=True, slots=True)
class TriageRules:
    """Compiled, immutable triage knowledge."""

    # Each list as its own patterns plus those of the lists it names whole ("{numb}" in
    # "nerve"): a named list is compiled once, not again inside every list that names it.
    lexicon: dict[str, tuple[re.Pattern[str] | Alternation, ...]]
    signals: tuple[Signal, ...]
    rules: tuple[Rule, ...]
    flags: dict[str, FlagInfo]
    messages: dict[str, Any]
    context: dict[str, Alternation]
    spelling: Mapping[str, str] = field(default_factory=dict)
    joined: re.Pattern[str] | None = None  # lexicon phrases with "and"/"or" inside: never cut
    # the signal and lexicon patterns by the words they need: which may match a message
    literals: LiteralIndex | None = None
    # the flags each signal's rules raise (for backtalk.second_look, on every reply)
    flags_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # the highest tier any rule gives each flag (an example never raises a flag above it)
    top_tier: Mapping[str, str] = field(default_factory=dict)

    def signal(self, signal_id: str) -> Signal:
        for s in self.signals:
            if s.id == signal_id:
                return s
        raise KeyError(signal_id)


def expand(pattern: str, lexicon_src: Mapping[str, list[str]], seen: tuple[str, ...] = ()) -> str:
    """Replace {name} by the lexicon list as an alternation; spaces match any run of spaces."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in seen:
            raise ValueError(f"lexicon '{name}' refers to itself")
        if name not in lexicon_src:
            raise KeyError(name)
        return (
            "(?:" + "|".join(expand(p, lexicon_src, (*seen, name)) for p in lexicon_src[name]) + ")"
        )

    return LIST_REF.sub(sub, pattern)


def compile_pattern(
    alternatives: Iterable[str], compiler: Callable[[str, int], re.Pattern[str]] = re.compile
) -> re.Pattern[str]:
    # Text is matched with commas taken out and every gap one space (see _decomma), so a
    # space in a pattern is a literal space: cheaper to compile and to run than "\s+".
    body = "|".join(f"(?:{a})" for a in alternatives)
    # No leading look-behind: it stops the regex engine from skipping ahead on the first
    # character (4x slower on a long message). _spans checks the word start instead.
    # MULTILINE: a message's sentences are searched together, one per line, and "^"/"$" in a
    # pattern mean a sentence's start and end ("^falls? (at|in|...)", a diary line).
    return compiler(r"(?:" + body + r")(?![a-z0-9])", re.MULTILINE)


# the signal keys that name lexicon lists (each list is searched on its own: see compile_rules)
LIST_KEYS = ("near", "unless_near", "benign_near", "benign_before")


def _names(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """One list name or several, as a tuple ("near_carry: saddle", "near_carry: [saddle, numb]")."""
    return (value,) if isinstance(value, str) else tuple(value)


def compile_rules(
    red_flags: Mapping[str, Any],
    context: Mapping[str, Any],
    flag_citations: Mapping[str, tuple[Any, ...]],
    spelling: Mapping[str, str] | None = None,
    compiler: Callable[[str, int], re.Pattern[str]] = re.compile,
    needs: Callable[[str, int], Needs] = needs_of,
    build: Builder | None = None,
) -> TriageRules:
    """Build the matcher from validated YAML data. Raises re.error/KeyError on a bad pattern.
    `compiler` is re.compile, or one that reuses code kept from an earlier run (rxcache);
    `needs` says which literal strings a pattern needs (rxcache knows it from the same parse)."""
    lex_src: dict[str, list[str]] = dict(red_flags.get("lexicon", {}))
    # A list is compiled on its own only where it is searched on its own (near lists, a phrase
    # that is just "{list}"); one that only sits inside other patterns ("{strain}") is not:
    # compiling is most of the load time.
    whole: set[str] = set()
    for s in red_flags["signals"]:
        whole.update(*(s.get(key, ()) for key in LIST_KEYS))
        whole.update(m.group(1) for p in s.get("phrases", ()) if (m := LIST_REF.fullmatch(p)))
    own: dict[str, re.Pattern[str] | Alternation] = {}

    def own_pattern(name: str) -> re.Pattern[str] | Alternation:
        if name not in own:
            # each pattern apart, read as one alternation (see Alternation)
            items = tuple(
                compile_pattern([expand(p, lex_src)], compiler)
                for p in lex_src[name]
                if not LIST_REF.fullmatch(p)
            )
            own[name] = items[0] if len(items) == 1 else Alternation(items)
        return own[name]

    def parts(name: str, seen: tuple[str, ...] = ()) -> tuple[re.Pattern[str] | Alternation, ...]:
        if name in seen:
            raise ValueError(f"lexicon '{name}' refers to itself")
        got = [own_pattern(name)] if any(not LIST_REF.fullmatch(p) for p in lex_src[name]) else []
        for p in lex_src[name]:
            if ref := LIST_REF.fullmatch(p):
                if ref.group(1) not in lex_src:
                    raise KeyError(ref.group(1))
                got.extend(parts(ref.group(1), (*seen, name)))
        return tuple({id(p): p for p in got}.values())  # by id: hashing one hashes its program

    lexicon = {name: parts(name) for name in lex_src if name in whole}
    compiled: dict[str, re.Pattern[str]] = {}

    def phrase(p: str) -> tuple[re.Pattern[str] | Alternation, ...]:
        # A phrase that is just "{list}" is that list's patterns; the same expansion is
        # compiled once (compiling is most of the load time).
        ref = LIST_REF.fullmatch(p)
        if ref and ref.group(1) in lexicon:
            return lexicon[ref.group(1)]
        body = expand(p, lex_src)
        if body not in compiled:
            compiled[body] = compile_pattern([body], compiler)
        return (compiled[body],)

    signals = []
    for s in red_flags["signals"]:
        signals.append(
            Signal(
                id=s["id"],
                why=s["why"],
                phrases=tuple(
                    {id(pat): pat for p in s.get("phrases", []) for pat in phrase(p)}.values()
                ),
                near=tuple(s.get("near", [])),
                unless_near=tuple(s.get("unless_near", [])),
                shielded=s.get("shielded", False),
                negatable=s.get("negatable", True),
                history_confirms=s.get("history_confirms", False),
                risk_factor=s.get("risk_factor", False),
                clarify=s.get("clarify", False),
                benign_cause_clears=s.get("benign_cause_clears", False),
                checklist=s.get("checklist", ""),
                sentence_wide=s.get("near_scope", "clause") == "sentence",
                benign_near=tuple(s.get("benign_near", [])),
                gone_is_over=s.get("gone_is_over", False),
                other_side=s.get("other_side", False),
                near_carry=_names(s.get("near_carry", ())),
                benign_before=tuple(s.get("benign_before", [])),
                near_order=tuple(
                    sorted(s.get("near", []), key=lambda n: sum(len(p.pattern) for p in lexicon[n]))
                ),
            )
        )
    rules = tuple(
        Rule(r["flag"], r["tier"], tuple(r.get("any", [])), tuple(r.get("all", [])))
        for r in red_flags["rules"]
    )
    flags = {
        f["id"]: FlagInfo(
            f["id"],
            f["name"],
            f["advice"].strip(),
            f["tell"],
            tuple(flag_citations.get(f["id"], ())),
            tuple(f.get("examples_need", ())),
            tuple(f.get("examples_emergency_needs", ())),
        )
        for f in red_flags["flags"]
    }
    # Context patterns may name lexicon lists too ("my (\w+ )?{relative}s?"). Each is compiled
    # on its own: see Alternation.
    ctx = {
        name: Alternation(tuple(compile_pattern([expand(p, lex_src)], compiler) for p in pats))
        for name, pats in context.items()
    }
    joined_src = [
        expand(p, lex_src) for pats in lex_src.values() for p in pats if re.search(r" (and|or) ", p)
    ]
    searched = [
        *(p for s in signals for p in s.phrases),
        *(p for ps in lexicon.values() for p in ps),
        *ctx.values(),
    ]
    # every compiled pattern, an alternation's parts too; then each alternation, by its parts
    alts = {id(a): a for a in searched if isinstance(a, Alternation)}
    plain = {id(p): p for p in searched if not isinstance(p, Alternation)}
    plain.update((id(p), p) for a in alts.values() for p in a.parts)
    needed: list[tuple[Any, Needs]] = [(p, needs(p.pattern, p.flags)) for p in plain.values()]
    of = {id(p): need for p, need in needed}
    needed += [(a, Alternation.needs([of[id(p)] for p in a.parts])) for a in alts.values()]
    return TriageRules(
        lexicon,
        tuple(signals),
        rules,
        flags,
        dict(red_flags["messages"]),
        ctx,
        Spelling(
            {**dropped_g(red_flags, context), **(spelling or {})},
            build or (lambda made_from, write: compiler(write(), 0)),
        ),
        compile_pattern(joined_src, compiler) if joined_src else None,
        LiteralIndex.build(needed),
        _flags_of(rules),
        _top_tier(rules),
    )


def _top_tier(rules: Iterable[Rule]) -> dict[str, str]:
    out: dict[str, str] = {}
    for rule in rules:
        if RANK[rule.tier] > RANK[out.get(rule.flag, "routine")]:
            out[rule.flag] = rule.tier
    return out


def _flags_of(rules: Iterable[Rule]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for rule in rules:
        for signal in (*rule.all, *rule.any):
            out.setdefault(signal, set()).add(rule.flag)
    return {signal: frozenset(flags) for signal, flags in out.items()}


# real words an -ing word becomes without its g ("thing" -> "thin")
_REAL_IN = frozenset(("thin", "chin", "shin", "skin", "spin", "twin", "grin", "akin", "ruin"))
# the words the patterns spell out; a run after a backslash is an escape ("\\w", "\\bsat"), dropped
_WORDS = re.compile(r"\\?[a-z]+")


def dropped_g(red_flags: Mapping[str, Any], context: Mapping[str, Any]) -> dict[str, str]:
    """Spellings with the g dropped, for every -ing word the patterns spell out: "tryin" ->
    "trying", "goin" -> "going", "nothin" -> "nothing" (Yorkshire, Scouse, Caribbean,
    texting). Not where the short form is a real word or one the patterns use."""
    texts = [p for pats in red_flags.get("lexicon", {}).values() for p in pats]
    texts += [p for s in red_flags["signals"] for p in s.get("phrases", ())]
    texts += [p for pats in context.values() for p in pats]
    # one text, one line a pattern: one regex run instead of one per pattern (no word
    # crosses a line)
    words = {w for w in _WORDS.findall("\n".join(texts)) if w[0] != "\\"}
    keep = words | _REAL_IN
    # two letters at least before "in": not "king" -> "kin"
    return {w[:-1]: w for w in words if len(w) >= 5 and w.endswith("ing") and w[:-1] not in keep}


# ---------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Hit:
    """One signal found in the text, with what its context made of it."""

    signal: str
    status: str
    quote: str  # the words that matched, as normalised


@dataclass(frozen=True, slots=True)
class Raised:
    flag: str
    tier: str
    because: tuple[Hit, ...]  # the positive hits that fired the rule


@dataclass(frozen=True, slots=True)
class Assessment:
    level: str
    raised: tuple[Raised, ...]
    hits: tuple[Hit, ...]  # every hit in this message, positive or not
    clarify: str | None  # id of the clarifying question to ask, if any

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(r.flag for r in self.raised)

    @property
    def cleared(self) -> tuple[Hit, ...]:
        """Red-flag words that context cleared: these earn a safety-net line."""
        return tuple(h for h in self.hits if h.status != POSITIVE)


# ---------------------------------------------------------------------------------- matching


def _at_word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


def _matches(
    pattern: re.Pattern[str] | Alternation,
    text: str,
    lo: int = 0,
    hi: int | None = None,
    maybe: set[int] | None = None,
):
    """Matches that start at a word start. The search resumes one character after each match's
    start, so one match cannot hide another that overlaps it: in "cant sit down both feet
    numb", the list's "down both" must not hide its "both feet". An alternation runs only the
    parts that may match (`maybe`, from LiteralIndex)."""
    if isinstance(pattern, Alternation):
        pattern = pattern.only(maybe)
    end = len(text) if hi is None else hi
    pos = lo
    while pos <= end:
        m = pattern.search(text, pos, end)
        if m is None:
            return
        if _at_word_start(text, m.start()):
            yield m
        pos = m.start() + 1


def _spans(
    pattern: re.Pattern[str] | Alternation, text: str, maybe: set[int] | None = None
) -> list[tuple[int, int]]:
    """Where a pattern matches, at word starts. An alternation runs only the parts that may
    match (`maybe`, from LiteralIndex)."""
    if isinstance(pattern, Alternation):
        return pattern.spans(text, maybe)
    return [m.span() for m in _matches(pattern, text)]


def _may(maybe: set[int] | None, pat: re.Pattern[str] | Alternation) -> bool:
    """Can `pat` match in the message? `maybe`: the ids LiteralIndex.maybe gave (None: all)."""
    return maybe is None or id(pat) in maybe


def _list_spans(
    rules: TriageRules, name: str, text: str, maybe: set[int] | None = None
) -> list[tuple[int, int]]:
    """Where a lexicon list matches, all its parts together, in order. `maybe`: the ids of the
    patterns that may match anywhere in the message (LiteralIndex); the rest are not run."""
    pats = [p for p in rules.lexicon[name] if _may(maybe, p)]
    if len(pats) == 1:
        return _spans(pats[0], text, maybe)
    return sorted({span for pat in pats for span in _spans(pat, text, maybe)})


def _list_in(
    rules: TriageRules,
    name: str,
    text: str,
    lo: int = 0,
    hi: int | None = None,
    maybe: set[int] | None = None,
) -> bool:
    return any(
        next(_matches(pat, text, lo, hi, maybe), None)
        for pat in rules.lexicon[name]
        if _may(maybe, pat)
    )


# A cause told as a likeness is no cause: "my bum feels numb like I been sitting on a pew for
# hours but I haven't", "my hip has gone red like a sunburn"
_AS_IF = re.compile(
    r"(?:like|as if|as though) (?:i |ive |id |im |you |youve |youd |a |an )?"
    r"(?:been |had been |have been |was |were |had |have )?$"
)


def _cause_in(rules: TriageRules, name: str, text: str, maybe: set[int] | None) -> bool:
    """Does a benign_near list match the sentence, other than inside a likeness?"""
    return any(
        not _AS_IF.search(text, max(0, m.start() - 24), m.start())
        for pat in rules.lexicon[name]
        if _may(maybe, pat)
        for m in _matches(pat, text, maybe=maybe)
    )


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


# a phrase that carries its own "not", and the bare answers a "no" before it may be
_OWN_NOT = re.compile(
    r"(?:didnt|did not|dont|do not|never|cant|cannot|couldnt|havent|have not|hasnt|wont|not)"
    r"(?![a-z0-9])"
)
_NOR = re.compile(r"(?<![a-z0-9])(?:nor|neither)(?![a-z0-9])")
_ANSWER_NO = frozenset({"no", "nope", "nah", "naw", "na"})


def _words_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end]))


def _denied_at(sent: _Sentence, pos: int) -> bool:
    """Is the word at `pos` denied by a denial at most three words before it ("no numbness",
    "not any numbness or anything")?"""
    return any(
        t[1] <= pos and _words_between(sent.flat, t[1], pos) <= 3 and sent.denial_reaches(t, pos)
        for t in sent.trig.get("negation", [])
    )


def _decomma(unit: str) -> tuple[str, tuple[int, ...]]:
    """A normalised sentence without its commas, one space between words, and where each comma
    was: the position of the space it stood in ("no , i cant" -> "no i cant", (2,))."""
    words: list[str] = []
    commas: list[int] = []
    size = -1
    for w in unit.split(" "):
        if w == ",":
            if words:
                commas.append(size)
        elif w:
            words.append(w)
            size += len(w) + 1
    return " ".join(words), tuple(dict.fromkeys(commas))


class _Triggers:
    """Where each context kind matches in a sentence, found when first asked for: a sentence
    with a finding in it is read for a few kinds, seldom all forty."""

    __slots__ = ("_got", "_sent")

    def __init__(self, sent: _Sentence) -> None:
        self._sent = sent
        self._got: dict[str, list[tuple[int, int]]] = {}

    def get(self, name: str, default: Any = None) -> Any:
        got = self._got.get(name)
        if got is None:
            if name in _NOT_TRIGGERS or (
                name not in self._sent.rules.context and name != "terminators"
            ):
                return default
            got = self._got[name] = self._find(name)
        return got

    def _find(self, name: str) -> list[tuple[int, int]]:
        sent = self._sent
        flat, commas = sent.flat, sent.commas
        pat = sent.rules.context.get(name)
        found = [
            t
            for t in (_spans(pat, flat, sent.maybe) if sent.may(pat) else [])
            if name in _PSEUDO_BLIND or not _overlaps(t, sent.pseudo)
        ]
        late = sent.rules.context.get("past_at_comma") if name == "past" and found else None
        if late is not None and sent.may(late):
            # "in 2019, wet myself then, had surgery": a word that says "at that time" when a
            # time long back came before it, and only where its clause ends (not "then I
            # couldn't pee", nor "sneezed and wet myself then", which is now); matched text
            # has no commas, so the comma is checked here
            ends = {*commas, len(flat)}
            found.extend(
                t for t in _spans(late, flat, sent.maybe) if t[1] in ends and found[0][1] <= t[0]
            )
        if name in _NO_COMMA_INSIDE:
            # "tried to go toilet and nothing, since lunch" is not "nothing since": a marker
            # of time read across a comma is two things
            found = [t for t in found if not any(t[0] < c < t[1] for c in commas)]
        if name == "terminators":
            # ", and ..." starts a new clause: "no injury that I know of, and the last two
            # nights I've had a temperature" denies only the injury. (A list of denials goes
            # on with commas and "or": "no numbness, tingling or weakness".)
            found.extend((c + 1, c + 4) for c in commas if flat.startswith("and ", c + 1))
        elif name == "other_person" and found:
            # "lifting my dad into bed": someone the speaker handles is not whose it is (but
            # "in A&E all night with my dad, he fell off a ladder": past a comma, he is)
            handles = self.get("handles", [])
            found = [
                t
                for t in found
                if not any(
                    h[1] <= t[0]
                    and _words_between(flat, h[1], t[0]) <= 3
                    and not any(h[1] <= c < t[0] for c in commas)
                    for h in handles
                )
            ]
        elif name == "negation":
            # "No, I can't pee" / "not really, my bum is numb": a denial with a comma right
            # after it answers something else; it denies nothing that follows.
            found = [t for t in found if not sent._comma_after(t[1])]
        return found


class _Sentence:
    """One sentence with its context triggers located once."""

    def __init__(
        self,
        flat: str,
        commas: tuple[int, ...],
        asked: bool,
        rules: TriageRules,
        prev: str = "",
        nxt: str = "",
        ends_q: bool = False,
        maybe: set[int] | None = None,
        then: str = "",
        earlier: str = "",
        proxy: bool = False,
    ):
        self.flat = flat  # no commas, one space between words
        self.earlier = earlier  # every sentence before this one
        # the message is typed for someone who is there: what is said of them is told
        self.proxy = proxy
        self.maybe = maybe  # the patterns that may match in the message (LiteralIndex.maybe)
        self.commas = commas  # where the commas were (positions of spaces in flat)
        self.asked = asked  # it ended in a question mark, in a message silent about the speaker
        self.prev = prev  # the sentence before, for an everyday cause it gave ("Ran a marathon.")
        self.nxt = nxt  # the sentence after, which may say whose the question is ("I've got it")
        # ... and the one after that, which may say so after a word on what was read ("...?
        # keep reading it can be. mines been there a week")
        self.then = then
        self.ends_q = ends_q  # it ended in a question mark, whatever the rest of the message says
        self.rules = rules
        self._owners: dict[str, bool] = {}  # owner(kind), read once per sentence
        self._cuts: list[int] | None = None
        self._open: int | None = None
        ctx = rules.context
        self.pseudo = _spans(ctx["pseudo"], self.flat, maybe) if "pseudo" in ctx else []
        self.trig = _Triggers(self)

    def may(self, pat: re.Pattern[str] | Alternation | None) -> bool:
        """Can this pattern match anywhere in the message (its words are there)?"""
        return pat is not None and _may(self.maybe, pat)

    def after_benign(self) -> bool:
        """Did the sentence before give an everyday cause ("Ran my first marathon yesterday.")?
        (Not the sentence after: "My legs keep giving way. With my MS I'm usually steady -
        this is different" names a cause only to set it aside; but one that opens by saying
        it was over soon, or by telling the cause, does tell of it: "Legs went to jelly on the
        stairs. Fine after a sit down.", "Bum went numb. It was on the long bike ride.") A cause
        denied ("jelly legs but NOT from leg day") explains nothing."""
        cause = self.rules.context.get("benign_cause")
        if not self.may(cause):
            return False
        return bool(
            # (not someone else's cause: "my cousin had tingly legs from low B12. I've had pins
            # and needles in both legs since sunday")
            (
                self.prev
                and any(
                    not _NOT_CAUSE.search(self.prev, 0, m.start())
                    for m in _matches(cause, self.prev, maybe=self.maybe)
                )
                and not _someone_elses(self.rules, self.prev, self.maybe)
            )
            or (
                (_FINE_OPEN.match(self.nxt) or _CAUSE_OPEN.match(self.nxt))
                and not _FINE_BUT.search(self.nxt)
                and next(_matches(cause, self.nxt, maybe=self.maybe), None)
            )
        )

    def _next_has(self, kind: str) -> bool:
        """Does the next sentence say `kind` anywhere in it?"""
        pat = self.rules.context.get(kind)
        return pat is not None and self.may(pat) and next(_matches(pat, self.nxt), None) is not None

    def _next_says(self, opener: re.Pattern[str], kind: str) -> bool:
        """Does the next sentence open about this one and say `kind` of it?"""
        return bool(opener.match(self.nxt)) and self._next_has(kind)

    def over_next(self, named: bool = False) -> bool:
        """The next sentence says it is over: "I had a fever last month. It is gone now.", "Had a
        temperature a month ago. Flu probably, that's long gone." """
        pat = self.rules.context.get("resolved")
        if named or self.nxt.count(" ") < _SHORT_SAY:
            # named again, or said in a word or two: "Gone now.", "All fine since."
            if self._next_has("resolved"):
                return True
        elif self._next_says(_THAT_ONE, "resolved"):
            return True
        # ... said of "that" after a word or two: "Flu probably, that's long gone"
        return self.may(pat) and any(
            _THAT_ONE.fullmatch(before[-1]) and len(before) <= _SHORT_SAY
            for m in _matches(pat, self.nxt)
            if (before := self.nxt[: m.start()].split())
        )

    def past_next(self) -> bool:
        """The next sentence says this one is over: "Before my op I had numbness in both legs.
        That was 5 years ago and I've been fine since." (not "...and now it's back")."""
        return (
            self._next_says(_THAT_ONE, "past")
            and bool(_OVER_WORD.search(self.nxt))
            and not _NOW_CHANGED.search(self.nxt)
            and not self._next_has("recurs")
        )

    def back_next(self) -> bool:
        """The next sentence opens by saying it has come back: "Its come back." """
        return self._next_says(_THAT_ONE, "recurs")

    def ago_next(self) -> bool:
        """The next sentence says when it was: "That was a month ago." """
        return self._next_says(_THAT_ONE, "time_ago")

    def names_next(self, quote: str) -> bool:
        """Do the next sentence's first words name the finding again ("Temp's been gone")?"""
        stems = {w[:_STEM] for w in _WORD.findall(quote) if len(w) >= _STEM} - _NOT_NAMES
        return any(w[:_STEM] in stems for w in _WORD.findall(self.nxt)[:4] if len(w) >= _STEM)

    def owner(self, kind: str) -> bool:
        """Does this sentence or the next say whose the finding is? `affirm`: the speaker's
        ("does numbness round the anus count as saddle anaesthesia? because I've got it");
        `disown`: someone else's ("is foot drop permanent? my neighbour has it"); `hearsay`:
        no one's, only read about ("...? I just read about it")."""
        if kind not in self._owners:
            self._owners[kind] = self._owned(kind)
        return self._owners[kind]

    def _owned(self, kind: str) -> bool:
        ctx = self.rules.context
        pat = ctx.get(kind)
        if not self.may(pat):
            return False
        texts = [t for t in (self.flat, self.nxt) if t]
        if kind == "affirm" and self.then and self._next_has("hearsay"):
            texts.append(self.then)
        if kind != "disown":
            return any(next(_matches(pat, t), None) for t in texts)
        # someone else, then "has it": the words right after an other_person mention
        other = ctx.get("other_person")
        return other is not None and any(
            pat.match(t, e + 1) for t in texts for _s, e in _spans(other, t)
        )

    def disowned_next(self) -> bool:
        """The next sentence opens by giving this one away: "Not mine. My friend's"."""
        pat = self.rules.context.get("disown_next")
        return pat is not None and bool(self.nxt) and pat.match(self.nxt) is not None

    def speaks_of_self(self) -> bool:
        """A word of the speaker's in this sentence, not the "my" of "my husband"."""
        others = self.trig.get("other_person", [])
        return any(not _overlaps(t, others) for t in self.trig.get("self", []))

    def baseline_next(self) -> bool:
        """The next sentence says this one is long-standing: "Wet myself laughing. Been like
        that for years since my second baby." """
        return self._next_says(_LIKE_THAT, "longstanding")

    def open_question(self) -> int:
        """Where an open question about the world ends its reach (-1 if it is not one): a
        sentence that opens like a question and ends in "?", in a message that says nothing
        of the speaker or of now ("is foot drop from a disc permanent?"). Not "is it normal
        to not get the urge?", not "is sciatica on both sides a thing?? its in both legs
        now". It reaches to the first comma: after one, a terse statement may begin."""
        if self._open is None:
            ctx = self.rules.context
            opens = self.asked and "open_question" in ctx and ctx["open_question"].match(self.flat)
            self._open = min(self.commas, default=len(self.flat)) if opens else -1
        return self._open

    def _comma_after(self, pos: int) -> bool:
        m = _INTERJECTION.match(self.flat, pos)
        return m is not None and m.end() in self.commas

    def denial_reaches(self, neg: tuple[int, int], pos: int) -> bool:
        """Does a denial before `pos` still reach it across the commas in between? Only as a
        list: "no numbness, tingling or weakness", "I haven't had fever, sweats or chills"."""
        word = self.flat[neg[0] : neg[1]]
        if not _NOUN_DENIAL.search(word) and _AND_SUBJECT.search(self.flat, neg[1], pos):
            return False
        comma = self.last_comma(neg[1], pos)
        if comma < 0:
            return True
        if re.match(_SUBJECT, self.flat[comma + 1 :]):
            # a new subject after the comma starts a new clause: "what three kids never did,
            # I can't hold my wee"
            return False
        nxt = min((c for c in self.commas if c > pos), default=len(self.flat))
        if _LIST_WORD.search(self.flat, comma, nxt):
            return True
        return bool(_NOUN_DENIAL.search(word)) and _words_between(self.flat, comma, pos) <= 3

    def listed_before(self, lo: int, hi: int) -> bool:
        """Is flat[lo:hi] the rest of a list that ends in a comma just before hi, each item a
        few words ("cancer history, weight loss, fever, bladder, | all no")?"""
        cuts = [c for c in self.commas if lo <= c < hi]
        if not cuts or cuts[-1] != hi - 1:
            return False
        edges = [lo, *cuts]
        return all(_words_between(self.flat, a, b) <= 3 for a, b in pairwise(edges))

    def last_comma(self, lo: int, hi: int) -> int:
        """Position of the last comma in [lo, hi), or -1."""
        return max((c for c in self.commas if lo <= c < hi), default=-1)

    def scope_start(self, pos: int) -> int:
        """Negation and hypotheticals reach back only to the last terminator; not one that
        starts inside a trigger's own words ("if my back ever went and I lost control": the "and
        I" is the if's)."""
        start = 0
        hyps = self.trig.get("hypothetical", [])
        spans = hyps + self.trig.get("negation", [])
        for ts, e in self.trig.get("terminators", []):
            if e <= pos and not any(a < ts < b for a, b in spans):
                # ... nor an adverb a word or two into a what-if: "if I ever suddenly lost
                # control" (not after a denial: "not now, my legs are numb")
                if _IN_CLAUSE.fullmatch(self.flat, ts, e) and any(
                    b <= ts and _words_between(self.flat, b, ts) <= 2 for _a, b in hyps
                ):
                    continue
                start = max(start, e)
        return start

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """Clause for 'near' matching: also split on commas, 'and', 'or' (not inside a phrase
        such as "pins and needles")."""
        if self._cuts is None:
            keep = _spans(self.rules.joined, self.flat) if self.rules.joined else []
            cuts = [0, len(self.flat)]
            for c in self.commas:
                cuts.extend((c, c + 1))
            for m in _CLAUSE.finditer(self.flat):
                if not _overlaps(m.span(), keep):
                    cuts.extend(m.span())
            # A clause starts at a terminator, which may carry its subject ("and my feet feel
            # numb"): cut before it, never inside it. An adverb that ends a denial's reach
            # sits inside its clause ("my bum is still numb", "legs suddenly gave way").
            cuts.extend(
                s
                for s, e in self.trig.get("terminators", [])
                if not _IN_CLAUSE.fullmatch(self.flat, s, e)
            )
            self._cuts = sorted(cuts)
        lo = max(c for c in self._cuts if c <= pos)
        hi = min((c for c in self._cuts if c > pos), default=len(self.flat))
        return lo, hi


def _context_status(
    sig: Signal,
    sent: _Sentence,
    span: tuple[int, int],
    inner: list[tuple[int, int]],
    rules: TriageRules,
) -> str:
    """What the finding's context makes of it, then whose it is when the message says so
    after a question or a hypothetical."""
    status = _read_context(sig, sent, span, inner, rules)
    if status in (QUESTION, HYPOTHETICAL, OTHER) and sent.owner("affirm"):
        return POSITIVE
    # "hi its Chloe typing for my grandad. he says both his feet are tingly and numb now"
    if status == OTHER and sent.proxy:
        return POSITIVE
    # "Earlier I said the numbness wasn't anywhere down there. It is now."
    if status == NEGATED and sent.trig.get("said_before") and sent.owner("affirm"):
        return POSITIVE
    # A risk factor inside a warning is one the speaker has: "surgeon said ring if I got a
    # temperature after the discectomy" (not one still to come: "...after my epidural next week")
    if (
        status == HYPOTHETICAL
        and sig.history_confirms
        and _AFTER_THE.search(sent.flat, max(0, span[0] - 12), span[0])
        and not _TO_COME.search(sent.flat)
    ):
        return POSITIVE
    # "is a numb bum serious? asking because my husband has it" (not "is it normal that my
    # back pain is worse when I strain? read it could mean a disc": that one is theirs)
    if status == POSITIVE and sent.ends_q and not sent.speaks_of_self():
        if sent.owner("disown"):
            return OTHER
        if sent.owner("hearsay"):
            return QUESTION
    # "Hot, red hip? Not mine. My friend's": the next sentence gives away a finding that named
    # no one
    if status == POSITIVE and not sent.speaks_of_self() and sent.disowned_next():
        return OTHER
    # "keeps asking if I want to get checked after I came off the roof": what happened before
    # the what-if did happen
    if status == HYPOTHETICAL and any(t[1] + 1 == span[0] for t in sent.trig.get("happened", [])):
        return POSITIVE
    return status


def _next_subject(sent: _Sentence, e: int) -> int:
    """Where a new clause with its own subject starts after `e` (a terminator that is not an
    adverb inside the clause: "... walking out, and now my thighs are still sore"), or the
    sentence's end. A clause that goes on about it does not count: "my bum went numb and
    it's been numb for two days"."""
    return min(
        (
            t0
            for t0, t1 in sent.trig.get("terminators", [])
            if t0 >= e
            and not _IN_CLAUSE.fullmatch(sent.flat, t0, t1)
            and not _SAME_SUBJECT.match(sent.flat, t0)
        ),
        default=len(sent.flat),
    )


def _retractions(sent: _Sentence, ends: set[int]) -> list[tuple[int, int]]:
    """Where the finding is taken back right after it, a word or three on ("I had cancer -
    sorry no, my sister had cancer"), unless what follows corrects it upwards ("my legs are
    numb, sorry no, both legs and my bum")."""
    trig = sent.trig
    return [
        t
        for t in trig.get("retraction", [])
        if any(t[0] >= end and _words_between(sent.flat, end, t[0]) <= 3 for end in ends)
        and not any(v[0] >= t[1] for v in trig.get("retraction_void", []))
    ]


def _lasts_next(sent: _Sentence) -> bool:
    """Does the next sentence say of it that it goes on ("It's still there today.")?"""
    return bool(_IT_OPENS.match(sent.nxt) and _LASTS.search(sent.nxt))


def _read_context(
    sig: Signal,
    sent: _Sentence,
    span: tuple[int, int],
    inner: list[tuple[int, int]],
    rules: TriageRules,
) -> str:
    s, e = span
    scope = sent.scope_start(s)
    trig = sent.trig

    def before(name: str) -> list[tuple[int, int]]:
        return [
            t for t in trig.get(name, []) if t[0] >= scope and t[1] <= e and not _overlaps(t, inner)
        ]

    # An everyday cause explains it, unless the message says it is new or unusual. The cause
    # may close the sentence before: "Ran my first marathon yesterday. Legs are jelly."
    if not trig.get("benign_void") and (
        (
            sig.benign_cause_clears
            and (trig.get("benign_cause") or (sent.after_benign() and not _lasts_next(sent)))
        )
        or any(_cause_in(rules, n, sent.flat, sent.maybe) for n in sig.benign_near)
        # ... or the sentence before told of it, for the lists that may (benign_before):
        # "Drove Calgary to Winnipeg yesterday. Bum went numb somewhere around Regina." Not
        # when this one says it lasts or differs ("His eased off. Mine hasn't, and now...").
        or (
            sig.benign_before
            and sent.prev
            and not _LASTS.search(sent.flat, 0, _next_subject(sent, e))
            # (nor when the next sentence says so of it: "...pain between my shoulder blades.
            # its still there today, and stretching isnt shifting it")
            and not _lasts_next(sent)
            and any(_cause_in(rules, n, sent.prev, sent.maybe) for n in sig.benign_before)
            and not _someone_elses(rules, sent.prev, sent.maybe)
        )
        # ... or the next sentence opens by telling it: "Bum went numb. It was on the long
        # bike ride."
        or (
            _CAUSE_OPEN.match(sent.nxt)
            and not _FINE_BUT.search(sent.nxt)
            and any(_cause_in(rules, n, sent.nxt, sent.maybe) for n in sig.benign_near)
        )
    ):
        return BENIGN
    # the finding's end, and the ends of its parts read together with it
    ends = {e, *(i[1] for i in inner)}
    if sig.negatable:
        negs = [
            t
            for t in before("negation")
            if (t[1] <= s and sent.denial_reaches(t, s)) or (t[0] >= s and sig.near)
        ]
        if sig.shielded:
            # The phrase carries its own "can't": only a denial right before it counts.
            # ... or right before a later part of it: "no trouble with the motions and no
            # numbness" denies the numbness that "motions" was read with.
            # ... or a denial of a list it ends with "or": "no numbness down there or trouble
            # weeing"
            negs = [
                t
                for t in negs
                if (t[1] <= s and _words_between(sent.flat, t[1], s) <= 3)
                or (t[1] <= s and _OR_LAST.search(sent.flat, max(t[1], s - 8), s))
                or any(t[1] <= i[0] and not sent.flat[t[1] : i[0]].strip() for i in inner[1:])
            ]
            # ... but a bare "no" before a phrase that says "didn't" itself is an answer that
            # agrees: "no didnt feel like i needed the loo at all but when i went..."
            if _OWN_NOT.match(sent.flat, s):
                negs = [t for t in negs if sent.flat[t[0] : t[1]] not in _ANSWER_NO]
        # A denial right after it ("waterworks fine", "numbness: none", "fever? havent"),
        # with nothing but "is", "all"... between: not "numb bum, legs fine", where "fine" is
        # said of the legs.
        # Said right after any part of a co-occurrence, it denies the whole: "peeing fine no
        # numbness" is no bladder trouble.
        post = [
            t
            for t in trig.get("negation_post", [])
            if any(t[0] >= end and _COPULA.fullmatch(sent.flat, end, t[0]) for end in ends)
        ] or [  # ... or the list it is one item of: "cancer history, fever, bladder, all no"
            # (not a list of what is missing: "could not feel myself passing water, nor
            # wiping, none of it")
            t
            for t in trig.get("negation_list_post", [])
            if any(
                t[0] > end
                and sent.listed_before(end, t[0])
                and not _NOR.search(sent.flat, end, t[0])
                for end in ends
            )
        ]
        # Taken back right after it ("a temperature yesterday - actually no"): that clears
        # even a risk factor that history would confirm.
        retracted = bool(_retractions(sent, ends))
        negated = bool(negs or post or retracted)
        if negated and sig.history_confirms and not retracted:
            # "cancer free for 5 years": history confirms a risk factor; "never had" does not.
            # ... in the finding's own clause: "my dad had prostate cancer, I've never had
            # cancer" is no history of the speaker's.
            # (nor someone else's after it: "never had cancer myself but my mum had it")
            start = sent.clause_bounds(s)[0]
            others = [t[0] for t in trig.get("other_person", []) if t[0] >= e]
            # ... nor the time of another thing had after it: "never had cancer myself, had a
            # full check up last month"
            for h in (
                h
                for h in trig.get("history", [])
                if h[0] >= start
                and not any(o < h[0] for o in others)
                and not (
                    h[0] > e and (m := _HAD_ANOTHER.search(sent.flat, e)) and m.start() <= h[0]
                )
            ):
                # ... but "never been diagnosed with", "not ever had" deny it.
                # (nor a wish: "lost any weight - no, wish i had haha")
                lead = sent.flat[max(0, h[0] - 16) : h[0]]
                # (nor a time said right after a denied finding: "any tumours in the past? no")
                denied_here = h[0] <= e + 1 and _DENIED_HISTORY.search(sent.flat, max(0, s - 16), s)
                if (
                    not _DENIED_HISTORY.search(lead)
                    and not denied_here
                    and not lead.endswith(("wish i ", "wish id "))
                ):
                    negated = False
                    break
        if negated:
            return NEGATED
    # What no denial clears, a retraction does when a denial follows it: "fell off the ladder -
    # no, sorry, that's wrong, I didn't fall at all" (not "fell off a ladder, sorry no, the
    # roof")
    elif any(n[0] >= t[1] for t in _retractions(sent, ends) for n in trig.get("negation", [])):
        return NEGATED
    # "pads on my shopping list, for my mum": someone else named after it, in its sentence.
    if any(t[0] >= e for t in trig.get("other_person_after", [])):
        return OTHER
    # Someone else stays the subject across "and now", "but" (terminators end denials, not
    # people): "my sister had an epidural and now has a fever". The speaker coming back in
    # ("...and now I can't pee") ends it.
    others = [t for t in trig.get("other_person", []) if t[1] <= e and not _overlaps(t, inner)]
    # ... but someone who only says something ("my husband says not to worry about every
    # ache") is not the subject after a terminator: "...but this back pain is new" is mine.
    said = trig.get("reports", [])
    others = [
        t
        for t in others
        if not (
            any(r[0] > t[0] and _words_between(sent.flat, t[1], r[0]) <= 1 for r in said)
            and sent.scope_start(s) > t[1]
        )
    ]
    if others:
        last_other = max(t[1] for t in others)
        # The speaker inside the finding counts too: "someone drove into the back of my car".
        again = trig.get("self", []) + trig.get("self_again", [])
        if not any(last_other <= t[0] < e for t in again):
            return OTHER
    hyps = before("hypothetical")
    if hyps:
        # "should I worry, I can't pee" / "how do I know if it's serious, my legs are numb":
        # a comma and then the speaker start a new clause about now, outside the "if".
        comma = sent.last_comma(max(t[1] for t in hyps), s)
        # ... but not one that goes on with the list: "if my legs give way, or I lose control"
        if (
            comma < 0
            or sent.flat.startswith("or ", comma + 1)
            or not any(comma < t[0] < e for t in trig.get("self", []))
        ):
            return HYPOTHETICAL
    # "had urinary retention in 2019, all fine since": over and done with, not now. Risk
    # factors are the other way round: history confirms them. The marker may sit in the
    # finding's clause or after it, up to the next terminator ("a bit of incontinence after my
    # first baby, physio sorted it 10 years ago"); not in a clause before it ("had it 3 years
    # ago, back hurts now").
    # Long-standing and unchanged counts the same, said after the finding ("both feet numb
    # for 6 years"), never before it ("on steroids for years and had a fall"). A marker may
    # start at the terminator that ends the reach: "a temperature, but that's gone now".
    past = trig.get("past", [])
    if past:
        # a time that says when something else was: not of a finding said to be new
        new = _NEW_BEFORE.search(sent.flat, max(0, s - 16), s)
        # ... nor a time that goes with another thing had after it: "can't feel it when I go
        # for a poo, had a slipped disc yrs ago"
        # ... nor a time inside one phrase's own words, of a part of it: "my hip (the one they
        # replaced 6 years back) has gone hot, red and swollen" (not between two things found
        # together: "sciatica two years ago both legs went tingly")
        past = [
            t
            for t in past
            if not new
            # ... nor a time back before a recent one that dates the finding: "treated for
            # prostate cancer in 2019 and for the past three weeks I've had a pain"
            and not (t[1] <= s and _RECENT.search(sent.flat, t[1], s))
            and not (s < t[0] and t[1] < e and len(inner) == 1)
            and not (
                t[0] >= e
                and (
                    _COMPARED.search(sent.flat, e, t[0]) or _HAD_ANOTHER.search(sent.flat, e, t[0])
                )
            )
        ]
    lasting = trig.get("longstanding", [])
    # "...and now it's come back", or the next sentence opening so: "Used to get pins and
    # needles in my privates, gone for years. Its come back"
    back = any(t[0] >= s for t in trig.get("recurs", [])) or sent.back_next()
    if (past or lasting) and not sig.history_confirms and not back:
        lo = max(scope, sent.clause_bounds(s)[0])
        ahead = (t[0] for t in trig.get("terminators", []) if t[0] >= e)
        hi = max(sent.clause_bounds(max(s, e - 1))[1], min(ahead, default=len(sent.flat)))
        # ... but not the baseline when the sentence says it is new or worse ("numb for years
        # but it's much worse now", "... but since my fall this week I'm soaking pads")
        changed = bool(trig.get("benign_void")) or bool(_NOW_CHANGED.search(sent.flat, e))
        # ... and a baseline said of all of it reaches past a terminator: "no feeling down
        # below and I self-cath 5 times a day, all exactly the same as it's been for years"
        if any(lo <= t[0] <= hi for t in past) or (
            not changed
            and any(
                e <= t[0]
                and (
                    t[0] <= hi
                    or _ALL_OF_IT.match(sent.flat, t[0])
                    # "...but I've done that since having the twins": "that" is the finding
                    or _DONE_THAT.match(sent.flat, t[0])
                )
                for t in lasting
            )
        ):
            return PAST
    # "had a fever last month, long gone now": gone again counts for a finding that is over
    # when it is gone (a fever; not numbness or trouble peeing, which come and go), beside a
    # time back ("last week", not "this morning"), said soon after the finding and about it
    # (not "fell yesterday, the pain from last year is long gone").
    # The time back may be told with the end, in the next sentence: "a temperature the week
    # after my op. That was a month ago and all fine now."
    # Any finding is over so, beside a time long back ("last year", "after my son's birth"),
    # but a risk factor that history confirms ("prostate cancer 3 years back, all clear").
    long_ago = not sig.history_confirms and bool(trig.get("long_ago"))
    if (
        ((sig.gone_is_over and (trig.get("time_ago") or sent.ago_next())) or long_ago)
        and not back
        and not _NOW_AFTER.match(sent.flat, e)
        and not _HAVE_BEFORE.search(sent.flat[max(0, s - 20) : s])
    ):
        for t in trig.get("resolved", []) if trig.get("time_ago") or long_ago else ():
            if (
                t[0] >= e
                and _words_between(sent.flat, e, t[0]) <= 20
                and (
                    not _ANOTHER_THING.search(sent.flat, e, t[0])
                    # "a temperature with flu and my back ached with it, all long gone now"
                    or _ALL_BEFORE.search(sent.flat, max(0, t[0] - 12), t[0])
                )
            ):
                return PAST
        # ... or in the next sentence, about it: "a fever in January. That is long gone.",
        # "temp of 39 and my back ached. Temp's been gone since Saturday"
        # ("Long gone now.": a sentence that short is about all of it)
        named = sent.names_next(sent.flat[s:e]) or sent.nxt.count(" ") < _SHORT_SAY
        another = _ANOTHER_THING.search(sent.flat, e) and not _ALL_OF_IT.match(sent.nxt)
        if (named or not another) and sent.over_next(named):
            return PAST
    # "Fever is gone long time now": over, said right after it
    if sig.gone_is_over and not back and _GONE_AFTER.match(sent.flat, e):
        return PAST
    if not sig.history_confirms and not back and (sent.baseline_next() or sent.past_next()):
        return PAST
    # A general question often closes after the signal ("is chest pain with back pain an
    # emergency"), so a question trigger that spans the whole signal counts as well as one
    # before it. But the speaker named in the question ("what are the signs, my bum is numb",
    # "what causes my legs to go like jelly", "what is this numbness in my bum") makes it
    # about them.
    if e <= sent.open_question():
        return QUESTION
    selves = [t[0] for t in trig.get("self", [])]
    for q in trig.get("question", []):
        # (a terminator inside the question does not end it: "what actually counts as")
        if q[1] <= scope or not (q[1] <= s or (q[0] <= s and q[1] >= e)):
            continue
        if not any(q[0] <= p < e for p in selves):
            return QUESTION
    return POSITIVE


def _join(
    per_clause: dict[tuple[int, int], list[list[tuple[int, int]]]],
    a: tuple[int, int],
    b: tuple[int, int],
) -> None:
    """Read clauses a and b as one: each near list's matches in either."""
    per_clause[(a[0], b[1])] = [x + y for x, y in zip(per_clause[a], per_clause[b], strict=True)]


def _signal_hits(
    sig: Signal, sent: _Sentence, rules: TriageRules, carried: bool = False
) -> list[Hit]:
    hits: list[Hit] = []
    text = sent.flat
    candidates: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    for pat in sig.phrases:
        if not _may(sent.maybe, pat):
            continue
        for span in _spans(pat, text, sent.maybe):
            candidates.append((span, [span]))
    if sig.near:
        # Every named list must match inside one clause; the hit spans all of them.
        per_clause: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
        for i, name in enumerate(sig.near):
            for span in _list_spans(rules, name, text, sent.maybe):
                if sig.other_side and _same_side(sent, span):
                    continue
                if sig.sentence_wide:
                    per_clause.setdefault((0, len(text)), [[] for _ in sig.near])[i].append(span)
                    continue
                # a phrase across a cut is in both clauses: "my left leg and my right leg |
                # have both gone weak"
                for bounds in {sent.clause_bounds(span[0]), sent.clause_bounds(span[1] - 1)}:
                    per_clause.setdefault(bounds, [[] for _ in sig.near])[i].append(span)
        # A clause that says "it" or "them" right after a comma or "and" may be about the
        # clause before it ("my bum feels like cardboard, i cant feel it", "poo in my pants
        # and i didnt know it happened"); not after "but", "although"...
        for b in sorted(per_clause) if not sig.sentence_wide else ():
            if _NO_BRIDGE.match(text, b[0]) and not _BUT_NOW_IT.match(text, b[0]):
                continue
            a = next(
                (
                    a
                    for a in per_clause
                    # at most two words lie between: a comma (kept as a space), "and", or
                    # an item of a list ("hip warm, red, mildly swollen")
                    if a[1] <= b[0] and text[a[1] : b[0]].strip().count(" ") <= 1
                ),
                None,
            )
            if a is None:
                # "my hip, right up in the crease by my groin, is red and hot": a clause with
                # no subject of its own says what the clause before the aside was doing
                a = next(
                    (
                        a
                        for a in per_clause
                        if a[1] <= b[0]
                        and _ASIDE.fullmatch(text[a[1] : b[0]].strip())
                        and _PREDICATE_START.match(text, b[0])
                    ),
                    None,
                )
                if a is not None:
                    _join(per_clause, a, b)
                continue
            gap = text[a[1] : b[0]].strip()
            if (
                _ANAPHOR.search(text, b[0], b[1])
                or _PLACE_START.match(text, b[0])
                or (text.count(" ", b[0], b[1]) <= 1 and not _GLOSS_NOT.match(text, b[0]))
                # "my right hip, which has come up really hot"
                or _WHICH.match(text, b[0])
                # "keep dribbling when I stand up, pee I mean", "...round my back passage,
                # sort of pins and needles"
                or _I_MEAN.fullmatch(text, b[0], b[1])
                or _HEDGED.match(text, b[0])
                # the subject carried over: "my hip started aching, went red and hot", "my
                # right hip since two days is hot"
                # (not one that names a place of its own: "...into that bum cheek, tingling
                # in my left foot")
                or (
                    not gap
                    and (_VERB_START.match(text, b[0]) or _SINCE_VERB.match(text, b[0]))
                    and not _OWN_PLACE.match(text, b[0])
                )
                # ... or told after a second name for it: "the bit between my legs, the part
                # you sit on, is feeling dead" (not "is it serious", "is there a reason")
                or (
                    not gap
                    and _PREDICATE_START.match(text, b[0])
                    and not _ASKED_BACK.match(text, b[0])
                    and not _OWN_PLACE.match(text, b[0])
                )
                # one subject of two parts: "my bum cheeks and the bit in between feel numb"
                or (
                    gap == "and"
                    and text.count(" ", a[0], a[1]) <= 3
                    and _NOUN_PHRASE.fullmatch(text, a[0], a[1])
                )
            ):
                _join(per_clause, a, b)
        if carried:
            # "my right hip started aching monday. tuesday it was swollen": "it" brings the
            # missing list (the hip) from the sentence before (see _carried).
            for (lo, hi), parts in per_clause.items():
                if (m := _says_it(text, lo, hi)) is None:
                    continue
                for c in map(sig.near.index, sig.near_carry):
                    others = [p for i, p in enumerate(parts) if i != c]
                    # (not the "there" of "down there": the place itself, named already)
                    if (
                        not parts[c]
                        and all(others)
                        and (
                            m.group(0) != "there" or not any(_overlaps(m.span(), p) for p in others)
                        )
                    ):
                        parts[c].append(m.span())
        for parts in per_clause.values():
            if all(parts):
                chosen = [p[0] for p in parts]
                if sig.sentence_wide:
                    # A later part denied wherever it is said denies the whole: "sex hurts my
                    # back a bit, no numbness or anything"
                    if any(all(_denied_at(sent, p[0]) for p in part) for part in parts[1:]):
                        q = " ".join(text[chosen[0][0] : chosen[0][1]].split())
                        hits.append(Hit(sig.id, NEGATED, q))
                        continue
                    # Read in the context of the first list's words: "not lower back, more
                    # between my shoulders, aching" is about the shoulders, not denied.
                    candidates.append((chosen[0], [chosen[0]]))
                    continue
                lo, hi = min(c[0] for c in chosen), max(c[1] for c in chosen)
                candidates.append(((lo, hi), chosen))
    for span, inner in candidates:
        if sig.other_side and _same_side(sent, span):
            continue
        if sig.unless_near:
            # the clause it starts in, or all the clauses a near hit spans: "both legs are fine,
            # it's only ever the left that gets the sciatica"
            lo, hi = sent.clause_bounds(span[0])
            hi = max(hi, span[1])
            if any(_list_in(rules, n, text, lo, hi, sent.maybe) for n in sig.unless_near):
                continue
        status = _context_status(sig, sent, span, inner, rules)
        hits.append(Hit(sig.id, status, " ".join(text[span[0] : span[1]].split())))
    return hits


MAX_CLEARED = 3  # non-positive hits kept per signal: enough for the safety-net line

_SIDE = re.compile(r"(?<![a-z0-9])(left|right)(?![a-z0-9])")
_OTHER_SIDE = {"left": "right", "right": "left"}
_SIDE_FINE = re.compile(
    r"(?<![a-z0-9])(?:left|right)(?: (?:leg|foot|side|one|is|s|feels|seems|totally|quite"
    r"|perfectly|completely|absolutely|still)){0,3} (?:fine|normal|ok|okay|alright|grand"
    r"|unaffected|clear|perfect)(?![a-z0-9])"
)


def _same_side(sent: _Sentence, span: tuple[int, int]) -> bool:
    """Does a phrase that names one side only ("sciatica on the left too") name the side the
    message has told of so far, and never the other? Then "too" adds to that leg's story ("left
    leg weaker each day... back pain and sciatica on the left too"), not a second leg."""
    named = set(_SIDE.findall(sent.flat, span[0], span[1]))
    if len(named) != 1:
        return False
    (side,) = named
    before = sent.earlier + "\n" + sent.flat[: span[0]]
    # (a side said to be fine is not told of: "only in my right foot, the left is normal")
    told = set(_SIDE.findall(_SIDE_FINE.sub(" ", before)))
    return side in told and _OTHER_SIDE[side] not in told


# "I had an accident tonight. With my bowels.": a place typed as a sentence of its own
# belongs to the sentence before.
# So does "Numb. Between my legs." and "its like jelly. both legs."
_FRAGMENT = re.compile(
    r" [.!] (?=(?:(?:with|in|on|from|around|round|down|between) (?:my|me|the) [a-z]+(?: [a-z]+)?"
    r"|both(?: legs| feet| sides| thighs| cheeks| bum cheeks| buttocks| of them)?"
    r"(?: now| too| again| today)?"
    # ... "It's numb. The bit between my legs, front to back."
    r"|(?:the|my) (?:bit|bits|part|parts|area|place|spot) (?:between|around|round|down|in|on)"
    r" (?:my|me|the) [a-z]+(?: [a-z]+)?(?: , [a-z]+ to [a-z]+)?) (?:[.!?\n]|$))"
)
# A fragment of a word or five says what the sentence after it is about: "Inner thighs.
# Both of them. Pins and needles since last night.", "Leaking. Wee, I mean.", "Got a cold.
# Every cough. Shoots through my lower back." It is read with it, as a clause. (Not an
# answer or a greeting: "No. Legs are fine.", "Hi. ...", nor a question; nor a sentence of
# its own with a subject ("I do.", "I've got osteoporosis."), a time ("Long gone now."), a
# denial ("Ah'm no imaginin it."), someone's words ("wife told me to ask."), a clause with its
# verb ("My hip is sore.") or one that adds to the last ("Temperature too."), nor one before
# a baseline, a denial or a time back, which would reach the fragment: "Legs keep buckling.
# Had a bad back for 20 years but...", "Peculiar feeling in my saddle. Not a bike saddle...",
# "Like wiping through a glove. Spinal fusion 2 yrs ago")
_LEAD_FRAGMENT = re.compile(
    # (after a question too: "'Is the pain anywhere else?' my chest. goes right through")
    r"(?:^|(?<=[.!;?] ))((?!(?:no|not|nope|nah|never|none|nothing|yes|yeah|yep|yup|aye|ok|okay"
    r"|thanks|thank|hi|hello|hey|sorry|lol|haha|please|cheers|help|update|edit|q|a|so"
    r"|well|anyway|fine|great|good|i|ive|im|id|it|its|thats|he|she|they|we|you|this|that|mine|mines)"
    # ("over" as in "all over", not "lost over a stone")
    r"(?![a-z0-9]))(?![a-z0-9 ]*(?<![a-z0-9])(?:gone|now|since|ago|over(?! (?:a|half|[0-9]))"
    r"|better|before|today"
    r"|yesterday|years|keep|keeps|no|not|nae|never|nothing|dont|didnt|cant|cannae|wont|isnt"
    r"|havent|hasnt|wasnt|told|tells|said|says|asked|is|are|was|were|am|has|had|have|too)"
    r"(?![a-z0-9]))[a-z0-9]+(?: [a-z0-9]+){0,4})"
    r" [.!] "
    r"(?=[a-z])(?!(?:had|have|been|was|always|normally|usually|used|long|years|never|i do|nope"
    r"|(?:not|no)(?! (?:trying|dieting|on a diet|on purpose|diet))|same|that|this)"
    r"(?![a-z0-9]))(?![^.!?;]*(?<![a-z0-9])(?:ago|yrs|years|months|last year)(?![a-z0-9]))"
)
# "the numb patch is spreading. now it's my bum cheek and round my back passage", "pins and
# needles? i've got it in my groin": a sentence that only says where "it" is now goes on the
# one before (not "it's my bum that hurts", which says more than where)
_IT_IS_THERE = re.compile(
    r" [.!?] (?=(?:(?:but |and )?(?:now|today|tonight|this morning|since (?:yesterday|last night"
    r"|this morning))(?: ,)? )?(?:its|it is|it s|ive got it|i have it|i got it|got it"
    r"|it has (?:gone|moved|spread))(?: (?:now|also|even|all|right|spread|spreading|gone|moved"
    r"|creeping))?(?: (?:in|into|round|around|on|over|down|at|to|up))? (?:my|me|the|both)"
    r" [a-z]+(?: [a-z]+)?(?: (?:and|too|now|as well|also|both sides|round|around|in|on|down|since"
    r"|for|again|today|tonight|yesterday|this)(?![a-z])"
    r"| ,| [.!?]|$))"
)
# "now things... downstairs have stopped working": dots in a row are a pause, not an end
_PAUSE = re.compile(r"(?: \.){2,}(?= [a-z])")
# "what are the warning signs...? like numbness where a saddle sits?": an example given of a
# question goes on it, and is asked as it is
_EXAMPLE_Q = re.compile(r" \? (?=(?:like|eg|e g|such as|for example|say) [^.!?;\n]*\?)")
WINDOW = 500  # a sentence longer than this is read in overlapping windows: context is local
OVERLAP = 120


def _units(norm: str) -> list[tuple[str, bool]]:
    """Sentences, long ones cut into overlapping windows at spaces, duplicates dropped; each
    with whether it is a sentence that ends in a question mark."""
    seen: dict[str, bool] = {}
    norm = _LEAD_FRAGMENT.sub(
        r"\1 , ",
        _IT_IS_THERE.sub(" , ", _FRAGMENT.sub(" ", _PAUSE.sub(" , ", _EXAMPLE_Q.sub(" , ", norm)))),
    )
    for m in _SENTENCE.finditer(norm):
        chunk = m.group(0).strip(" ,")
        if not chunk:
            continue
        if len(chunk) <= WINDOW:
            seen.setdefault(chunk, norm.startswith("?", m.end()))
            continue
        start = 0
        while start < len(chunk):
            end = min(len(chunk), start + WINDOW)
            if end < len(chunk):
                cut = chunk.rfind(" ", start + OVERLAP, end)
                end = cut if cut > start else end
            seen.setdefault(chunk[start:end].strip(" ,"), False)
            if end >= len(chunk):
                break
            back = chunk.rfind(" ", start, end - OVERLAP)
            start = back + 1 if back > start else end
    return [(u, asked) for u, asked in seen.items() if u]


def _said_already(rules: TriageRules, hit: Hit, hits: list[Hit]) -> bool:
    """A co-occurrence signal (near lists only) on words already found positive for a signal
    that raises the same flag ("cant pee" is cant-pee; bladder-trouble need not say it again)."""
    if rules.signal(hit.signal).phrases:
        return False
    for h in hits:
        if h.status == POSITIVE and hit.quote in h.quote:
            for r in rules.rules:
                if hit.signal in r.any and h.signal in r.any:
                    return True
    return False


def _tells(rules: TriageRules, flat: str, maybe: set[int] | None = None) -> bool:
    """Does the message speak of the speaker or of now? The "my" of "my neighbour has it" and
    the "I" of "I'm curious" do not."""
    ctx = rules.context
    if "about_now" in ctx and next(_matches(ctx["about_now"], flat, maybe=maybe), None):
        return True
    if "self" not in ctx:
        return False
    aside = [
        a
        for name in ("other_person", "pseudo")
        if name in ctx
        for a in _spans(ctx[name], flat, maybe)
    ]
    return any(not _overlaps(s, aside) for s in _spans(ctx["self"], flat, maybe))


def _mark_quoted(rules: TriageRules, text: str) -> str:
    """A phrase quoted from what the speaker read is a mention, not a symptom: "then I read
    'changes in bladder habit with back pain' on a website", "I know 'jelly legs' is on the
    scary list". It is marked for the question trigger; the words stay, so a terminator inside
    it ("...' but now I have it") still ends the mention's reach. A quoted question is told as
    asked instead, for backtalk.retold to read with its answer."""
    source = rules.context.get("quote_source")
    listed = rules.context.get("quote_listed")
    if source is None and listed is None:
        return text
    out: list[str] = []
    last = 0
    for m in _QUOTED.finditer(text):
        # A question quoted and then answered is a clinician's question told back: "'Any
        # numbness around your bottom?' no, nothing like that" reads as "asked if any numbness
        # around your bottom? no..." (backtalk.retold reads the answer; unanswered, it is asked)
        # One of what or where, or one that opens with its verb, keeps its own words: "'Where
        # is the pain?' between my shoulder blades", "'Does it burn when you pee?' yes".
        asked = _ASKED_BEFORE.search(text, 0, m.start())
        is_q = m.group(1).rstrip().endswith("?")
        if is_q and asked:
            continue  # told as asked already: read as it stands ("the lady kept asking '...?' Nope")
        # (nor one quoted without its mark, after "asked": 'nurse asked "did you fall from a
        # height" yes off a ladder')
        opens_q = _WH_FIRST.match(m.group(1)) is not None
        if is_q or (asked and opens_q):
            ask = "" if asked else "asked " if opens_q else "asked if "
            out.append(f"{text[last : m.start()]} {ask}{m.group(1)}{'' if is_q else '?'} ")
            last = m.end()
            continue
        before = normalise(text[max(0, m.start() - 40) : m.start()], rules.spelling)
        after = normalise(text[m.end() : m.end() + 50], rules.spelling)
        if (source is not None and source.search(before)) or (
            listed is not None and listed.match(after)
        ):
            out.append(f"{text[last : m.start()]} {QUOTE_MARK} {m.group(1)} ")
            last = m.end()
    return "".join(out) + text[last:] if out else text


def _laid_out(
    units: list[tuple[str, bool]],
) -> tuple[list[tuple[str, tuple[int, ...]]], list[int], str]:
    """The sentences without their commas, where each starts, and all of them one a line."""
    plain = [_decomma(u) for u, _q in units]
    starts: list[int] = []
    pos = 0
    for u, _c in plain:
        starts.append(pos)
        pos += len(u) + 1
    return plain, starts, "\n".join(u for u, _c in plain)


# Said of someone who is there, as they would say it: "he's had" -> "ive had", "his legs" ->
# "my legs", "she says she cant" -> "i say i cant".
_THIRD = re.compile(
    r"(?<![a-z0-9])(?:(?P<has>(?:hes|shes) (?=(?:had|got|been|gone|done|lost|tried|noticed"
    r"|started|never|always|just|also|now|still)(?![a-z0-9])))|(?P<word>himself|herself|themself"
    r"|hes|shes|he|she|his|him|her)(?![a-z0-9]))"
)
_AS_SELF = {
    "himself": "myself",
    "herself": "myself",
    "themself": "myself",
    "hes": "im",
    "shes": "im",
    "he": "i",
    "she": "i",
    "his": "my",
    "him": "me",
    "her": "my",
}
# ... and the verb after it as "i" takes it
_I_VERB = re.compile(
    r"(?<![a-z0-9])i (is|has|does|doesnt|says|feels|keeps|gets|goes|wants|needs|thinks|seems"
    r"|looks|tries|hasnt|isnt)(?![a-z0-9])"
)
_I_FORM = {
    "is": "am",
    "has": "have",
    "does": "do",
    "doesnt": "dont",
    "goes": "go",
    "tries": "try",
    "hasnt": "havent",
    "isnt": "am not",
}


def _first_person(unit: str) -> str:
    said = _THIRD.sub(lambda m: "ive " if m.group("has") else _AS_SELF[m.group("word")], unit)
    return _I_VERB.sub(lambda m: "i " + _I_FORM.get(m.group(1), m.group(1)[:-1]), said)


def find_hits(rules: TriageRules, text: str) -> list[Hit]:
    """Every signal in the message, read in its sentence's context.

    The whole message is screened, however long. Each pattern runs once over all sentences
    (identical ones once); only sentences where a signal could be found are read for context,
    and a signal stops at its first positive hit.
    """
    norm = normalise(read_form(_mark_quoted(rules, text)), rules.spelling)
    units = _units(read_retold(rules.context, norm))
    if not units:
        return []
    plain, starts, flat = _laid_out(units)
    # Typed for someone who is there ("typing for my grandad, he's sat here"): what is said
    # of them is read as if they typed it ("he's messed himself" as "i've messed myself"), and
    # their name as the speaker's (see _context_status).
    # Only the patterns whose needed words are in the message are run at all: some forty of
    # six hundred (see backtalk.literals).
    maybe = rules.literals.maybe(flat) if rules.literals is not None else None
    pat = rules.context.get("proxy")
    proxy = bool(pat and _may(maybe, pat) and next(_matches(pat, flat, maybe=maybe), None))
    if proxy:
        units = [(_first_person(u), q) for u, q in units]
        plain, starts, flat = _laid_out(units)
        maybe = rules.literals.maybe(flat) if rules.literals is not None else None
    ends_q = [q for _u, q in units]
    if len(units) == 1 and not ends_q[0] and "?" not in text and _ASKS.match(units[0][0]):
        ends_q = [True]  # "does foot drop get better", typed without its question mark
    asked = [False] * len(units)
    if any(ends_q):
        # A question is about the world only in a message that never speaks of the speaker
        # or of now: "is foot drop permanent?" alone, not beside "mine started last week".
        told = _tells(rules, flat, maybe)
        asked = [q and not told for q in ends_q]

    def where(at: Iterable[int]) -> set[int]:
        """The sentences these places of the flat text fall in."""
        return {bisect_right(starts, i) - 1 for i in at}

    # The same compiled pattern serves several lists and phrases ("{numb}" is in "nerve",
    # "feel_changed" and a phrase of its own): each is searched once per message.
    # Keyed by id: hashing a compiled pattern hashes its whole program, every time.
    pattern_at: dict[int, set[int]] = {}

    def sentences_of(pat: re.Pattern[str] | Alternation) -> set[int]:
        got = pattern_at.get(id(pat))
        if got is None:
            if not _may(maybe, pat):
                got = set()
            elif isinstance(pat, Alternation):
                got = where(s for s, _e in pat.spans(flat, maybe))
            else:
                got = where(m.start() for m in _matches(pat, flat))
            pattern_at[id(pat)] = got
        return got

    def list_sentences(name: str) -> set[int]:
        return set().union(*(sentences_of(pat) for pat in rules.lexicon[name]))

    sentences: dict[int, _Sentence] = {}
    said_it: set[int] | None = None  # sentences (not the first) with an "it" (see _carried)
    hits: list[Hit] = []
    for sig in rules.signals:
        found: set[int] = set()
        for pat in sig.phrases:
            # Most phrases match nowhere: one search in C settles it, with no call around it.
            # (One alternation of all a signal's phrases was tried: it is slower, because it
            # loses the regex engine's first-character skip.)
            # (an alternation is read part by part, only the parts that may match, in
            # sentences_of: searching it whole first would run every part)
            if _may(maybe, pat) and (isinstance(pat, Alternation) or pat.search(flat)):
                found |= sentences_of(pat)
                if len(found) == len(units):
                    break  # found in every sentence: the other phrases add nothing
        carried: set[int] = set()
        if sig.near:
            # Cheapest list first; the rest only where it matched ("bladder" is rare and
            # short, "bladder_trouble" long).
            near: set[int] | None = None
            for name in sig.near_order:
                near = list_sentences(name) if near is None else near & list_sentences(name)
                if not near:
                    break
            found |= near or set()
            if sig.near_carry:
                if said_it is None:
                    said_it = {i for i, (u, _c) in enumerate(plain) if i and _says_it(u, 0, len(u))}
                carried = _carried(sig, rules, plain, units, said_it, list_sentences, maybe) - found
                found |= carried
        if not found:
            continue
        cleared = 0
        for i in sorted(found):
            if i not in sentences:
                # (a question before gives no cause: "any exercise I can do sat at my desk?")
                prev = plain[i - 1][0] if i and not units[i - 1][1] else ""
                nxt = plain[i + 1][0] if i + 1 < len(plain) else ""
                then = plain[i + 2][0] if i + 2 < len(plain) else ""
                sentences[i] = _Sentence(
                    *plain[i],
                    asked[i],
                    rules,
                    prev,
                    nxt,
                    ends_q[i],
                    maybe,
                    then,
                    flat[: starts[i]],
                    proxy,
                )
            positive = False
            for h in _signal_hits(sig, sentences[i], rules, i in carried):
                if h.status == POSITIVE:
                    if _said_already(rules, h, hits):
                        positive = True
                        break
                    hits.append(h)
                    positive = True
                    break
                if cleared < MAX_CLEARED:
                    hits.append(h)
                    cleared += 1
            if positive:
                break
    return hits


CARRY_BACK = 2  # how many sentences back "it" may reach, each one between saying "it" too
# "you know the bit between your legs? mine's gone numb": a question only in form
_YOU_KNOW = re.compile(r"(?:you|ya|y|u) know(?![a-z0-9])")
# ... and a question answered with "mine": "What makes a hip go red? Mine's red, warm and swollen"
_MINE_OPENS = re.compile(r"mines?(?![a-z0-9])")
_MY_BEFORE = re.compile(r"(?<![a-z])(?:my|me) (?:[a-z]+ )?$")


def _owned(rules: TriageRules, name: str, text: str, maybe: set[int] | None) -> bool:
    """A question that names the speaker's own part ("can I still do my hip routine if the
    hip is swollen? it's red and hot to touch"): the "it" just after it is that part."""
    return any(
        _MY_BEFORE.search(text, max(0, m.start() - 16), m.start())
        for pat in rules.lexicon[name]
        if _may(maybe, pat)
        for m in _matches(pat, text, 0, None, maybe)
    )


def _someone_elses(rules: TriageRules, text: str, maybe: set[int] | None = None) -> bool:
    """Is this sentence about someone else, and not the speaker after them? ("my wife says I
    keep rubbing between my shoulder blades" is the speaker's)"""
    others, selves = rules.context.get("other_person"), rules.context.get("self")
    named = _spans(others, text, maybe) if others else []
    return bool(named) and not (
        selves and any(t[0] >= named[-1][1] for t in _spans(selves, text, maybe))
    )


def _carried(
    sig: Signal,
    rules: TriageRules,
    plain: list[tuple[str, tuple[int, ...]]],
    units: list[tuple[str, bool]],
    said_it: set[int],
    list_sentences: Callable[[str], set[int]],
    maybe: set[int] | None = None,
) -> set[int]:
    """Sentences with every near list but a carried one, and an "it" that may stand for it.
    The carried list is in a sentence just before: not a question (but "you know ...?" is
    one only in form), nor one with an unless_near or benign_near list ("sore bum from the
    saddle. it's numb too"), nor about someone else; any sentence between says "it" as well
    ("hip started aching monday. tuesday it was swollen. today its hot")."""
    if not said_it:
        return set()
    out: set[int] = set()
    for carry in sig.near_carry:
        rest = [n for n in sig.near if n != carry]
        at = said_it.intersection(*(list_sentences(n) for n in rest))
        if not at:
            continue
        source = list_sentences(carry) - set().union(
            *(list_sentences(n) for n in (*sig.unless_near, *sig.benign_near))
        )
        for i in at:
            for j in range(i - 1, max(-1, i - 1 - CARRY_BACK), -1):
                # (not someone else's: "my wife's hip is bad. it's swollen")
                asked = (
                    units[j][1]
                    and not _YOU_KNOW.match(plain[j][0])
                    and not (j == i - 1 and _MINE_OPENS.match(plain[i][0]))
                    and not (j == i - 1 and _owned(rules, carry, plain[j][0], maybe))
                )
                if j in source and not asked and not _someone_elses(rules, plain[j][0], maybe):
                    out.add(i)
                    break
                # (a fragment of a word or two between may say nothing of it: "its the inner
                # thighs. both sides. went numb overnight")
                if j not in said_it and plain[j][0].count(" ") >= 2:
                    break
    return out


def evaluate(rules: TriageRules, positives: Mapping[str, Hit]) -> tuple[Raised, ...]:
    """Rules over the positive signals (this message plus earlier turns); highest tier per flag."""
    best: dict[str, Raised] = {}
    for rule in rules.rules:
        if rule.all and all(s in positives for s in rule.all):
            because = tuple(positives[s] for s in rule.all)
        elif rule.any and any(s in positives for s in rule.any):
            because = tuple(positives[s] for s in rule.any if s in positives)
        else:
            continue
        current = best.get(rule.flag)
        if current is None or RANK[rule.tier] > RANK[current.tier]:
            best[rule.flag] = Raised(rule.flag, rule.tier, because)
    return ranked(best.values())


def ranked(raised: Iterable[Raised]) -> tuple[Raised, ...]:
    """Raised flags in the order they are shown: the highest tier first, then by id."""
    return tuple(sorted(raised, key=lambda r: (-RANK[r.tier], r.flag)))


def assess(
    rules: TriageRules,
    text: str,
    earlier: Mapping[str, Hit] | None = None,
    *,
    may_clarify: bool = True,
) -> Assessment:
    """Triage one message, in the light of the positive signals of earlier turns."""
    hits = find_hits(rules, text)
    positives: dict[str, Hit] = dict(earlier or {})
    for h in hits:
        if h.status == POSITIVE:
            positives.setdefault(h.signal, h)
    raised = evaluate(rules, positives)
    level = max((r.tier for r in raised), key=RANK.__getitem__, default="routine")
    clarify = None
    # An urgent finding does not rule out an emergency one: the question is still asked (after
    # the warning). An emergency needs no more questions.
    if may_clarify and level != "emergency":
        for h in hits:
            if h.status == POSITIVE and rules.signal(h.signal).clarify:
                clarify = h.signal
                break
    return Assessment(level, raised, tuple(hits), clarify)
