"""A conversation: triage first on every turn, sticky emergencies, clarifications, follow-ups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backtalk import compose
from backtalk.knowledge.model import Condition, Exercise, KnowledgeBase
from backtalk.matching import (
    BROWSE_WORDS,
    GOAL_WORDS,
    Match,
    Query,
    TopicIndex,
    _stem,
    match_intent,
    match_topics,
    prepare,
)
from backtalk.reply import Reply
from backtalk.second_look import LOOKALIKE, second_look
from backtalk.text import clean, normalise
from backtalk.triage import RANK, Hit, Raised, assess, evaluate, ranked

CONFIDENT = 65.0  # share of an alias's weighted words the message must contain
CLOSE = 0.15  # top two within this share of evidence: ask which one was meant
BROWSE_PAGE = 6
MATCH_CHARS = 2000
# Asking for the last topic again: "how do I do it?", "tell me that again".
_FOLLOW = re.compile(
    r"\b(again|repeat|remind me|that one|this one|(do|does|doing) (it|that|this))\b"
)
_MORE = re.compile(
    r"^\s*(ok |okay |and |so )?((any|some|got any|show me|give me|can i (have|see)|i want|are there( any)?) )?"
    r"(more|more of them|any others?|others|another|anything else|what else( have you got| is there)?|"
    r"next|show more|more please|and\??|keep going|go on|the rest)( please| pls)?\s*[.!?]*\s*$"
)
# Asking what to do about the condition just explained: its exercises.
_HELPS = re.compile(
    r"\b(what (can|should|do) i do( about| for| with)?|what (can|will|would|might|could) help|"
    r"what helps|how (do|can|should) i (fix|treat|ease|help|get rid of|sort)|anything i can do|"
    r"what do you (suggest|recommend))\b"
)
# Follow-up questions about a topic, by kind. Each also works with the topic named
# ("how many reps of glute bridges"); without one it means the last topic.
_DOSE = re.compile(
    r"\b(how many|how long|how often|how much|reps?|repetitions?|sets?|hold|seconds|minutes|"
    r"times a (day|week))\b"
)
_SAFE = re.compile(
    r"\b(safe|safely|(ok|okay|alright|fine) (to|if|with|for)|careful|avoid|harm|dangerous|bad for|"
    r"make (it|things|me) worse|good idea|(should|can|could) i still( do)?|should i do)\b"
)
_WHY = re.compile(
    r"^\s*(why|how come|what for|whats (it|that|this) for|what is (it|that|this) for|"
    r"what does (it|that|this) do|whats the point|what good)\b"
)
_OTHERS = re.compile(
    r"\b(others?|other ones?|anything else|something else|what else|another|alternatives?|"
    r"similar|instead|like (it|that|this))\b"
)
# Words that point back at what was just said.
_BACK = re.compile(r"\b(it|this|that|these|those|them|one|ones|same)\b")
# Singular words for exercise: with a condition and no exercise named, they ask for a list.
_EXERCISE_WORDS = frozenset(["stretch", "exercise", "workout", "strengthen", "routine"])
# Asking how to do something: an exercise answers it better than a condition.
_HOWTO = re.compile(r"\b(how (do|should|can|would|to)|show me|teach me|steps|way to)\b")
# Asking whether to see someone: "should I go to the GP", "is it time to see a physio".
_SEE_DOCTOR = re.compile(
    r"\b((see|go to|visit|book|ring|call|phone|contact|need|get to|seeing|going to)\s+"
    r"(a |an |the |my |to )?(doctor|doc|dr|gp|physio|physiotherapist|specialist|consultant|"
    r"hospital|a and e|a e|someone|somebody|anyone)\b|"
    r"get (it|this|that|my \w+) (checked|looked at|seen)|(checked|checking|looked at) out\b|"
    r"needs? (checking|to be checked|looking at|seeing to)|"
    r"is (it|this|that|my \w+( \w+)?|\w+ \w+) serious|how serious|should i (be )?worr|"
    r"(when|how do i know if) (is|its|it is|my)\b.{0,30}\bserious)"
)
# "the second one", "number 3", "the last one": a place in what was just offered or listed.
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "former": 0,
    "top": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "sixth": 5,
    "6th": 5,
    "latter": -1,
    "last": -1,
}
_ORDINAL = re.compile(r"\b(?:(" + "|".join(_ORDINALS) + r")|(?:number|no|num) ([1-6]))\b")
_NO = re.compile(r"^\s*(no|nope|nah|neither|none|not really|no thanks|wrong|not that)\b")
_YES = re.compile(r"^\s*(yes|yeah|yep|yup|y|sure|ok|okay|correct|that one|please)\b")
_SHORT = 6  # words: longer than this, a "yes" or "the first" starts a new question
# What the answer step gives a message that asks nothing it can answer ("no, just my left foot")
_NOTHING_ASKED = frozenset({"out-of-scope", "empty"})


def _ordinal(low: str) -> int | None:
    """Index of the option a short answer picks (-1 for the last), or None."""
    if len(low.split()) > _SHORT or (m := _ORDINAL.search(low)) is None:
        return None
    return _ORDINALS[m.group(1)] if m.group(1) else int(m.group(2)) - 1


def _confident(m: Match, q: Query) -> bool:
    """A whole alias; or most of one with two of its words, or with every word the message
    has ("how to do firelog"). One stray word in junk text ("drop") is not enough."""
    if m.score >= 99.9:
        return True
    return m.score >= CONFIDENT and (m.words >= 2 or (len(q.tokens) == 1 and m.words == 1))


def _linked_exercises(kb: KnowledgeBase, cond: Condition) -> tuple[str, ...]:
    """A condition's exercises: those it lists, then those that list it."""
    named = [e for e in cond.exercises if e in kb.exercises]
    rest = [e.id for e in kb.exercises.values() if cond.id in e.conditions and e.id not in named]
    return tuple(named + rest)


