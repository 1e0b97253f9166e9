"""`backtalk coverage`: what the conversation files exercise, and what the knowledge cites.

    backtalk coverage [FILE|DIR…]   red-flag ids raised and cleared, topics, intents
    backtalk coverage --seeds       each content line of the seeds: cited or not

A red flag is *raised* when a reply carries it, and *cleared* when a turn mentions it but
context keeps the reply routine (a denial, a hypothetical, someone else, a general question,
a harmless cause): the turn would have raised it had its words counted. Both matter: a flag
tested only one way is half tested.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

DEFAULT_PATHS = ("tests/conversations",)
# Intents the dialogue produces itself, besides those in intents.yaml.
DIALOGUE_INTENTS = (
    "emergency",
    "clarify",
    "exercise-howto",
    "condition-info",
    "browse-exercises",
    "browse-more",
    "exercise-dosage",
    "exercise-safety",
    "explain-why",
    "disambiguate",
    "out-of-scope",
    "empty",
)


# ------------------------------------------------------------------------- conversations


@dataclass(slots=True)
class Coverage:
    files: int = 0
    turns: int = 0
    raised: dict[str, list[str]] = field(default_factory=dict)  # flag -> ["file:line", …]
    cleared: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # -> (where, how)
    topics: dict[str, list[str]] = field(default_factory=dict)
    intents: dict[str, list[str]] = field(default_factory=dict)


def measure(bot: Any, scripts: Iterable[Any]) -> Coverage:
    """Replay each script in a fresh chat and note what its replies raised, cleared, answered.

    A flag counts as cleared (once per file) on a routine turn when the signals the chat has
    heard so far, counting the ones context cleared, would have raised it."""
    from backtalk.triage import POSITIVE, evaluate, find_hits

    kb = bot.kb
    cov = Coverage()
    for script in scripts:
        cov.files += 1
        chat = bot.chat()
        mentioned: dict[str, Any] = {}  # signal -> a hit that context cleared
        cleared_here: set[str] = set()
        for turn in script.turns:
            cov.turns += 1
            where = f"{script.path}:{turn.line}"
            reply = chat.send(turn.user)
            for flag in reply.flags:
                cov.raised.setdefault(flag, []).append(where)
            if reply.topic:
                cov.topics.setdefault(reply.topic, []).append(where)
            if reply.intent:
                cov.intents.setdefault(reply.intent, []).append(where)
            for h in find_hits(kb.triage, turn.user):
                if h.status != POSITIVE:
                    mentioned.setdefault(h.signal, h)
            if reply.level != "routine" or not mentioned:
                continue
            for r in evaluate(kb.triage, {**mentioned, **chat.positives}):
                how = sorted({h.status for h in r.because if h.status != POSITIVE})
                if r.flag in reply.flags or r.flag in cleared_here or not how:
                    continue
                cleared_here.add(r.flag)
                cov.cleared.setdefault(r.flag, []).append((where, ", ".join(how)))
    return cov


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "n/a"


def report(cov: Coverage, kb: Any, paths: Iterable[str]) -> str:
    flags = sorted(kb.triage.flags)
    topics = sorted(t.id for t in kb.topics)
    intents = sorted(set(kb.intents) | set(DIALOGUE_INTENTS))
    lines = [
        f"Conversations: {cov.files} file{'s' if cov.files != 1 else ''}, {cov.turns} turns ({', '.join(paths)})",
        "",
    ]

    both = [f for f in flags if f in cov.raised and f in cov.cleared]
    width = max((len(f) for f in flags), default=10) + 2
    lines.append(f"Red flags{' ' * (width - 7)}raised  cleared  cleared by")
    for f in flags:
        how = sorted({h for _w, hs in cov.cleared.get(f, []) for h in hs.split(", ") if h})
        lines.append(
            f"  {f.ljust(width)}{len(cov.raised.get(f, [])):>6}  {len(cov.cleared.get(f, [])):>7}"
            f"  {', '.join(how) or '-'}"
        )
    n_raised = sum(f in cov.raised for f in flags)
    n_cleared = sum(f in cov.cleared for f in flags)
    lines.append(
        f"  raised {n_raised}/{len(flags)} ({_pct(n_raised, len(flags))}), "
        f"cleared {n_cleared}/{len(flags)} ({_pct(n_cleared, len(flags))}), "
        f"both {len(both)}/{len(flags)} ({_pct(len(both), len(flags))})"
    )
    lines.append("  never raised: " + (", ".join(f for f in flags if f not in cov.raised) or "-"))
    lines.append("  never cleared: " + (", ".join(f for f in flags if f not in cov.cleared) or "-"))
    lines.append("")
    lines += _table("Topics", topics, cov.topics, "never answered")
    lines.append("")
    lines += _table("Intents", intents, cov.intents, "never seen")
    return "\n".join(lines)


def _table(title: str, universe: list[str], seen: Mapping[str, list[str]], never: str) -> list[str]:
    hit = [x for x in universe if x in seen]
    out = [f"{title}: {len(hit)}/{len(universe)} ({_pct(len(hit), len(universe))})"]
    width = max((len(x) for x in hit), default=0) + 2
    for x in hit:
        n = len(seen[x])
        out.append(f"  {x.ljust(width)}{n:>4} turn{'s' if n != 1 else ''}")
    out.append(f"  {never}: " + (", ".join(x for x in universe if x not in seen) or "-"))
    extra = sorted(set(seen) - set(universe))
    if extra:
        out.append("  not in the knowledge: " + ", ".join(extra))
    return out


# ------------------------------------------------------------------------------------ seeds


_RANGE = re.compile(
    r"(?<![\w.])[Ll]?(\d+)(?:\s*(?:-|–|—|to|\.\.)\s*[Ll]?(\d+))?(?![\w.%])(?!\s*(?:lines?|paragraphs?|%|of\b|total|seeds?|files?|excluded|noise|kept|cited))"
)


def read_excluded(text: str, seed_names: Iterable[str]) -> dict[str, set[int]]:
    """Noise lines per seed from a free-form Markdown list (knowledge/EXCLUDED.md).

    Tolerant by design: a line naming a seed (file name, stem or hash) makes it the current
    seed, until a heading that names none; line numbers and ranges ("12", "3-7", "L40",
    "lines 5 to 9") on that line or the following ones are noise lines of the current seed. Counts ("46 lines") are not taken
    for line numbers, nor are numbers after the first list on a line (descriptions).
    """
    names = list(seed_names)
    aliases: list[tuple[str, str]] = []
    for n in names:
        stem = n.rsplit(".", 1)[0]
        aliases += [(n, n), (stem, n)]
        if "_" in stem:
            aliases.append((stem.split("_", 1)[1], n))
    aliases.sort(key=lambda a: -len(a[0]))
    patterns = [
        (re.compile(rf"(?<![\w.]){re.escape(alias)}(?![\w])"), name) for alias, name in aliases
    ]
    out: dict[str, set[int]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw
        named = False
        for pattern, name in patterns:
            if pattern.search(line):
                current, named = name, True
                line = pattern.sub(" ", line)
        if raw.lstrip().startswith("#") and not named:
            current = None  # a heading about something else ends the seed's list
        if current is None:
            continue
        spec = _first_list(line)
        for lo, hi in spec:
            if hi - lo > 10000:
                continue
            out.setdefault(current, set()).update(range(lo, hi + 1))
    return out


def _first_list(line: str) -> list[tuple[int, int]]:
    """The first run of numbers and ranges separated by commas or 'and' on a line."""
    found: list[tuple[int, int]] = []
    end = None
    for m in _RANGE.finditer(line):
        if end is not None and not re.fullmatch(r"\s*(,|and|&|;)?\s*", line[end : m.start()]):
            break
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        found.append((min(lo, hi), max(lo, hi)))
        end = m.end()
    return found


def _ranges(numbers: Iterable[int]) -> str:
    nums = sorted(numbers)
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class SeedRow:
    seed: str
    lines: int  # non-empty lines
    noise: int
    content: tuple[int, ...]
    cited: tuple[int, ...]

    @property
    def pct(self) -> float:
        return 100 * len(self.cited) / len(self.content) if self.content else 0.0


def seed_rows(kb: Any, excluded: Mapping[str, set[int]]) -> list[SeedRow]:
    cites: set[tuple[str, int]] = set()
    for owner in (*kb.topics, *kb.triage.flags.values()):
        for c in owner.citations:
            if c.seed is not None and c.line:
                cites.add((c.seed, c.line))
    rows = []
    for name, seed in sorted(kb.seeds.seeds.items()):
        filled = {n for n, text in enumerate(seed.lines, 1) if text.strip()}
        cited = {n for s, n in cites if s == name}
        noise = (filled & excluded.get(name, set())) - cited  # a cited line is not noise
        content = (filled - noise) | cited
        rows.append(
            SeedRow(
                name,
                len(filled),
                len(noise),
                tuple(sorted(content)),
                tuple(sorted(cited & content)),
            )
        )
    return rows


def seed_report(kb: Any, excluded_path: Path | None, excluded: Mapping[str, set[int]]) -> str:
    rows = seed_rows(kb, excluded)
    lines = []
    if excluded_path is not None:
        n = sum(r.noise for r in rows)
        lines.append(f"Noise lines excluded: {n} (from {excluded_path})")
    else:
        lines.append("Noise lines excluded: none (no EXCLUDED.md beside the knowledge)")
    for r in rows:
        seed = kb.seeds.seeds[r.seed]
        lines += ["", f"{r.seed}"]
        cited = set(r.cited)
        for n in r.content:
            text = " ".join(seed.lines[n - 1].split())
            text = text if len(text) <= 70 else text[:69] + "…"
            lines.append(f"  {n:>4}  {'cited' if n in cited else '-    '}  {text}")
    width = max((len(r.seed) for r in rows), default=4) + 2
    lines += ["", f"{'seed'.ljust(width)}lines  noise  content  cited      %"]
    for r in rows:
        lines.append(
            f"{r.seed.ljust(width)}{r.lines:>5}  {r.noise:>5}  {len(r.content):>7}  {len(r.cited):>5}  {r.pct:>5.1f}%"
        )
    total_c = sum(len(r.content) for r in rows)
    total_k = sum(len(r.cited) for r in rows)
    pct = 100 * total_k / total_c if total_c else 0.0
    lines.append(
        f"{'all'.ljust(width)}{sum(r.lines for r in rows):>5}  {sum(r.noise for r in rows):>5}  "
        f"{total_c:>7}  {total_k:>5}  {pct:>5.1f}%"
    )
    lines.append("")
    lines.append(f"{total_k} of {total_c} content lines cited ({pct:.1f}%)")
    return "\n".join(lines)


# -------------------------------------------------------------------------------- the command


def cli_coverage(args: Any, out: TextIO | None = None, err: TextIO | None = None) -> int:
    import backtalk

    out = out or sys.stdout
    err = err or sys.stderr
    bot = backtalk.load(args.knowledge, args.seeds)
    if getattr(args, "seed_cov", False):
        path = Path(bot.kb.source_dir) / "EXCLUDED.md" if bot.kb.source_dir else None
        excluded: dict[str, set[int]] = {}
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            excluded = read_excluded(text, bot.kb.seeds.seeds)
        else:
            path = None
        out.write(seed_report(bot.kb, path, excluded) + "\n")
        return 0

    from backtalk.replay.script import find_files, load_script

    paths = list(args.paths or DEFAULT_PATHS)
    files, problems = find_files(paths)
    scripts = []
    for f in files:
        script, probs = load_script(f)
        problems += probs
        if script is not None:
            scripts.append(script)
    for p in problems:
        print(p, file=err)
    cov = measure(bot, scripts)
    out.write(report(cov, bot.kb, paths) + "\n")
    return 1 if problems or not scripts else 0
