"""Run conversation files against the bot and report, per turn, what passed and what did not.

`backtalk replay FILE|DIR… [--record] [--json]` lands in cli_replay(). The same results and
the same readable diff serve the pytest plugin.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from backtalk.errors import Problem
from backtalk.replay.check import Failure, actual, check, excerpt, show
from backtalk.replay.script import Script, Turn, find_files, load_script
from backtalk.reply import Reply


@dataclass(frozen=True, slots=True)
class TurnResult:
    turn: Turn
    reply: Reply
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_dict(self, path: str) -> dict[str, Any]:
        return {
            "turn": self.turn.n,
            "line": self.turn.expect_line,
            "where": f"{path}:{self.turn.expect_line}",
            "user": self.turn.user,
            "passed": self.passed,
            "checked": self.turn.expect is not None and bool(self.turn.expect),
            "expect": dict(self.turn.expect or {}),
            "actual": {**actual(self.reply), "text": self.reply.text},
            "failures": [f.to_dict() for f in self.failures],
        }


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    title: str = ""
    turns: tuple[TurnResult, ...] = ()
    problems: tuple[Problem, ...] = ()  # the file could not be read or checked

    @property
    def passed(self) -> bool:
        return not self.problems and all(t.passed for t in self.turns)

    @property
    def failed_turns(self) -> list[TurnResult]:
        return [t for t in self.turns if not t.passed]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "passed": self.passed,
            "turns": [t.to_dict(self.path) for t in self.turns],
            "problems": [_problem_dict(p) for p in self.problems],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    files: tuple[FileResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(f.passed for f in self.files)

    @property
    def failed(self) -> int:
        return len(self.files) - self.passed

    def line(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"

    def to_dict(self) -> dict[str, Any]:
        turns = [t for f in self.files for t in f.turns]
        return {
            "passed": self.passed,
            "failed": self.failed,
            "counts": "files",
            "turns": {
                "passed": sum(t.passed for t in turns),
                "failed": sum(not t.passed for t in turns),
            },
            "files": [f.to_dict() for f in self.files],
        }


def _problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line,
        "col": p.col,
        "message": p.message,
        "hint": p.hint,
        "text": str(p),
    }


# ------------------------------------------------------------------------------------ running


def unknown_ids(script: Script, bot: Any) -> list[Problem]:
    """Expecting a red flag that does not exist can never pass: say so as a problem, with the
    ids that do exist, rather than as a failure that looks like a bot bug."""
    known = set(bot.kb.triage.flags)
    problems = []
    for t in script.turns:
        for j, flag in enumerate((t.expect or {}).get("flags") or ()):
            if flag not in known:
                line, col = script.mark("turns", t.n - 1, "expect", "flags", j)
                problems.append(
                    Problem(
                        script.path,
                        line,
                        col,
                        f"unknown red-flag id '{flag}' in the expect of turn {t.n}",
                        "known ids: " + ", ".join(sorted(known)),
                    )
                )
    return problems


def run_script(bot: Any, script: Script) -> FileResult:
    """Send each turn, in order, to one fresh chat."""
    problems = unknown_ids(script, bot)
    if problems:
        return FileResult(script.path, script.title, (), tuple(problems))
    chat = bot.chat()
    results = []
    for turn in script.turns:
        reply = chat.send(turn.user)
        results.append(TurnResult(turn, reply, tuple(check(turn.expect, reply))))
    return FileResult(script.path, script.title, tuple(results))


def run_file(bot: Any, path: str) -> FileResult:
    script, problems = load_script(path)
    if script is None:
        return FileResult(path, "", (), tuple(problems))
    return run_script(bot, script)


def run_paths(bot: Any, paths: Iterable[str]) -> Summary:
    files, problems = find_files(paths)
    results = [FileResult(p.path, "", (), (p,)) for p in problems]
    results += [run_file(bot, f) for f in files]
    return Summary(tuple(results))


# ------------------------------------------------------------------------------------ showing


def _note(kb: Any, key: str, value: Any) -> str:
    if kb is not None and key == "topic" and value is not None and kb.topic(value) is None:
        return f" (there is no topic '{value}' in the knowledge)"
    return ""


def format_turn_failure(path: str, tr: TurnResult, kb: Any = None) -> list[str]:
    """The readable diff for one failed turn: where, expected versus actual, the reply."""
    lines = [f"{path}:{tr.turn.expect_line}: turn {tr.turn.n}: expected versus actual"]
    width = max(len("actual:"), *(len(f.key) + 1 for f in tr.failures))
    for f in tr.failures:
        extra = _note(kb, f.key, f.expected)
        lines.append(f"  {(f.key + ':').ljust(width)} {f.message}{extra}")
    got = actual(tr.reply)
    lines.append(
        f"  {'actual:'.ljust(width)} level={got['level']} flags=[{', '.join(got['flags'])}] "
        f"topic={got['topic'] or 'null'} intent={got['intent'] or 'null'} "
        f"citations={len(tr.reply.citations)}"
    )
    lines.append(f"  {'reply:'.ljust(width)} {excerpt(tr.reply.text)}")
    return lines


def format_file(
    result: FileResult, kb: Any = None, *, every_turn: bool = True, problems: bool = True
) -> str:
    """The report for one file: a header, one line per turn, and a diff under each failure.
    With problems=False the file's problems are only counted (the CLI prints them to stderr)."""
    status = "PASS" if result.passed else "FAIL"
    if result.problems:
        n = len(result.problems)
        if not problems:
            return f"{status} {result.path}: not run, {n} problem{'s' if n > 1 else ''} (on stderr)"
        head = f"{status} {result.path}: not run, the file has problems"
        return "\n".join([head, *(f"  {p}" for p in result.problems)])
    n_fail = len(result.failed_turns)
    n = len(result.turns)
    detail = f"{n} turn{'s' if n != 1 else ''}" + (f", {n_fail} failed" if n_fail else "")
    lines = [f"{status} {result.path} ({detail}): {result.title}"]
    for tr in result.turns:
        if tr.passed and not every_turn:
            continue
        mark = "ok  " if tr.passed else "FAIL"
        if tr.passed and not tr.turn.expect:
            mark = "-   "
        lines.append(f"  {mark} turn {tr.turn.n}: {show(tr.turn.user)}")
        if not tr.passed:
            lines.extend("       " + x for x in format_turn_failure(result.path, tr, kb))
    return "\n".join(lines)


def format_summary(summary: Summary, kb: Any = None, *, problems: bool = True) -> str:
    parts = [format_file(f, kb, problems=problems) for f in summary.files]
    return "\n".join([*parts, "", summary.line()])


# -------------------------------------------------------------------------------- the command


def cli_replay(args: Any, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`backtalk replay`: 0 when every file passed, 1 otherwise (or when a file is malformed)."""
    import backtalk

    out = out or sys.stdout
    err = err or sys.stderr
    paths: Sequence[str] = args.paths
    bot = backtalk.load(args.knowledge, args.seeds)
    if getattr(args, "record", False):
        from backtalk.replay.record import record_paths

        # With --json, stdout carries only the JSON document.
        summary = record_paths(bot, paths, err if getattr(args, "json", False) else out)
    else:
        summary = run_paths(bot, paths)
    for f in summary.files:
        for p in f.problems:
            print(p, file=err)
    if getattr(args, "json", False):
        out.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(format_summary(summary, bot.kb, problems=False) + "\n")
    out.flush()
    return 0 if summary.failed == 0 else 1