def _follow_kind(low: str) -> str | None:
    if _WHY.match(low):
        return "why"
    if _DOSE.search(low):
        return "dose"
    if _SAFE.search(low):
        return "safe"
    if _OTHERS.search(low):
        return "others"
    return None


@dataclass(slots=True)
class Chat:
    """One conversation. Not thread-safe; make one per person."""

    kb: KnowledgeBase
    index: TopicIndex
    positives: dict[str, Hit] = field(default_factory=dict)
    lookalike: dict[str, Raised] = field(default_factory=dict)  # flags the examples raised
    level: str = "routine"
    flags: tuple[str, ...] = ()
    pending_clarify: str | None = None
    clarified: str = ""  # the message that raised the pending question: answered after it
    asked: set[str] = field(default_factory=set)
    last_topic: str | None = None
    offered: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()
    listed: int = 0
    shown: tuple[str, ...] = ()  # the exercises of the last list page, for "the second one"
    turns: list[Reply] = field(default_factory=list)

    # -------------------------------------------------------------------- the one entry point
    def send(self, text: str) -> Reply:
        text = clean(text if isinstance(text, str) else str(text))
        reply = self._send(text)
        self.turns.append(reply)
        return reply

    def _send(self, text: str) -> Reply:
        kb = self.kb
        # 1. Triage, always first, on the whole message.
        pending = self.pending_clarify
        self.pending_clarify = None
        raised_by, self.clarified = self.clarified, ""
        a = assess(kb.triage, text, self.positives, may_clarify=True)
        if pending is not None:
            # Read the answer to "where is the numbness?" as "numbness in <answer>".
            prefix = kb.triage.messages["clarify_prefix"].get(pending, "")
            b = assess(kb.triage, f"{prefix} {text}", self.positives, may_clarify=False)
            if RANK[b.level] > RANK[a.level]:
                a = b
            a = type(a)(a.level, a.raised, a.hits, None)
        a = second_look(kb, a, text, self.positives)
        for r in a.raised:
            if any(h.signal == LOOKALIKE for h in r.because):
                self.lookalike[r.flag] = r
        for h in a.hits:
            if h.status == "positive":
                self.positives.setdefault(h.signal, h)
        if RANK[a.level] >= RANK[self.level]:
            self.level = a.level
        self.flags = tuple(dict.fromkeys((*self.flags, *a.flags)))
        src = compose.Sources()

        # 2. Emergency: the advice and nothing else, for the rest of the chat.
        if self.level == "emergency":
            raised = a.raised if a.level == "emergency" else self._all_raised()
            body = compose.warning(kb, "emergency", raised, src)
            if a.level != "emergency":
                body = f"{kb.triage.messages['sticky'].strip()}\n\n{body}"
            return Reply(
                text,
                "emergency",
                self.flags,
                "emergency",
                None,
                body,
                tuple(src.items),
                tuple(compose.why_lines(kb, raised)),
            )

        head = self._urgent_head(src)

        # 3. One clarifying question when numbness or weakness has no place.
        if a.clarify and a.clarify not in self.asked:
            self.asked.add(a.clarify)
            self.pending_clarify = a.clarify
            self.clarified = text
            question = kb.triage.messages["clarify"][a.clarify].strip()
            return Reply(
                text,
                self.level,
                self.flags,
                "clarify",
                None,
                head + question,
                tuple(src.items),
                question=a.clarify,
            )

        # 4. The answer.
        saved = (self.offered, self.shown, self.listing, self.listed)
        intent, topic, body, options = self._answer(text, src)
        if raised_by and intent in _NOTHING_ASKED:
            # "no, just my left foot" answers the clarifying question and asks nothing: what
            # the message before it asked ("...what stretches can I do?") is answered now.
            self.offered, self.shown, self.listing, self.listed = saved
            src = compose.Sources()
            intent, topic, body, options = self._answer(raised_by, src)
            if intent not in _NOTHING_ASKED:
                body = f"Thanks, that helps. Back to what you asked:\n\n{body}"
            head = self._urgent_head(src)
        tail = compose.safety_net(kb, a.cleared)
        full = head + body + (f"\n\n{tail}" if tail else "")
        return Reply(
            text,
            self.level,
            self.flags,
            intent,
            topic,
            full,
            tuple(src.items),
            tuple(compose.why_lines(kb, a.raised)),
            options,
        )

    def _urgent_head(self, src: compose.Sources) -> str:
        """Urgent: the warning comes first, then the answer (its sources numbered in src)."""
        if self.level != "urgent":
            return ""
        return compose.warning(self.kb, "urgent", self._all_raised(), src) + "\n\n---\n\n"

    def _all_raised(self) -> tuple[Raised, ...]:
        """Every flag of the chat so far: the rules' over all positive signals, and the ones
        the examples raised (which no signal stands for)."""
        by_flag = {r.flag: r for r in evaluate(self.kb.triage, self.positives)}
        for flag, r in self.lookalike.items():
            have = by_flag.get(flag)
            if have is None or RANK[r.tier] > RANK[have.tier]:
                by_flag[flag] = r
        return ranked(by_flag.values())

    # -------------------------------------------------------------------------- answering
    def _answer(
        self, text: str, src: compose.Sources
    ) -> tuple[str, str | None, str, tuple[str, ...]]:
        kb, idx = self.kb, self.index
        # Triage has screened the whole message; the question itself is in its first lines.
        q = prepare(idx, text[:MATCH_CHARS])
        low = q.text

        if not q.text.strip(" .!?,;"):
            return "empty", None, self._help_text(short=True), ()

        # Disambiguation answers: "the first one", "yes", or naming one of the options.
        if self.offered:
            chosen = self._pick_offered(low, q)
            self.offered = ()
            if chosen:
                return self._topic_reply(chosen, src)
            if _NO.match(low):
                return (
                    "out-of-scope",
                    None,
                    "No problem. Tell me in other words what you'd like to know, for example "
                    '"stretches for a tight lower back", "how do I do a glute bridge" or '
                    '"what is sciatica".',
                    (),
                )

        shown, self.shown = self.shown, ()
        if shown and (k := _ordinal(low)) is not None and -len(shown) <= k < len(shown):
            # "the second one" after a list: that exercise.
            return self._topic_reply(shown[k], src)

        if self.listing and _MORE.match(low):
            return self._more(src)

        matches = match_topics(idx, q)
        strong = [m for m in matches if _confident(m, q)]
        # Plural or general words ("stretches", "exercises", "strengthening") ask for a list;
        # the synonym step may have turned them into singular canonical words, so look at both.
        raw_words = set(re.findall(r"[a-z]+", normalise(text[:MATCH_CHARS], kb.spelling)))
        browse = bool(raw_words & BROWSE_WORDS)
        if (
            not browse
            and strong
            and strong[0].topic in kb.conditions
            and raw_words & _EXERCISE_WORDS
            and not any(m.topic in kb.exercises and m.score >= 99.9 for m in strong)
        ):
            # "best stretch for sciatica", "how do I stretch my piriformis": no exercise is
            # named in full, so the exercises for the condition answer it.
            browse = True
        howto = False
        if strong and not browse and _HOWTO.search(low):
            # "I sit at a desk all day, how do I stretch my hip flexors?" asks for the exercise.
            exercises = [m for m in strong if m.topic in kb.exercises]
            if exercises:
                howto = True
                strong = exercises + [m for m in strong if m.topic not in kb.exercises]
        small = match_intent(idx, q)

        if small and (not strong or small[1] >= 95):
            return self._intent_reply(small[0])

        if self._elsewhere(raw_words, q, strong[0] if strong else None):
            # "shoulder pain when I lift my arm": pain and lifting match a back strain, but the
            # message is about a part of the body (or a medicine) backtalk does not cover.
            return self._intent_reply("out-of-scope")

        if _SEE_DOCTOR.search(low):
            return self._see_doctor(low, strong, src)

        kind = _follow_kind(low)
        if kind == "others" and self.listing and self.listed < len(self.listing) and not strong:
            return self._more(src)
        if kind is not None:
            target = self._follow_target(kind, low, strong, browse)
            if target is not None:
                return self._follow_up(kind, target, strong, src)

        if (
            not strong
            and not browse
            and self.last_topic in kb.conditions
            and _HELPS.search(low)
            and (_BACK.search(low) or len(q.tokens) <= 1)
        ):
            # "what can I do about it?" right after a condition: the exercises for it.
            browse = True

        if browse and not (
            strong
            and isinstance(kb.topic(strong[0].topic), Exercise)
            and strong[0].evidence > 2.5
            # "hamstring stretches", "inner thigh stretches": only body areas and kinds of
            # exercise, so a list, even where one exercise has that as an alias.
            and strong[0].matched - self._plain_words()
        ):
            return self._browse(q, strong, raw_words, src)

        if strong:
            top = strong[0]
            # After "how do I", only another exercise is a real alternative.
            rivals = [m for m in strong[1:] if not howto or m.topic in kb.exercises]
            second = rivals[0] if rivals else None
            if (
                second is not None
                and second.evidence >= top.evidence * (1 - CLOSE)
                and second.score >= top.score - 5
                # "steroid injection in my si joint": the injection covers all the joint does
                and not top.matched > second.matched
            ):
                return self._disambiguate(top.topic, second.topic)
            return self._topic_reply(top.topic, src)

        if self.last_topic and _FOLLOW.search(low):
            return self._topic_reply(self.last_topic, src)

        near = [m.topic for m in matches if m.score >= 30][:3]
        return self._fallback(near)

    def _pick_offered(self, low: str, q: Query) -> str | None:
        # A clear new question about something else is answered as that instead, even when
        # it starts "ok" or "yes" ("ok what about my lower back").
        matches = match_topics(self.index, q, limit=len(self.kb.topics))
        if matches and _confident(matches[0], q) and matches[0].topic not in self.offered:
            return None
        if (k := _ordinal(low)) is not None and -len(self.offered) <= k < len(self.offered):
            return self.offered[k]
        if _YES.match(low) and len(low.split()) <= 3:
            return self.offered[0]
        # Naming one, even in part ("seated" for the seated knee lift).
        for m in matches:
            if m.topic in self.offered and m.score >= 25:
                return m.topic
        return None

    def _topic_reply(self, topic_id: str, src: compose.Sources):
        topic = self.kb.topic(topic_id)
        assert topic is not None
        self.last_topic = topic_id
        intent = "exercise-howto" if isinstance(topic, Exercise) else "condition-info"
        return intent, topic_id, compose.topic_text(topic, self.kb, src), ()

    def _disambiguate(self, a: str, b: str):
        self.offered = (a, b)
        na, nb = self.kb.topic(a).name, self.kb.topic(b).name  # type: ignore[union-attr]
        return (
            "disambiguate",
            None,
            f'Did you mean **{na}** or **{nb}**? You can say "the first one", "the second one", or name it.',
            (a, b),
        )

    def _browse(self, q: Query, strong: list[Match], raw_words: set[str], src: compose.Sources):
        kb = self.kb
        goal = next((GOAL_WORDS[t] for t in sorted(raw_words) if t in GOAL_WORDS), None)
        pool = list(kb.exercises.values())
        title = "Exercises"
        area_ids: set[str] = set()
        for t in q.tokens:
            area_ids.update(self.index.areas.get(t, ()))
        # A condition scopes the list only if it was named by more than body areas and kinds
        # of exercise: "stretches for my hips" is every hip stretch, not "hip mobility".
        plain = self._plain_words()
        cond = next(
            (
                kb.conditions[m.topic]
                for m in strong
                if m.topic in kb.conditions and m.matched - plain
            ),
            None,
        )
        if cond is None and not area_ids and self.last_topic in kb.conditions:
            # "what exercises help?" right after sciatica means exercises for sciatica.
            cond = kb.conditions[self.last_topic]
        if cond is not None:
            linked = set(_linked_exercises(kb, cond))
            pool = [e for e in pool if e.id in linked]
            title += f" for {cond.name.lower()}"
        if area_ids and cond is None:
            pool = [e for e in pool if e.id in area_ids] or pool
        if goal and (of_goal := [e for e in pool if e.goal == goal]):
            pool = of_goal
            title = {
                "stretch": "Stretches",
                "strengthen": "Strengthening exercises",
                "mobility": "Mobility exercises",
            }[goal] + title[len("Exercises") :]
        self.listing = tuple(e.id for e in pool)
        self.listed = 0
        self.last_topic = cond.id if cond else self.last_topic
        return self._more(
            src, title=title, intent="browse-exercises", topic=cond.id if cond else None
        )

    def _elsewhere(self, raw_words: set[str], q: Query, top: Match | None) -> bool:
        """The message is about something out of scope: it names one (a knee, a shoulder,
        a medicine) and no hip or back area, and the best match is a condition or only body
        areas. An exercise named by its own words stays ("bird dog on my hands and knees")."""
        idx = self.index
        stems = {_stem(w) for w in raw_words} | q.tokens
        named = stems & idx.elsewhere
        if not named or stems & set(idx.areas):
            return False
        if top is None:
            return True
        if top.matched & named:
            return False
        return top.topic in self.kb.conditions or not top.matched - self._plain_words()

    def _plain_words(self) -> set[str]:
        """Words that name body areas and kinds of exercise, not one exercise or condition."""
        return set(self.index.areas) | {_stem(w) for w in (*GOAL_WORDS, *BROWSE_WORDS)}

    def _more(
        self,
        src: compose.Sources,
        title: str = "More exercises",
        intent: str = "browse-more",
        topic: str | None = None,
    ):
        batch = self.listing[self.listed : self.listed + BROWSE_PAGE]
        self.shown = batch
        if not batch and not self.listing and topic in self.kb.conditions:
            name = self.kb.conditions[topic].name
            return (
                intent,
                topic,
                f"My sources don't name exercises for {name[0].lower() + name[1:]}. A GP or "
                "physio can suggest the right ones for you; or ask for a kind of exercise, for "
                'example "hip strengthening exercises" or "stretches for my lower back".',
                (),
            )
        if not batch:  # the list stays, so another "more" gets the same answer
            return (
                intent,
                topic,
                "That's all I have on that list. Ask about any exercise by name for the steps.",
                (),
            )
        self.listed += len(batch)
        lines = [f"**{title}:**", ""]
        for eid in batch:
            ex = self.kb.exercises[eid]
            lines.append(
                f"- **{ex.name}** ({ex.goal}): {ex.summary.split('. ')[0].rstrip('.')}. "
                f"{src.mark(ex.citations[:1])}"
            )
        left = len(self.listing) - self.listed
        more = f', or say "more" for {left} more' if left else ""
        lines += ["", f'Ask "how do I do …" for the steps{more}.']
        return intent, topic, "\n".join(lines), tuple(batch)

    def _follow_target(self, kind: str, low: str, strong: list[Match], browse: bool) -> str | None:
        """Which topic a follow-up question is about, or None if it is not one."""
        kb = self.kb
        named_ex = next((m.topic for m in strong if m.topic in kb.exercises), None)
        last = self.last_topic
        back = bool(_BACK.search(low)) or not strong
        if kind in ("dose", "safe"):
            if named_ex is not None:
                return named_ex
            if last in kb.exercises and back:
                return last  # "is it safe with sciatica?": the exercise, with that condition
            # After a condition, "how many reps?" needs an exercise: its list is offered.
            return last if last in kb.conditions and back and not strong else None
        if kind == "why":
            return last if last is not None and back else None
        # others
        if named_ex is not None and re.search(r"\b(like|similar)\b", low):
            return named_ex
        if browse and strong:
            return None  # "other stretches for sciatica" is a new list
        return last if last is not None and back else None

    def _follow_up(self, kind: str, topic_id: str, strong: list[Match], src: compose.Sources):
        kb = self.kb
        topic = kb.topic(topic_id)
        assert topic is not None
        self.last_topic = topic_id
        if kind == "dose" and isinstance(topic, Exercise):
            dose = (
                topic.dosage
                or "The sources don't give a number for this one: start gently, a few slow repetitions or a 20-30 second hold, and build up if it feels fine."
            )
            return (
                "exercise-dosage",
                topic.id,
                f"**{topic.name}: how much** — {dose} {src.mark(topic.citations[:1])}",
                (),
            )
        if kind == "safe" and isinstance(topic, Exercise):
            cond = next((kb.conditions[m.topic] for m in strong if m.topic in kb.conditions), None)
            return "exercise-safety", topic.id, compose.safety_text(topic, cond, src), ()
        if kind == "why":
            return "explain-why", topic.id, compose.why_text(topic, kb, src), ()
        if kind in ("dose", "safe") and isinstance(topic, Condition):
            self.listing, self.listed = self._related(topic), 0
            return self._more(
                src,
                title=f"Which exercise do you mean? Exercises for {topic.name.lower()}",
                intent="browse-exercises",
                topic=topic.id,
            )
        if kind == "others":
            related = self._related(topic)
            self.listing, self.listed = related, 0
            return self._more(
                src,
                title=f"Related to {topic.name}",
                intent="browse-exercises",
                topic=topic.id,
            )
        return self._topic_reply(topic.id, src)

    def _related(self, topic: Exercise | Condition) -> tuple[str, ...]:
        kb = self.kb
        if isinstance(topic, Condition):
            return _linked_exercises(kb, topic)
        # Same body areas, the same kind of exercise first.
        others = [
            e for e in kb.exercises.values() if e.id != topic.id and set(e.areas) & set(topic.areas)
        ]
        others.sort(key=lambda e: (e.goal != topic.goal, -len(set(e.areas) & set(topic.areas))))
        return tuple(e.id for e in others)

    def _see_doctor(self, low: str, strong: list[Match], src: compose.Sources):
        kb = self.kb
        cond_id = next((m.topic for m in strong if m.topic in kb.conditions), None)
        if cond_id is None and self.last_topic in kb.conditions and _BACK.search(low):
            cond_id = self.last_topic
        general = kb.intents["see-doctor"].reply if "see-doctor" in kb.intents else ""
        if cond_id is None:
            return "see-doctor", None, general or self._help_text(short=True), ()
        self.last_topic = cond_id
        return (
            "see-doctor",
            cond_id,
            compose.see_doctor_text(kb.conditions[cond_id], general, src),
            (),
        )

    def _intent_reply(self, intent_id: str):
        intent = self.kb.intents[intent_id]
        if intent_id == "help":
            return "help", None, self._help_text(), ()
        return intent_id, None, intent.reply or self._help_text(short=True), ()

    def _help_text(self, short: bool = False) -> str:
        help_intent = self.kb.intents.get("help")
        text = (
            help_intent.reply
            if help_intent and help_intent.reply
            else (
                "I can explain hip and lower-back exercises and conditions, with sources. "
                'Try: "how do I do pigeon pose", "stretches for sciatica", "what is piriformis syndrome".'
            )
        )
        return text

    def _fallback(self, near: list[str]):
        """Below the confidence floor: no guess, a polite redirect with two or three options."""
        names = [self.kb.topic(t).name for t in near]  # type: ignore[union-attr]
        text = (
            "I'm not sure what you mean, and I'd rather not guess. "
            "I can explain hip and lower-back exercises and conditions."
        )
        if len(names) >= 2:
            text += (
                " Did you mean "
                + ", ".join(f"**{n}**" for n in names[:-1])
                + f" or **{names[-1]}**?"
            )
        elif names:
            text += (
                f' Did you mean **{names[0]}**? Or try "stretches for sciatica" or '
                '"what is spinal stenosis".'
            )
        else:
            text += ' Try: "how do I do a glute bridge", "stretches for sciatica" or "what is spinal stenosis".'
        self.offered = tuple(near)
        return "out-of-scope", None, text, tuple(near)
