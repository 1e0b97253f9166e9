"""Questions a clinician asked, told back with the speaker's answer, as what the answer says.

"the 111 lady asked if I can feel it when I wipe. I can't." says "I can't feel it when I wipe";
"GP asked if I'd lost weight. I have, nearly 2 stone" says "I'd lost weight"; "the nurse
asked about chest pain and breathlessness, no to both" says "no chest pain and breathlessness".
Read as written, the asked part is a question ("if ...") and its findings would be
hypothetical, and an answer such as "I can't" names nothing at all. So before triage, a retold
question and its answer become the statement they make together; with no answer that says yes
or no, the words stay as they are.

A question of what, where or how ("asked whereabouts the numb bit was and I said the bit you sit
on") is answered by the words after it, so the two are joined as one statement: "the numb bit
was the bit you sit on".

Which words ask, answer yes and answer no is data (`retold_ask`, `retold_about`, `retold_wh`,
`retold_yes`, `retold_no` in knowledge/context.yaml); this module only rewrites.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol


class _Searcher(Protocol):
    """What a context kind is to this module: something to search (triage's Alternation)."""

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> re.Match[str] | None: ...


# Where a retold question ends: a sentence end, a comma, or "and" before its answer ("asked if
# i can feel it when i wipe and honestly not really").
_Q_END = re.compile(
    r" ?[.?!\n]| , | (?:and|but) (?=(honestly|truthfully|tbh|to be honest|yeah|yes|yep|no|nope|nah"
    r"|i said|i told|sadly|actually|not really)(?![a-z]))| (?:cos|coz|cause|because) "
    r"| (?=i said |i told |i answered )"
)
# What joins a question of what or where to its answer: "asked whereabouts it was and I said the
# bit you sit on", "asked what sex feels like now. said nothing at all"; at least a stop, a comma
# or a saying.
_WH_LINK = re.compile(
    r" ?(?:(?:[.?!\n]+ ?|, )(?:(?:and |but )?(?:i )?(?:said|told (?:her|him|them|the \w+)|answered)"
    r"(?: ,)? )?|(?:(?:and |but |, )?(?:i )?(?:said|told (?:her|him|them|the \w+)|answered)(?: ,)? ))"
)
# A retold "about" question runs to the end of its sentence: "went through bladder, bowels,
# sex, any numbness."
# (dots in a row are one pause: "asked 'do you feel when your bladder's full?' and i realised...
# no i don't")
_SENTENCE_END = re.compile(r" ?[.?!\n](?: [.?!\n])*")
_ASK_WORD = re.compile(r" ?(?:if|whether|about|on|through|over|down)$")  # the asking's last word
_GOES_ON = re.compile(r"(?: ,)? (?!but )[a-z]")  # the answer's sentence says more after it
_ANY = re.compile(r"(?<![a-z])any (?=[a-z])")
_IVE = re.compile(r"^(\w+) ive ")  # "did i have" is normalised to "did ive"
# "asked if you can feel it when you wipe", said to the speaker, is about the speaker: "you"
# before a verb is "i", and after one "me"
_YOU = re.compile(r"(?<![a-z])(you|your|yourself|youve|youre|youd|youll|u)(?![a-z])(?=( [a-z]+)?)")
_FIRST_PERSON = {
    "your": "my",
    "yourself": "myself",
    "youve": "ive",
    "youre": "im",
    "youd": "id",
    "youll": "ill",
}
_AFTER_SUBJECT = frozenset(
    [
        "can",
        "cant",
        "could",
        "couldnt",
        "have",
        "havent",
        "had",
        "hadnt",
        "do",
        "dont",
        "did",
        "didnt",
        "are",
        "arent",
        "were",
        "werent",
        "will",
        "would",
        "should",
        "feel",
        "felt",
        "need",
        "get",
        "got",
        "wipe",
        "wee",
        "pee",
        "poo",
        "go",
        "went",
        "notice",
        "noticed",
        "know",
        "sit",
        "stand",
        "walk",
        "lift",
        "bend",
        "cough",
        "sneeze",
        "think",
        "lose",
        "lost",
        "been",
        "still",
        "ever",
        "also",
        "find",
        "pass",
        "passed",
        "empty",
        "control",
        "use",
        "take",
        "took",
        "keep",
        "wake",
        "woke",
        "ve",
    ]
)
# what may stand between a question and a yes that joins it: a full stop, a comma (a dash
# after the question is one: backtalk.text), "I said"
_JUST_STOP = re.compile(
    r" ?(?:[.?!\n]+ ?|, )?(?:(?:and |but )?i (?:said|told (?:her|him|them|the \w+))(?: ,)? )?"
    r"(?:(?:well|actually|honestly|er|erm|um|so|sadly|tbh)(?: ,)? )*"
)
# "asked have I had cancer", "asked me do I have any numbness": the question said in its own
# word order, turned into a statement.
_INVERTED = re.compile(
    r"^(have|has|do|does|did|am|are|is|can|could|was|were|had|would|will) (i|you) "
)
# ... asked of a thing: "they asked is the leg getting weaker? yes" says "the leg getting weaker"
# ("asked does coughing make it worse. yes" says "coughing make it worse")
_AUX_FIRST = re.compile(
    r"^(?:is|are|was|were|has|have|does|do|did|can|could) (?=(?:the|my|your|it|they|there|\w+ing) )"
)
# "You asked which leg. Both. They're weak" says "both legs, they're weak" (a question of which,
# not of yes or no)
_WHICH_BOTH = re.compile(
    r"(?<![a-z])asked (?:me )?which (?:leg|side|foot|one)s?(?: it (?:is|was))? [.,] "
    r"(?:both|both of them|both sides|the two of them|the pair of them) [.,!](?= [a-z])"
)
# words that only ask, dropped from a question answered yes: "asked if I was leaking at all.
# ... I am now" says "I was leaking"
_ASKING_WORDS = re.compile(r"(?<= )(?:any|ever) (?=\w)| at all(?![a-z])| anywhere else(?![a-z])")
# a denial runs through a question's list and its examples: "asked if I'd had any accidents,
# like peeing myself. no!"
_LIST_COMMA = re.compile(r" , (?:like |say |such as |or )?")
# The first helping verb of the question and what it becomes when the answer is no.
_NEGATED = {
    "can": "cant",
    "could": "couldnt",
    "have": "havent",
    "has": "hasnt",
    "had": "hadnt",
    "am": "am not",
    "im": "im not",
    "is": "isnt",
    "are": "arent",
    "was": "wasnt",
    "were": "werent",
    "do": "dont",
    "does": "doesnt",
    "did": "didnt",
    "will": "wont",
    "would": "wouldnt",
    "should": "shouldnt",
    "ive": "i havent",
    "id": "i hadnt",
    "its": "it isnt",
    "theyre": "they arent",
    "theyve": "they havent",
}
# verbs a question about a body part is asked with: "the hip looks red", "coughing makes it worse"
_VERBS = frozenset(
    [
        "feel",
        "look",
        "hurt",
        "get",
        "go",
        "burn",
        "sting",
        "wake",
        "make",
        "keep",
        "come",
        "seem",
        "leak",
        "swell",
        "ache",
        "throb",
    ]
)
_SUBJECTS = {"i": "dont", "you": "dont", "we": "dont", "they": "dont", "it": "doesnt"}
_SUBJECT_WORDS = 4  # "my left leg", "the top of my back": the helping verb comes soon


def _stem(word: str) -> str:
    """A verb of the question without its "-s" ("burns" -> "burn", "goes" -> "go")."""
    if word.endswith("es") and word[:-2] in _VERBS:
        return word[:-2]
    return word[:-1] if word.endswith("s") and word[:-1] in _VERBS else word


def negate(question: str) -> str:
    """What a "no" to the question says: "i had any numbness" -> "i had no numbness", "i can
    feel it" -> "i cant feel it", "the hip looks red" -> "the hip doesnt look red", and
    otherwise "no ..." before it."""
    words = question.split()
    if "any" in words[: _SUBJECT_WORDS + 2]:
        # a denial right before the thing itself: "I had no problems with my waterworks"
        i = words.index("any")
        return " ".join([*words[:i], "no", *words[i + 1 :]])
    for i, w in enumerate(words[: _SUBJECT_WORDS + 1]):
        if w in _NEGATED:
            return " ".join([*words[:i], _NEGATED[w], *words[i + 1 :]])
    if words and words[0] in _SUBJECTS:
        return " ".join([words[0], _SUBJECTS[words[0]], *map(_stem, words[1:2]), *words[2:]])
    for i, w in enumerate(words[1 : _SUBJECT_WORDS + 1], start=1):
        if (stem := _stem(w)) in _VERBS:
            return " ".join([*words[:i], "doesnt" if stem != w else "dont", stem, *words[i + 1 :]])
    return f"no {question}"


def _first_person(m: re.Match[str]) -> str:
    word = m.group(1)
    if word in _FIRST_PERSON:
        return _FIRST_PERSON[word]
    after = (m.group(2) or " ")[1:]
    return "i" if m.start() == 0 or after in _AFTER_SUBJECT else "me"


_TOLD_THEM = re.compile(r"(?:i (?:told (?:her|him|them|the \w+)|said|answered)(?: ,)? )$")


def _answers(ctx: Mapping[str, _Searcher], text: str, start: int) -> list[tuple[int, int, bool]]:
    """Each yes (True) or no (False) said from `start` to two sentences on, in order, with
    where it is said."""
    # three sentence ends on: the question's own (or its sentence's) and two more ("111 asked
    # have you passed urine since this morning? I hadn't even thought about it. no.")
    end = start
    for _ in range(3):
        m = _SENTENCE_END.search(text, end)
        end = m.end() if m else len(text)
    said: list[tuple[int, int, bool]] = []
    for kind, yes in (("retold_yes", True), ("retold_no", False)):
        pat = ctx.get(kind)
        pos = start
        while pat is not None and (m := pat.search(text, pos, end)) is not None:
            said.append((m.start(), m.end(), yes))
            pos = m.end() if m.end() > m.start() else m.end() + 1
    return sorted(said)


def _answer(ctx: Mapping[str, _Searcher], text: str, start: int) -> tuple[bool, int, int] | None:
    """Yes (True) or no (False), and where it is said; None for neither. The last answer given
    counts ("said no then got home and checked and it has": yes), but "only..." only as the
    first words after the question, where it is read with its limit ("asked whether the pain
    wakes me at night. only when I roll over")."""
    said = _answers(ctx, text, start)
    # ... unless a yes is given as the answer: "asked if I was having any leaking. I told her
    # yes, new since yesterday ... I've never needed one" (the "never" is not the answer; a "no"
    # may still be taken back: "I said no but that's a lie")
    for s, e, yes in said:
        if yes and _TOLD_THEM.search(text, max(0, s - 24), s):
            return yes, s, e
    for s, e, yes in reversed(said):
        if not text.startswith("only", s) or _JUST_STOP.fullmatch(text, start, s):
            return yes, s, e
    return None


def _read_wh(ctx: Mapping[str, _Searcher], pat: _Searcher, text: str) -> str:
    """Each question of what, where or how told back with its answer, as what the two say
    together: "asked what sex feels like now. said nothing at all" -> "asked . sex feels like
    now nothing at all". Only where words follow that answer it, and not a yes or a no ("asked
    about the pain - no"), which the questions asked and asked about read."""
    out, last, pos = [], 0, 0
    while (m := pat.search(text, pos)) is not None:
        pos = m.end() + 1
        q_start = m.end() + (text[m.end() : m.end() + 1] == " ")
        stop = _Q_END.search(text, q_start)
        if stop is None or stop.start() == q_start or m.start() < last:
            continue
        link = _WH_LINK.match(text, stop.start())
        if link is None or _SENTENCE_END.match(text, link.end()) or link.end() >= len(text):
            continue  # no answer said after it
        if _says_yes_or_no(ctx, text, link.end()):
            continue
        out += [text[last : m.start()], "asked . ", text[q_start : stop.start()], " "]
        last = link.end()
    return "".join(out) + text[last:] if out else text


def _says_yes_or_no(ctx: Mapping[str, _Searcher], text: str, at: int) -> bool:
    """Whether a yes or a no is the first thing said at `at`."""
    return any(
        (pat := ctx.get(kind)) is not None
        and (m := pat.search(text, at, min(len(text), at + 40))) is not None
        and m.start() == at
        for kind in ("retold_yes", "retold_no")
    )


def read_retold(ctx: Mapping[str, _Searcher], text: str) -> str:
    """Each retold question with an answer, as the statement they make together."""
    text = _WHICH_BOTH.sub("both legs ,", text)
    if (wh := ctx.get("retold_wh")) is not None:
        text = _read_wh(ctx, wh, text)
    ask, about = ctx.get("retold_ask"), ctx.get("retold_about")
    if ask is None and about is None:
        return text
    # (where the rewrite begins, 0 for a question asked and 1 for one about a thing, where it
    # ends, what it says): at one place, the question asked is read before the "about" reading
    found: list[tuple[int, int, int, str]] = []
    for kind, pat in (("ask", ask), ("about", about)):
        pos = 0
        while pat is not None and (m := pat.search(text, pos)) is not None:
            pos = m.end() + 1
            q_start = m.end() + (text[m.end() : m.end() + 1] == " ")
            stop = (_Q_END if kind == "ask" else _SENTENCE_END).search(text, q_start)
            q_end = stop.start() if stop else len(text)
            # the answer may close the question's own sentence: "asked if I'd ever had cancer -
            # no." (read "... had cancer no .")
            said = _answer(ctx, text[:q_end], max(q_start, q_end - 16))
            if said is not None and said[2] == q_end and said[1] > q_start:
                q_end = said[1] - 1
            else:
                said = None
            if kind == "about":
                # ... its answer may follow in the sentence: "asked about chest pain and
                # breathlessness, no to both"
                comma = text.find(" , ", q_start, q_end)
                while comma != -1 and _answer(ctx, text[:q_end], comma) is None:
                    comma = text.find(" , ", comma + 3, q_end)
                q_end = comma if comma != -1 else q_end
            question = text[q_start:q_end].strip().removeprefix(", ")
            if not question:
                continue
            said = said or _answer(ctx, text, q_end)
            if said is None and kind == "ask" and not m.group(0).endswith(("if", "whether")):
                # unanswered, and asked without "if": "GP asked did I have a fever. Sort of"
                found.append((q_start, 0, q_start, "if "))
                continue
            if said is None or (kind == "about" and said[0]):
                continue  # unanswered; and a "yes" about a thing already says it is there
            yes, a_start, a_end = said
            if kind == "ask":
                question = _YOU.sub(
                    _first_person, _INVERTED.sub(r"\2 \1 ", _IVE.sub(r"\1 i have ", question))
                )
                if yes:
                    question = _ASKING_WORDS.sub("", _AUX_FIRST.sub("", question))
                else:
                    question = negate(_LIST_COMMA.sub(" or ", question))
            elif _ANY.search(question):
                # each thing asked about denied: "bladder, any fever, any numbness ... No to all"
                question = _ANY.sub("no ", question if _ANY.match(question) else f"no {question}")
            else:
                # ... and each item of a list: "asked me loads of questions, bladder, bowels,
                # numbness. None of it applied"
                question = "no " + _LIST_COMMA.sub(" , no ", question)
            # the asking stays, a sentence of its own without its "if": "the chemo nurse always
            # asks." still says chemo
            begin = m.start() + len(_ASK_WORD.sub("", m.group(0)))
            question = f" . {question}"
            # an answer that opens the next sentence joins what it tells to the question:
            # "asked if I'd lost weight. I have, nearly 2 stone and not trying" -> "I'd lost
            # weight, nearly 2 stone and not trying"; "asked if the tingling was just in my
            # foot. it's not anymore, it's up both thighs" -> "the tingling wasnt just in my
            # foot, it's up both thighs"
            if kind == "ask" and _JUST_STOP.fullmatch(text, q_end, a_start):
                q_end = a_end
                if not yes and _GOES_ON.match(text, a_end):
                    # ... past a "but", so the denial stops there: "asked do I get any relief
                    # lying down. I said no, it's worse in bed" -> "... no relief lying down
                    # but it's worse in bed"
                    question += " but"
            found.append((begin, kind == "about", q_end, question))
    out, last = [], 0
    for begin, _, q_end, question in sorted(found):
        if begin < last:
            continue  # two askings in one clause: the first is read
        out += [text[last:begin], question]
        last = q_end
    return "".join(out) + text[last:] if out else text
