"""Load, validate and index the knowledge directory. Every problem is reported, not just the first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from backtalk.errors import KnowledgeError, Problem
from backtalk.gcpause import paused
from backtalk.knowledge.citations import SeedLibrary, squash
from backtalk.knowledge.deadwords import dead_words
from backtalk.knowledge.examples import open_bank
from backtalk.knowledge.model import Citation, Condition, Exercise, Intent, KnowledgeBase
from backtalk.knowledge.schemas import KINDS, validate
from backtalk.knowledge.yamlfile import YamlDoc, read_yaml
from backtalk.paths import default_knowledge_dir, default_seeds_dir
from backtalk.rxcache import PatternCache
from backtalk.text import Spelling

MIN_QUOTE = 20
REQUIRED = ("red_flags", "context")


def _t(values: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values or ())


class _Checker:
    """Collects problems across files while the knowledge base is assembled."""

    def __init__(self, seeds: SeedLibrary):
        self.seeds = seeds
        self.problems: list[Problem] = []

    def add(
        self,
        doc: YamlDoc,
        where: tuple[Any, ...],
        message: str,
        hint: str = "",
        *,
        key: bool = False,
    ) -> None:
        line, col = doc.mark(where, key=key)
        self.problems.append(Problem(doc.path, line, col, message, hint))

    def citations(
        self, doc: YamlDoc, where: tuple[Any, ...], raw: list[dict]
    ) -> tuple[Citation, ...]:
        out = []
        for i, c in enumerate(raw or ()):
            at = (*where, i)
            if "url" in c:
                out.append(Citation(url=c["url"], title=c["title"]))
                continue
            seed, quote = c["seed"], squash(c["quote"])
            if seed not in self.seeds.seeds:
                names = ", ".join(sorted(self.seeds.seeds)) or "none found"
                self.add(doc, (*at, "seed"), f"unknown seed file '{seed}'", f"seeds are: {names}")
                continue
            if len(quote) < MIN_QUOTE:
                self.add(
                    doc,
                    (*at, "quote"),
                    f"quote is {len(quote)} characters",
                    f"quote at least {MIN_QUOTE} characters so it proves something",
                )
                continue
            line = self.seeds.locate(seed, quote)
            if line is None:
                self.add(
                    doc,
                    (*at, "quote"),
                    f"quote not found verbatim in {seed}",
                    "copy it exactly from the seed (curly quotes too); it must not span lines",
                )
                continue
            out.append(Citation(quote=quote, seed=seed, line=line))
        return tuple(out)


def _entries(doc: YamlDoc | None, key: str) -> Iterator[tuple[int, dict]]:
    if doc is None or not isinstance(doc.data, dict):
        return
    for i, e in enumerate(doc.data.get(key) or ()):
        if isinstance(e, dict):
            yield i, e


@paused()
def load_knowledge(
    knowledge_dir: Path | str | None = None,
    seeds_dir: Path | str | None = None,
    *,
    check_examples: bool = False,
    progress: Callable[[str], None] | None = None,
) -> KnowledgeBase:
    """Read every knowledge file, validate it, verify quotes, and build the frozen knowledge.

    examples.jsonl is read line by line when its index is built (or `check_examples` asks);
    otherwise its kept index stands for it (see backtalk.knowledge.examples); `progress`
    hears when that index is built, which takes seconds.
    Raises KnowledgeError listing every problem (file:line:col: message (hint)).
    """
    kdir = Path(knowledge_dir) if knowledge_dir is not None else default_knowledge_dir()
    sdir = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir(kdir)
    if not kdir.is_dir():
        raise KnowledgeError(
            [
                Problem(
                    str(kdir),
                    0,
                    0,
                    "knowledge directory not found",
                    "pass the folder that holds red_flags.yaml and the rest",
                )
            ]
        )
    seeds = SeedLibrary.from_dir(sdir) if sdir.is_dir() else SeedLibrary({})
    check = _Checker(seeds)
    if not seeds.seeds:
        check.problems.append(
            Problem(
                str(sdir),
                0,
                0,
                "no seed documents found",
                "citations need the seeds/ folder beside knowledge/",
            )
        )

    docs: dict[str, YamlDoc | None] = {}
    files = sorted(kdir.glob("*.yaml")) + sorted(kdir.glob("*.yml"))
    for path in files:
        kind = path.stem
        shown = str(path)
        if kind not in KINDS:
            check.problems.append(
                Problem(
                    shown,
                    0,
                    0,
                    "unknown knowledge file",
                    "name it one of: " + ", ".join(f"{k}.yaml" for k in KINDS),
                )
            )
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        doc, problems = read_yaml(text, shown)
        check.problems.extend(problems)
        if doc is not None:
            schema_problems = validate(doc, kind)
            check.problems.extend(schema_problems)
            if schema_problems:
                doc = None  # cross-checks on a malformed file would only add noise
        docs[kind] = doc
    for kind in REQUIRED:
        if kind not in docs:
            check.problems.append(
                Problem(
                    str(kdir / f"{kind}.yaml"),
                    0,
                    0,
                    "required file missing",
                    "restore it from the backtalk repository",
                )
            )

    kb = _build(docs, check, seeds, kdir)
    if kb is not None:
        bank = open_bank(
            kdir, tuple(kb.triage.flags), check.problems, check=check_examples, progress=progress
        )
        kb = replace(kb, examples=bank)
    if check.problems:
        raise KnowledgeError(check.problems)
    assert kb is not None
    return kb


def _build(
    docs: dict[str, YamlDoc | None], check: _Checker, seeds: SeedLibrary, kdir: Path
) -> KnowledgeBase | None:

    seen: dict[str, tuple[YamlDoc, int]] = {}

    def unique(doc: YamlDoc, key: str, i: int, ident: str) -> bool:
        if ident in seen:
            other, line = seen[ident]
            check.add(
                doc,
                (key, i, "id"),
                f"duplicate id '{ident}'",
                f"already used at {other.path}:{line}; ids must be unique across files",
            )
            return False
        seen[ident] = (doc, doc.mark((key, i, "id"))[0])
        return True

    exercises: dict[str, Exercise] = {}
    ex_doc = docs.get("exercises")
    for i, e in _entries(ex_doc, "entries"):
        assert ex_doc is not None
        if not unique(ex_doc, "entries", i, e["id"]):
            continue
        exercises[e["id"]] = Exercise(
            id=e["id"],
            name=e["name"].strip(),
            aliases=_t(e.get("aliases")),
            goal=e["goal"],
            areas=_t(e.get("areas")),
            summary=squash(e["summary"]),
            steps=_t(e["steps"]),
            dosage=e.get("dosage"),
            cautions=_t(e.get("cautions")),
            conditions=_t(e.get("conditions")),
            citations=check.citations(ex_doc, ("entries", i, "citations"), e["citations"]),
        )

    conditions: dict[str, Condition] = {}
    co_doc = docs.get("conditions")
    for i, c in _entries(co_doc, "entries"):
        assert co_doc is not None
        if not unique(co_doc, "entries", i, c["id"]):
            continue
        conditions[c["id"]] = Condition(
            id=c["id"],
            name=c["name"].strip(),
            category=c["category"],
            aliases=_t(c.get("aliases")),
            summary=squash(c["summary"]),
            symptoms=_t(c.get("symptoms")),
            helps=_t(c.get("helps")),
            see_doctor=_t(c.get("see_doctor")),
            exercises=_t(c.get("exercises")),
            citations=check.citations(co_doc, ("entries", i, "citations"), c["citations"]),
            red_flags=_t(c.get("red_flags")),
        )

    # Cross references between topics.
    for i, e in _entries(ex_doc, "entries"):
        assert ex_doc is not None
        for j, ref in enumerate(e.get("conditions") or ()):
            if ref not in conditions:
                check.add(
                    ex_doc,
                    ("entries", i, "conditions", j),
                    f"unknown condition '{ref}'",
                    "use an id from conditions.yaml",
                )
    for i, c in _entries(co_doc, "entries"):
        assert co_doc is not None
        for j, ref in enumerate(c.get("exercises") or ()):
            if ref not in exercises:
                check.add(
                    co_doc,
                    ("entries", i, "exercises", j),
                    f"unknown exercise '{ref}'",
                    "use an id from exercises.yaml",
                )

    intents: dict[str, Intent] = {}
    in_doc = docs.get("intents")
    for i, it in _entries(in_doc, "intents"):
        assert in_doc is not None
        if it["id"] in intents:
            check.add(in_doc, ("intents", i, "id"), f"duplicate intent '{it['id']}'", "keep one")
            continue
        intents[it["id"]] = Intent(it["id"], _t(it["examples"]), (it.get("reply") or "").strip())

    synonyms: dict[str, str] = {}
    spelling: dict[str, str] = {}
    protected: frozenset[str] = frozenset()
    sy_doc = docs.get("synonyms")
    if sy_doc is not None and isinstance(sy_doc.data, dict):
        for canon, variants in (sy_doc.data.get("synonyms") or {}).items():
            for v in variants:
                synonyms[squash(str(v).lower())] = squash(str(canon).lower())
        for section in ("spelling", "respell"):
            for text, line, col in sy_doc.unquoted_keys(section):
                # YAML reads a bare no, off, on, yes as a boolean: "no: [nae]" is False
                check.problems.append(
                    Problem(
                        sy_doc.path,
                        line,
                        col,
                        f"'{text}' is read by YAML as a {'number' if text[:1].isdigit() else 'boolean'}, not as a word",
                        f'write it in quotes: "{text}": [...]',
                    )
                )
        for right, wrongs in (sy_doc.data.get("spelling") or {}).items():
            for j, w in enumerate(wrongs):
                if not re.fullmatch(r"[a-z]+", str(w)):
                    check.add(
                        sy_doc,
                        ("spelling", right, j),
                        f"misspelling '{w}' is not a single lower-case word",
                        "spelling fixes are word for word; use synonyms for phrases",
                    )
                spelling[str(w)] = str(right)
        for right, wrongs in (sy_doc.data.get("respell") or {}).items():
            for j, w in enumerate(wrongs):
                if not re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)+", str(w)):
                    check.add(
                        sy_doc,
                        ("respell", right, j),
                        f"respelling '{w}' is not two or more lower-case words",
                        "a single word belongs under spelling",
                    )
                elif spelling.get(str(w), right) != right:
                    check.add(
                        sy_doc,
                        ("respell", right, j),
                        f"'{w}' is respelt twice, as '{spelling[str(w)]}' and as '{right}'",
                        "keep one",
                    )
                spelling[str(w)] = str(right)
        protected = frozenset(str(w) for w in sy_doc.data.get("protected") or ())

    # One cache of compiled patterns for the load: the spelling finder is compiled through it
    # too (from code kept by an earlier run: parsing it costs 70 ms)
    patterns = PatternCache()
    try:
        spelled = Spelling(spelling, patterns.build)
        triage = _triage(docs, check, spelled, patterns)
        if triage is not None:
            patterns.save()
    finally:
        patterns.close()
    if check.problems:
        return None
    return KnowledgeBase(
        exercises=exercises,
        conditions=conditions,
        intents=intents,
        synonyms=synonyms,
        spelling=spelled,
        protected_words=protected,
        triage=triage,
        seeds=seeds,
        source_dir=str(kdir),
        files=tuple(sorted(k for k, d in docs.items() if d is not None)),
    )


def _signals_known(
    check: _Checker,
    doc: YamlDoc,
    where: tuple[Any, ...],
    item: dict[str, Any],
    keys: tuple[str, ...],
    signal_ids: set[str],
) -> bool:
    """Every signal id named under these keys of a rule or flag exists (each one that does
    not is reported on its line)."""
    good = True
    for key in keys:
        for j, sid in enumerate(item.get(key) or ()):
            if sid not in signal_ids:
                good = False
                check.add(
                    doc, (*where, key, j), f"unknown signal '{sid}'", "use an id from signals:"
                )
    return good


SPACE_END = "pattern ends with a space, so it can never match (a match ends at a word's end)"
SPACE_FIX = "move the space before the group: 'more (like|the)', not 'more (like |the )'"


SPACE_TWICE = "pattern has a space after a group that ends in one, so that way can never match"
SPACE_TWICE_FIX = (
    "text has one space between words: 'lost (the |my )?urge', not 'lost (the |my )? urge'"
)
# A group whose words end in a space, then a space: "(the |my )? urge" needs two spaces.
_SPACE_TWICE = re.compile(r"(?<!\\) \)(?:[?*+]|\{\d*,?\d*\})? |(?<!\\)  ")


def ends_in_space(pattern: str) -> bool:
    """True when every way the pattern can end is a space. Text is matched with one space
    between words and a match must end at a word's end, so such a pattern never matches:
    'more (like |the )' must be written 'more (like|the)'."""
    p = pattern.rstrip("?*+")
    if p.endswith(" ") and not p.endswith("\\ "):
        return True
    if not p.endswith(")") or p.endswith("\\)"):
        return False
    # an alternative can end in a space only where a space comes right before "|" or ")":
    # most patterns have neither, and need no walk through their groups
    if " |" not in p and " )" not in p:
        return False
    depth, start = 0, -1
    for i in range(len(p) - 1, -1, -1):
        if p[i] == ")" and (i == 0 or p[i - 1] != "\\"):
            depth += 1
        elif p[i] == "(" and (i == 0 or p[i - 1] != "\\"):
            depth -= 1
            if depth == 0:
                start = i
                break
    inner = p[start + 1 : -1]
    if start < 0 or inner.startswith(("?=", "?!", "?<=", "?<!")):
        return False
    inner = inner[2:] if inner.startswith("?:") else inner
    alts, depth, last = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            alts.append(inner[last:i])
            last = i + 1
    alts.append(inner[last:])
    return all(ends_in_space(a) for a in alts)


def _triage(
    docs: dict[str, YamlDoc | None], check: _Checker, spelling: Spelling, patterns: PatternCache
) -> Any:
    from backtalk.triage import LIST_KEYS, LIST_REF, compile_pattern, compile_rules, expand

    rf, cx = docs.get("red_flags"), docs.get("context")
    if rf is None or cx is None:
        return None
    data = rf.data
    lexicon = data.get("lexicon") or {}
    # Each lexicon entry is checked on its own, so a pattern that names a list only needs
    # checking with a stand-in for it. Patterns are compiled one by one only when the whole
    # set fails to compile, to say which one is wrong: compiling each one twice on every load
    # cost about 100 ms.
    stand_in = {name: ["x"] for name in lexicon}
    finder = spelling.finder if spelling else None
    ok = True
    to_compile: list[tuple[YamlDoc, tuple[Any, ...], str]] = []

    def try_pattern(
        doc: YamlDoc, where: tuple[Any, ...], pattern: str, *, compile_it: bool = False
    ) -> None:
        """Check one pattern of red_flags.yaml or context.yaml (both may name lexicon lists)."""
        nonlocal ok
        if not compile_it and ends_in_space(pattern):
            ok = False
            check.add(doc, where, SPACE_END, SPACE_FIX)
        if not compile_it and _SPACE_TWICE.search(pattern):
            ok = False
            check.add(doc, where, SPACE_TWICE, SPACE_TWICE_FIX)
        if not compile_it and spelling:
            for word, becomes in dict.fromkeys(dead_words(pattern, finder, spelling)):
                check.add(
                    doc,
                    where,
                    f"'{word}' can never match here: messages are respelt first, "
                    f"and synonyms.yaml makes it '{becomes}'",
                    f"write '{becomes}' in its place, or drop '{word}' where '{becomes}' is there",
                )
        try:
            stood_in = expand(pattern, stand_in)
            if compile_it:
                compile_pattern([stood_in])
            else:
                to_compile.append((doc, where, pattern))
        except KeyError as exc:
            ok = False
            check.add(
                doc,
                where,
                f"unknown lexicon list {{{exc.args[0]}}}",
                "define it under lexicon: or fix the name"
                if doc is rf
                else "context patterns may name lists defined under lexicon: in red_flags.yaml",
            )
        except (re.error, ValueError) as exc:
            ok = False
            check.add(doc, where, f"bad pattern: {exc}", "patterns are Python regular expressions")

    for name, pats in lexicon.items():
        for j, p in enumerate(pats):
            try_pattern(rf, ("lexicon", name, j), p)
    for name, pats in cx.data.items():
        for j, p in enumerate(pats):
            try_pattern(cx, (name, j), p)
    signal_ids: set[str] = set()
    for i, s in enumerate(data["signals"]):
        if s["id"] in signal_ids:
            check.add(rf, ("signals", i, "id"), f"duplicate signal '{s['id']}'", "keep one")
        signal_ids.add(s["id"])
        for j, p in enumerate(s.get("phrases") or ()):
            try_pattern(rf, ("signals", i, "phrases", j), p)
        carry = s.get("near_carry", ())
        for name in [carry] if isinstance(carry, str) else carry:
            if name not in (s.get("near") or ()):
                ok = False
                check.add(
                    rf,
                    ("signals", i, "near_carry"),
                    f"near_carry '{name}' is not one of this signal's near lists",
                    "name the list in near: as well, or remove it from near_carry",
                )
        for key in LIST_KEYS:
            for j, name in enumerate(s.get(key) or ()):
                if name not in lexicon:
                    ok = False
                    check.add(
                        rf,
                        ("signals", i, key, j),
                        f"unknown lexicon list '{name}'",
                        "near: names lists defined under lexicon:",
                    )
    # A list no pattern or signal names is never compiled, so a mistake in it would go unseen.
    named = {
        m.group(1)
        for pats in (*lexicon.values(), *cx.data.values())
        for p in pats
        for m in LIST_REF.finditer(str(p))
    }
    for s in data["signals"]:
        named.update(*(s.get(key) or () for key in LIST_KEYS))
        named.update(m.group(1) for p in s.get("phrases") or () for m in LIST_REF.finditer(str(p)))
    for name in lexicon:
        if name not in named:
            check.add(
                rf,
                ("lexicon", name),
                f"lexicon list '{name}' is never used",
                "name it in a pattern as {" + name + "} or in near:, or remove it",
                key=True,
            )
    flag_ids = [f["id"] for f in data["flags"]]
    for i, r in enumerate(data["rules"]):
        if r["flag"] not in flag_ids:
            ok = False
            check.add(
                rf,
                ("rules", i, "flag"),
                f"rule raises unknown flag '{r['flag']}'",
                "add it under flags:",
            )
        ok = _signals_known(check, rf, ("rules", i), r, ("any", "all"), signal_ids) and ok
    ruled = {r["flag"] for r in data["rules"]}
    citations: dict[str, tuple[Citation, ...]] = {}
    for i, f in enumerate(data["flags"]):
        needs = ("examples_need", "examples_emergency_needs")
        ok = _signals_known(check, rf, ("flags", i), f, needs, signal_ids) and ok
        if f["id"] not in ruled:
            check.add(
                rf,
                ("flags", i, "id"),
                f"flag '{f['id']}' is never raised",
                "add a rule for it, or remove it",
            )
        citations[f["id"]] = check.citations(rf, ("flags", i, "citations"), f["citations"])
    # A signal that asks must have its question and the words its answer is read after, or
    # the chat would fail the first time someone says it.
    for i, s in enumerate(data["signals"]):
        for key in ("clarify", "clarify_prefix") if s.get("clarify") else ():
            if s["id"] not in data["messages"][key]:
                check.add(
                    rf,
                    ("signals", i, "clarify"),
                    f"signal '{s['id']}' asks a question but messages.{key} has no '{s['id']}'",
                    f"add '{s['id']}:' under messages: {key}:, or remove clarify: true",
                )
    for key in ("clarify", "clarify_prefix"):
        for sid in data["messages"][key]:
            if sid not in signal_ids:
                check.add(
                    rf,
                    ("messages", key, sid),
                    f"unknown signal '{sid}'",
                    "clarifying questions are keyed by signal id",
                    key=True,
                )
    if ok:
        try:
            return compile_rules(
                data, cx.data, citations, spelling, patterns.compile, patterns.needs, patterns.build
            )
        except (re.error, ValueError, KeyError):
            pass  # find the culprits below
    before = len(check.problems)
    for doc, where, pattern in to_compile:
        try_pattern(doc, where, pattern, compile_it=True)
        if doc is rf and where[0] == "lexicon":
            try:
                expand(
                    pattern, lexicon, (where[1],)
                )  # a list that names itself, however indirectly
            except ValueError as exc:
                check.add(rf, where, str(exc), "a list cannot contain itself")
            except KeyError:
                pass  # an unknown list: reported above
    if ok and len(check.problems) == before:
        check.add(rf, (), "the red-flag patterns do not compile together", "run each on its own")
    return None
