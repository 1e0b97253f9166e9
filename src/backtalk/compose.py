"""Reply text: Markdown built from triage results and knowledge entries. Wording lives in YAML."""

from __future__ import annotations

from collections.abc import Iterable

from backtalk.knowledge.model import Citation, Condition, Exercise, KnowledgeBase
from backtalk.second_look import LOOKALIKE
from backtalk.triage import OTHER, POSITIVE, Hit, Raised

ICONS = {"emergency": "🚨 EMERGENCY", "urgent": "⚠️ URGENT"}


class Sources:
    """Numbers citations in order of first use so [n] marks match `citations`."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def mark(self, cites: Iterable[Citation]) -> str:
        marks = []
        for c in cites:
            if c not in self.items:
                self.items.append(c)
            marks.append(f"[{self.items.index(c) + 1}]")
        return " ".join(marks)


def why_lines(kb: KnowledgeBase, raised: Iterable[Raised]) -> list[str]:
    lines: list[str] = []
    for r in raised:
        for hit in r.because:
            if hit.signal == LOOKALIKE:
                line = kb.triage.messages["lookalike"].strip().format(shared=hit.quote)
            else:
                line = f'you said "{hit.quote}": {kb.triage.signal(hit.signal).why}'
            if line not in lines:
                lines.append(line)
    return lines


def warning(kb: KnowledgeBase, level: str, raised: tuple[Raised, ...], src: Sources) -> str:
    """The red-flag block: banner, what to do, why, what it may be, what to tell them."""
    msgs = kb.triage.messages
    shown = [r for r in raised if r.tier == level] or list(raised)
    names = "; ".join(kb.triage.flags[r.flag].name for r in shown)
    out = [f"**{ICONS[level]}: {names}**", "", msgs[level].strip(), ""]
    out.append("**Why I'm saying this:**")
    out.extend(f"- {line[0].upper()}{line[1:]}." for line in why_lines(kb, raised))
    out.append("")
    for r in shown:
        info = kb.triage.flags[r.flag]
        out.append(f"{info.advice} {src.mark(info.citations)}".strip())
        out.append("")
    tell = "; ".join(dict.fromkeys(kb.triage.flags[r.flag].tell for r in shown))
    out.append(f'**What to tell them:** "{tell}", and describe what you told me above.')
    return "\n".join(out).strip()


def safety_net(kb: KnowledgeBase, cleared: Iterable[Hit]) -> str:
    cleared = list(cleared)
    if not cleared:
        return ""
    msgs = kb.triage.messages
    if any(h.status == OTHER for h in cleared):
        return f"**If this is about someone else:** {msgs['other_person'].strip()}\n\n{msgs['safety_net'].strip()}"
    return f"**Safety net:** {msgs['safety_net'].strip()}"


def exercise_text(ex: Exercise, kb: KnowledgeBase, src: Sources) -> str:
    out = [
        f"**{ex.name}** — {ex.goal} · {', '.join(ex.areas)}",
        "",
        f"{ex.summary} {src.mark(ex.citations)}".strip(),
        "",
        "**How to do it:**",
    ]
    out.extend(f"{n}. {step}" for n, step in enumerate(ex.steps, 1))
    if ex.dosage:
        out += ["", f"**How much:** {ex.dosage}"]
    if ex.cautions:
        out += ["", "**Take care:**", *(f"- {c}" for c in ex.cautions)]
    helps = [kb.conditions[c].name for c in ex.conditions if c in kb.conditions]
    if helps:
        out += ["", f"**May help with:** {', '.join(helps)}."]
    return "\n".join(out)


def condition_text(co: Condition, kb: KnowledgeBase, src: Sources) -> str:
    out = [f"**{co.name}**", "", f"{co.summary} {src.mark(co.citations)}".strip()]
    for title, items in (
        ("Common signs", co.symptoms),
        ("What helps", co.helps),
        ("See a doctor if", co.see_doctor),
    ):
        if items:
            out += ["", f"**{title}:**", *(f"- {i}" for i in items)]
    exs = [kb.exercises[e].name for e in co.exercises if e in kb.exercises]
    if exs:
        out += ["", f"**Exercises that may help:** {', '.join(exs)}. Ask me how to do any of them."]
    return "\n".join(out)


def topic_text(topic: Exercise | Condition, kb: KnowledgeBase, src: Sources) -> str:
    if isinstance(topic, Exercise):
        return exercise_text(topic, kb, src)
    return condition_text(topic, kb, src)


def positive_hits(hits: Iterable[Hit]) -> list[Hit]:
    return [h for h in hits if h.status == POSITIVE]


def safety_text(ex: Exercise, cond: Condition | None, src: Sources) -> str:
    """'Is it safe?' about an exercise, optionally with a condition named."""
    cautions = list(ex.cautions) or ["Stop if it causes sharp pain, numbness or tingling."]
    out = [f"**{ex.name}: take care**", "", *(f"- {c}" for c in cautions)]
    if cond is not None:
        if cond.id in ex.conditions or ex.id in cond.exercises:
            link = f"The sources list it among the exercises that may help with {cond.name.lower()}"
        else:
            link = (
                f"The sources don't say it helps with {cond.name.lower()}, so ask a GP or "
                "physio before you rely on it"
            )
        out += ["", f"**With {cond.name.lower()}:** {link}. {src.mark(cond.citations[:1])}".strip()]
    out += ["", f"If you're unsure, check with a GP or physio first. {src.mark(ex.citations[:1])}"]
    return "\n".join(out).strip()


def why_text(topic: Exercise | Condition, kb: KnowledgeBase, src: Sources) -> str:
    """'Why?' after an answer: what the exercise is for, or what the condition is."""
    out = [f"**Why {topic.name}?**", "", f"{topic.summary} {src.mark(topic.citations[:1])}".strip()]
    if isinstance(topic, Exercise):
        out += ["", f"**It works on:** {', '.join(topic.areas)} ({topic.goal})."]
        helps = [kb.conditions[c].name for c in topic.conditions if c in kb.conditions]
        if helps:
            out.append(f"**May help with:** {', '.join(helps)}.")
    elif topic.helps:
        out += ["", "**What helps:**", *(f"- {i}" for i in topic.helps)]
    return "\n".join(out)


def see_doctor_text(co: Condition, general: str, src: Sources) -> str:
    """When to get help, for one condition first and then in general."""
    out = [f"**{co.name}: when to see a doctor**", ""]
    if co.see_doctor:
        out += [*(f"- {i}" for i in co.see_doctor), "", src.mark(co.citations[:1])]
    else:
        out.append(
            f"The sources give no separate advice for this one. {src.mark(co.citations[:1])}"
        )
    if general:
        out += ["", "**In general:**", general.strip()]
    return "\n".join(out).strip()
