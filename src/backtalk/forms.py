"""Forms, checklists and question-and-answer lines, as the plain sentences they mean.

What people paste: "Fever? no", "Stand: no", "[ ] numb bum", "Q: ... / A: yes", a header line
("numbness:", "For my sister:", "- my son") over the lines under it. Each line is rewritten
as the sentence it means before the message is read; the words of the answers are grammar
(yes, no, none), not medicine, so they live here and not in the knowledge.
"""

from __future__ import annotations

import re

_BULLET = r"\s*(?:[-*\u2022>]+|\d+[.)])?\s*"
_CHECKBOX = re.compile(rf"^{_BULLET}\[\s*([xX*\u2713\u2714\u2717])?\s*\]\s*(.*)$")
# (a label holds no colon: "symptoms: ... history: disc op 6 yrs ago. fever: none" is three;
# nor a sentence end: "Temp - yes, been hot and cold. ... Everything else the GP asked: no" denies
# only the last)
_ANSWERED = re.compile(
    rf"^{_BULLET}(?:q\s*[:.)]\s*)?(?![^:\n]*\b(?:asked|asks)\s)((?:[^:.!?]|\.(?=\d))*?)"
    r"\s*(?:\?+\s*|:\s*|\s[-=\u2013]+\s*|=\s*)"
    r"(yes|yeah|yep|y|no|nope|n|none|nil|neg|negative|positive|present|absent|0|zero|can'?t"
    r"|cannot|unable|[-\u2212]ve|\+ve)(?=\s*(?:$|[,.;:!(\u2013-]))[\s,.;:!\u2013-]*(.*)$",
    re.IGNORECASE,
)
_YES = {"yes", "yeah", "yep", "y", "positive", "present", "+ve"}  # "+ve"/"-ve": clinic shorthand
_YES_WORDS = {"yes", "yeah", "yep", "yup", "aye"}
# ... and lines of a form with the answer after a space: "fever no", "numb no", "weak yes"
# (two such lines at least: "and I said no" alone is a sentence)
_BARE_ANSWER = re.compile(
    rf"^{_BULLET}((?!i\b)[A-Za-z']+(?: [A-Za-z']+)?)"
    r"\s+(yes|yeah|yep|no|nope|none|nil|y|n)\s*[.!]*\s*$",
    re.IGNORECASE,
)
# ... and inside a line: "Been on chemo before? No. Fever? No. Just a stiff back."
# ... and told back: "'Any tingling down there?' - no", "'Any change during sex?' Me: er, actually
# yes"
_INLINE = re.compile(
    r"(?:^|(?<=[.?!;,:]))\s*(?:[-*\u2022>]+\s*)?(?![-*\u2022>\s]*asked )([^\s.?!,;:][^.?!\n,;:]{0,39}?)"
    # ... or told after a dash: "Chest pain - no. Fever - no."
    r"(?:\?['\"\u2019\u201d]?\s*(?:[-\u2013\u2014]\s*)?|(['\"\u2019\u201d]?\s+[-\u2013\u2014])\s*)"
    r"(?:(?:me|i said|i put|i wrote|i ticked|i answered)\s*:?\s*)?"
    r"(?:(?:er|erm|um|uh|well|actually|honestly|sadly)[,.]?\s+)*"
    r"(yes|yeah|yep|no|nope|none|nah|never|not really"
    r"|not at all)(?=(?:\s+(?:haha|hah|lol|lmao|thankfully|luckily|mate|nothing like that|not really"
    r"|nothing|at all|thank god|thank goodness))*\s*(?:[.,;!]|$))",
    re.IGNORECASE,
)
# ... and a question of a word or three, answered on: "Numbness? A bit, yeah, round my bum",
# "Tingling where? Inner thighs, both sides", "Fever? Had one last month, long gone". The
# question is a label for what follows, read as one sentence with it.
_LABEL_Q = re.compile(
    rf"(^{_BULLET}|(?<=[.!;])\s+)(?![-*\u2022>\s]*asked )((?:[A-Za-z']+ ){{0,2}}[A-Za-z']+)"
    r"\?+[ \t]+([^?\n]+?)(?=[.!?;]|$)"
)
_YN_REST = re.compile(r"([YyNn])\b[\s,.;:(-]*(.*?)\)?\s*")
_AFFIRMED = re.compile(
    r"^(?:(?:a bit|a little|abit|some|yes|yeah|yep|yh|aye|ya|definitely|sort of|kind of|a few"
    r"|a lot|loads|lots)\b[\s,.!-]*)*",
    re.IGNORECASE,
)
_DENIES = re.compile(
    r"(?:no|nope|nah|not|none|nil|never|only|just|my|his|her|our|their|he|she|they|someone"
    r"|somebody|dunno|not sure|maybe)\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = re.compile(r"(?:\s+(?:where|exactly|when|how|much|bad|often))+$", re.I)
# A header that says how the lines answer, not what about: its "no" denies nothing. Nor is
# one that tells who asked ("Pharmacist asked:", "111 questions i got asked:") a topic.
_NO_TOPIC = re.compile(
    r"(?:(?:yes\s*/\s*no|y\s*/\s*n|yes or no)(?:\s+answers?)?|answers?|ok so|so)$"
    # (but "my husband was asked these:" is about him)
    r"|(?!.*\b(?:was|were|got|been|being) asked)"
    r"(?=.*\b(?:asked|asks|asking|questions?|list|checklist|went through)\b)"
    r"|.*\bi (?:was|got|been) asked\b",
    re.I,
)
# A question asked of the speaker ("did you fall? yes slipped on the mat", "can you put weight
# on it? no") or of a part ("is the hip hot? yes"), answered at once: marked as asked, so it is
# read as a retold question (backtalk.retold) and becomes what the answer says.
_ASKED_OF = re.compile(
    rf"(^{_BULLET}|(?<=[.!?:;])(?<!asked:)(?<!asks:)\s+)(['\u2018\u201c\"]?)"
    r"((?:(?:do|does|did|can|could|are|were|will|would)\s+(?:you|u)\s+(?!have\b|tell\b|help\b"
    r"|think\b|know\b|recommend\b|suggest\b|advise\b|explain\b|please\b)"
    r"|(?:is|are|was|were|does|do|has|have|did)\s+(?:the|my|your)\s)"
    r"[^?\n]{1,80}\?+['\u2019\u201d\"]?\s*(?:[-\u2013\u2014:]\s*)?)"
    r"((?:yes|yeah|yep|yup|aye|no|nope|nah|not|honestly|sadly|barely|hardly|never|only|just"
    r"|i (?:do|did|can|cant|can't|have|haven't|havent|am|don't|dont|didn't|didnt))\b)"
    r"(?=( [a-z])?)",
    re.I,
)
# ... after a line that tells of the asking: "gp receptionist asked", "111 questions i got asked:"
_ASKING_LINE = re.compile(r"\b(?:asked|asks|asking|questions|list|checklist|went through)\b", re.I)
# A question that offers a choice, answered "both": "pain down one leg or both? both", "left,
# right or both - both now", "which leg? both" say both legs.
_CHOICE = re.compile(
    r"(?:(?:the )?(?:one|left|right)(?: (legs?|sides?|foot|feet))?(?:,? or |, )){1,2}both"
    r"(?: (legs|sides|feet))?|which (legs?|sides?|foot|feet)(?: is it| are they| was it)?",
    re.I,
)
_BOTH_ANSWER = re.compile(
    r"\s*(?:\?+|[-\u2013\u2014:]+)['\u2019\u201d\"]?\s*(?:i said |i told (?:her|him|them) )?"
    r"(?:it'?s |its |it s )?both\b"
    r"(?: (?:legs|sides|feet|of them))?",
    re.I,
)
_CHOICE_ANSWERED = re.compile(f"(?:{_CHOICE.pattern}){_BOTH_ANSWER.pattern}", re.I)
_PLURAL = {"leg": "legs", "side": "sides", "foot": "feet"}
_ENDS_IN_PLACE_WORD = re.compile(r"(?:down|in|into|on|to|through|both|\A)\s*$", re.I)
# Answers in brackets: "fever (no), weakness (no), bladder (fine)", "hot hip (yes)"
_BRACKET_NO = re.compile(
    r"(?:^|(?<=[,:;.]))(\s*)([A-Za-z][A-Za-z' ]{0,30}?)"
    r"\s*\(\s*(?:no|nope|none|nil|n|neg|negative)\s*\)"
    r"(?:\s*[,;])?",
    re.I,
)
_BRACKET_YES = re.compile(r"\s*\(\s*(?:yes|yeah|yep|y|positive)\s*\)", re.I)
# Ticked and crossed items: "✓ stiff in the morning ✗ numbness ✗ bladder issues" (not the
# red cross that only marks a line out: "❌ can't feel the toilet paper")
_MARKED = r"\s*([^\u2713\u2714\u2611\u2612\u2705\u2717\u2718\u274c\u2610\n\u2014]+)"  # to the next
_TICK = "[\u2713\u2714\u2611\u2612\u2705]"  # (a box with a cross in it is a box ticked)
# (both in one pass: an item ticked after one crossed is not read into the cross, "✗ fever ✓
# can't pee since this morning")
_TICKED_OR_CROSSED = re.compile(rf"(?:({_TICK})|[\u2717\u2718]){_MARKED}")
# An empty box beside ticked ones is an item left unticked: "☐ numbness groin ☐ bladder ☑ low
# back ache" (alone, a list of empty boxes ticks nothing and denies nothing)
_EMPTY_BOX = "\u2610"
_BOX_INLINE = re.compile(r"\[\s*([xX*\u2713\u2714])?\s*\]")
# ... or two or more after their labels in one run: "Other questions - fever no, injury no"
# (a label of up to three words, a slash joining two: "bladder/bowel no, numbness in saddle no")
_PAIR = (
    r"(?:(?!(?:i|he|she|they|we|you|it|said|told|say|says|and|but|so|or|me)\b)[A-Za-z]+(?:/[A-Za-z]+)? ){1,3}"
    r"(?:no|nope|none|nil)"
)
_PAIR_RUN = re.compile(
    rf"(?:^|(?<=[-:,.\u2013]))(\s*)({_PAIR}(?:\s*,\s*{_PAIR}){{1,11}})"
    r"(?=\s*(?:[.;!]|$|,\s*(?:and|but)\b))",
    re.I,
)
_PAIR_ONE = re.compile(r"([A-Za-z/]+(?: [A-Za-z/]+){0,2}) (?:no|nope|none|nil)\b", re.I)
# ... or a list answered item by item: "Then bladder, bowels, fever - no, no, no"
_ITEMS_ANSWERED = re.compile(
    # (from a word's start, a dozen items at most, words of a bounded length: a long run of
    # letters or of items with no answers after it must fail once, not once for each part of it)
    r"(?<![A-Za-z])((?:[A-Za-z]{1,30}(?: [A-Za-z]{1,30})?\s*,\s*){1,11}[A-Za-z]{1,30}"
    r"(?: [A-Za-z]{1,30})?)\s*[-:\u2013]?\s*"
    r"((?:(?:no|nope|yes|yeah|yep)\s*,\s*){1,11}(?:no|nope|yes|yeah|yep))\b",
    re.I,
)
# "Breathing ok? No": the answer says it is not
_OK = re.compile(r"(?:ok|okay|fine|alright|all right|normal|good)$", re.I)
# who asked, said after the question and before its answer: "Numb down there? the nurse asked.
# no." is "Numb down there? no."
_ASKED_AFTER = re.compile(
    r"\?(['\"\u2019\u201d]?)\s*(?:the|my|she|he|they|her|him)\s+(?:[a-z0-9]+\s+){0,2}"
    r"(?:asked|asks|wanted to know)(?:\s+me)?\s*[.,:!]+\s*(?=(?:no|nope|nah|yes|yeah|yep)\b)",
    re.I,
)
_ABLE_TO = re.compile(
    r"^(?:(?:are you |were you |is he |is she )?able to|(?:can|could) (?:you|u))\s+", re.I
)
_LETTER_ANSWER = re.compile(
    r"(?:^|(?<=[.;!?])|(?<=\s\s)|(?<=:))[ \t]*([A-Za-z][^?:.\n]{0,50}?)[ \t]*"
    r"(?:\?|:|\s[Yy]\s*/\s*[Nn]\s*:)[ \t]*([YN])\b[ \t]*(?:\(([^)\n]*)\))?[.;]?",
    re.M,
)
_QA_INLINE = re.compile(r"(?<=\S)[ \t]+(?=[QA]:\s)")
_QNUM_INLINE = re.compile(r"(?<=\S)[ \t]+(?=[Qq]\d{1,2}\b)")
_QLINE = re.compile(r"^\s*q\s*[:.)]\s*(.*)$", re.IGNORECASE)
_ALINE = re.compile(r"^\s*a\s*[:.)]\s*(.*)$", re.IGNORECASE)
_HEADER = re.compile(
    rf"^{_BULLET}([^:\n]{{1,40}}):\s*$|^{_BULLET}((?:for |re )?my \w+(?: \(\d+\))?)\s*$", re.I
)
# "Stand: no" means cannot stand; "Fever: no" means no fever
_ABILITY = re.compile(
    r"(?:stand|walk|wee|pee|urinat|weight ?bear|bear(?:ing)? weight|put(?:ting)? weight|move|moving"
    r"|lift|sit|feel|control|get up|empty)",
    re.IGNORECASE,
)
# ... unless the label names a trouble with it: "Pee problem? no" means no problem peeing
_TROUBLE = re.compile(
    r"\b(?:problems?|issues?|troubles?|difficult(?:y|ies)|changes?|pain|probs?)\b", re.I
)
_ASKED_IN = re.compile(r"\b(?:asked|asks)\b", re.I)
# A sentence told with its own verb, not a label ("there was blood in my pee", "I've had")
_TOLD = re.compile(
    r"\s*(?:there (?:is|was|were|has been)|i (?:have|had|was|am|got)|i'?ve|i'?m|it'?s|it (?:is|was))\b",
    re.I,
)
_GERUND = re.compile(r"(?<=stand)ing\b|(?<=walk)ing\b", re.I)
_AUX_THING = re.compile(r"^(?:is|are|was|were|does|do|has|have)\s+(?=(?:the|my|your)\s)", re.I)
# A table typed with pipes: "| saddle numbness | no |". A row of two cells is a label and its
# answer; a rule row ("|---|---|") is dropped; a header row (one a rule follows, or one of
# words that only name the columns) is not a finding, but a header that names what is asked
# ("| Area | Numb? |") joins each label ("left foot numb: yes").
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_COLUMN_NAMES = re.compile(
    r"(?:question|questions|answer|answers|symptom|symptoms|area|areas|me|mine|response|status"
    r"|result|value|notes?|yes ?/ ?no|y ?/ ?n|item|check|sign|signs|what|where|details?|today"
    r"|now|present|body part|part|place)\??",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"^(?:[^'\u2018]*\b(?:asked|asks)\s+(?:me\s+)?)?['\u2018]?"
    r"(?:any|do you have|have you (?:had|got|noticed)|is there|are there|is it|are they|does it"
    r"|do they)\s+",
    re.I,
)


def _answer(label: str, answer: str, rest: str) -> str:
    label = _ASKING.sub("", label.strip())
    rest = f", {rest}" if rest.strip() else ""
    if answer.lower() in _YES:
        # "is the hip hot? yes" -> "the hip hot"
        return f"{_AUX_THING.sub('', label)}{rest}"
    if ok := _OK.search(label):
        return f"{label[: ok.start()]}not {ok.group(0)}{rest}"
    label = _ABLE_TO.sub("", label)  # "Able to weight bear? N" -> "cant weight bear"
    if _ABILITY.match(label) and not _TROUBLE.search(label):
        # "Standing: can't" -> "cant stand"
        return f"cant {_GERUND.sub('', label)}{rest}"
    return f"no {label}{rest}"


def _labelled(m: re.Match[str]) -> str:
    """ "Numbness? A bit, yeah, round my bum" -> "Numbness round my bum"; left alone when the
    answer denies or is about someone else; the answer alone when it names the label again
    ("Temperature? only the hot water bottle, no temperature")."""
    label, answer = m.group(2), _AFFIRMED.sub("", m.group(3))
    if bare := _YN_REST.fullmatch(m.group(3)):
        # a form's letter answer: "Cancer ever? N", "Unexplained weight loss? N (on a diet...)"
        return m.group(1) + _answer(label, bare.group(1), bare.group(2) or "")
    last = label.split()[-1].lower()
    if len(last) >= 4 and last in m.group(3).lower():
        return m.group(1) + m.group(3)
    if not answer or _DENIES.match(answer) or _DENIES.match(label):
        return m.group(0)  # (nor a label that denies: "it's just... not there? wiping...")
    topic = _QUESTION_WORDS.sub("", label) or label
    return f"{m.group(1)}{topic} {answer}"


def _both(m: re.Match[str]) -> str:
    """ "pain down one leg or both? both" -> "pain down both legs" (one of a choice, answered)"""
    # (the match's groups are the choice's: _CHOICE_ANSWERED is _CHOICE, then the answer)
    noun = next((n for n in m.groups() if n), "legs").lower()
    both = f"both {_PLURAL.get(noun, noun)}"
    if not _ENDS_IN_PLACE_WORD.search(m.string, 0, m.start()):
        both = f"in {both}"
    # ... still a question with its answer, when it was asked as one: "is the pain in one leg or
    # both? I said both" -> "is the pain in both legs? yes"
    return f"{both}? yes" if "?" in m.group(0) else both


def _paired(m: re.Match[str]) -> str:
    return m.group(1) + ". ".join(f"no {label}" for label in _PAIR_ONE.findall(m.group(2)))


def _item_by_item(m: re.Match[str]) -> str:
    """ "bladder, bowels, fever - no, no, no" -> "no bladder. no bowels. no fever." (the same
    number of answers as items, else left as it is)"""
    items = [i.strip() for i in m.group(1).split(",")]
    answers = [a.strip().lower() for a in m.group(2).split(",")]
    if len(items) != len(answers):
        return m.group(0)
    return " ".join(
        f"{i}." if a in _YES_WORDS else f"no {i}." for i, a in zip(items, answers, strict=True)
    )


def _comma_after(m: re.Match[str]) -> str:
    return "," if m[5] and m[4].lower() in _YES_WORDS else ""


def _line(t: str, asked: bool) -> str:
    """One line, its questions and answers read as statements; `asked` when a line before it
    tells of someone asking ("Pharmacist asked:"), so its questions are theirs."""
    # (each "no" ends its own sentence: "fever (no), numb bum (yes)" denies only the fever)
    t = _BRACKET_YES.sub("", _BRACKET_NO.sub(r"\1no \2.", t))
    t = _TICKED_OR_CROSSED.sub(lambda m: f"{'' if m.group(1) else 'no '}{m.group(2).strip()}. ", t)
    t = _ITEMS_ANSWERED.sub(_item_by_item, _PAIR_RUN.sub(_paired, t))
    t = _CHOICE_ANSWERED.sub(_both, t)
    if asked:
        # (a yes said on into more words ends there: "did you fall? yes slipped on the mat")
        t = _ASKED_OF.sub(
            lambda m: f"{m[1]}{m[2]}asked {m[3]}{m[4]}{_comma_after(m)}",
            t,
        )
    return _LABEL_Q.sub(_labelled, _INLINE.sub(_inline, t))


def _inline(m: re.Match[str]) -> str:
    # (a question someone asked, answered after a dash, is left for backtalk.retold: "Doctor
    # asked do I have osteoporosis - yes, diagnosed 2019")
    if m.group(2) and _ASKED_IN.search(m.group(1)):
        return m.group(0)
    # (nor a sentence of its own with its verb, corrected after the dash: "there was blood in
    # my pee this morning - no, not a period" is not a "no" to blood in the pee)
    if m.group(2) and _TOLD.match(m.group(1)):
        return m.group(0)
    said = _answer(m.group(1), m.group(3), "")
    # a "no" ends its sentence before what is said after it: "breathing? no, can't catch my
    # breath even sat still" (the "no" is not a denial of the words after the comma)
    if said.startswith(("no ", "cant ")) and m.string[m.end() :].lstrip().startswith(","):
        return said + " ."
    return said


def _tables(text: str) -> str:
    """Rows of a two-column pipe table as "label: answer" lines (see _TABLE_ROW)."""
    lines = text.split("\n")
    out: list[str] = []
    asked = ""  # what a header names, joined to each label
    for i, line in enumerate(lines):
        if _RULE_ROW.match(line):
            continue
        row = _TABLE_ROW.match(line)
        cells = [c.strip() for c in row.group(1).split("|")] if row else []
        if not row and len(parts := line.split("|")) >= 2 and all(map(_BARE_ANSWER.match, parts)):
            # answers in a run between pipes: "Fever N | swelling N | redness N"
            out += [p.strip() for p in parts]
            continue
        if len(cells) != 2 or not all(cells):
            out.append(line)
            asked = "" if not row else asked
            continue
        label, answer = cells
        ruled = i + 1 < len(lines) and bool(_RULE_ROW.match(lines[i + 1]))
        named = _COLUMN_NAMES.fullmatch(answer) is not None
        names = named and _COLUMN_NAMES.fullmatch(label) is not None
        if ruled or names:
            asked = "" if named else answer.rstrip(" ?")
            if not names:
                out.append(f"{label} {answer}")  # its words stay, read as they are
            continue
        out.append(f"{label} {asked}: {answer}" if asked else f"{label}: {answer}")
    return "\n".join(out)


def read_form(text: str) -> str:
    """A form, checklist or Q/A typed as lines, as the plain sentences it means."""
    if "|" in text:
        text = _tables(text)
    # (each pass only where its mark is: read_form runs on every message)
    if "?" in text:
        text = _ASKED_AFTER.sub(r"?\1 ", text)
    # questions and answers typed on one line: "Q: any weakness? A: no. Q: numbness in saddle
    # area? A: no", "Q1 yes Q2 yes Q3 no Q4 my bum cheeks are numb": one line each (before the
    # letters are read, so that no answer's "no" is left on the line above)
    if "Q:" in text and "A:" in text:
        text = _QA_INLINE.sub("\n", text)
    if len(_QNUM_INLINE.findall(text)) >= 2:
        text = _QNUM_INLINE.sub("\n", text)
    # a form's letter answers in a run: "Fall? Y. Able to weight bear? N.", "Bladder change Y/N: N.
    # Bowel change: N.", "Pain in both legs? N   Pain in one leg? Y (right, to ankle)"
    if ("?" in text or ":" in text) and len(_LETTER_ANSWER.findall(text)) >= 2:
        text = _LETTER_ANSWER.sub(lambda a: f" {_answer(a[1], a[2], a[3] or '')}. ", text)
    # boxes typed inline, two or more on a line: "[✓] numbness between my legs  [ ] fever" (an
    # empty one is "no", as on a line of its own)
    if "[" in text:
        text = "\n".join(
            _BOX_INLINE.sub(lambda b: "\u2713 " if b.group(1) else "\u2717 ", line)
            if len(_BOX_INLINE.findall(line)) >= 2
            else line
            for line in text.split("\n")
        )
    if _EMPTY_BOX in text and re.search(_TICK, text):
        text = text.replace(_EMPTY_BOX, "\u2717")
    if (
        not any(c in text for c in "\n[?:(-\u2013\u2713\u2714\u2611\u2612\u2705\u2717\u2718")
        and not _PAIR_RUN.search(text)
        and not _ITEMS_ANSWERED.search(text)
    ):
        return text
    lines, asked = [], False
    for t in text.split("\n"):
        lines.append(_line(t, asked))
        asked = asked or bool(_ASKING_LINE.search(t))
    out: list[str] = []
    header = ""
    bare_form = sum(bool(_BARE_ANSWER.match(t)) for t in lines) >= 2
    i = 0
    while i < len(lines):
        line = lines[i]
        q = _QLINE.match(line)
        a = _ALINE.match(lines[i + 1]) if q and i + 1 < len(lines) else None
        if q and a:
            line = f"{q.group(1).rstrip(' ?')}? {a.group(1)}"
            i += 1
        i += 1
        if not line.strip():
            header = ""
            out.append(line)
            continue
        if h := _HEADER.match(line):
            header = (h.group(1) or h.group(2)).strip()
            if _NO_TOPIC.match(header):
                header = ""  # "yes/no:" over "high temp - yes": each line is its own answer
            out.append(line)
            continue
        if box := _CHECKBOX.match(line):
            line = box.group(2) if box.group(1) else f"no {box.group(2)}"
        elif (ans := _ANSWERED.match(line)) and not (
            _TOLD.match(ans.group(1)) and ans.group(2).lower() in ("no", "nope", "n")
        ):
            line = _answer(*ans.groups())
        elif bare_form and (bare := _BARE_ANSWER.match(line)):
            line = _answer(bare.group(1), bare.group(2), "")
        out.append(f"{header} {line}" if header else line)
    return "\n".join(out)
