"""Command line: `backtalk` (chat UI), ask, validate, replay, coverage, bench.

Heavy modules are imported inside the command that needs them: `ask` must start fast and
never import textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

EXAMPLES = """examples:
  backtalk                                   open the chat
  backtalk ask "how do I do pigeon pose"
  backtalk ask --json "i cant feel it when i wipe"
  printf 'hello\\nstretches for sciatica\\n' | backtalk ask --json -
  backtalk validate knowledge/
"""


def _parser() -> argparse.ArgumentParser:
    from backtalk import __version__

    p = argparse.ArgumentParser(
        prog="backtalk",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A safety-first chatbot for hip and lower-back pain. Not a diagnosis.",
        epilog=EXAMPLES,
    )
    p.add_argument("--version", action="version", version=f"backtalk {__version__}")
    p.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: the bundled one)")
    p.add_argument(
        "--seeds", metavar="DIR", help="seed documents folder (default: beside knowledge)"
    )
    p.add_argument(
        "--no-mouse", action="store_true", help="chat UI: leave mouse selection to the terminal"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer one message ('-' reads one message a line from stdin)")
    ask.add_argument("message", nargs="+", help="the message, or - for stdin")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")

    val = sub.add_parser("validate", help="check knowledge files: schema, ids, references, quotes")
    val.add_argument("dir", nargs="?", help="knowledge folder (default: the bundled one)")

    rep = sub.add_parser("replay", help="run conversation files and report pass/fail")
    rep.add_argument("paths", nargs="+", metavar="FILE|DIR")
    rep.add_argument("--record", action="store_true", help="write actual replies into the expects")
    rep.add_argument("--json", action="store_true", help="machine-readable results")

    cov = sub.add_parser("coverage", help="what conversations and knowledge cover")
    cov.add_argument(
        "paths",
        nargs="*",
        metavar="FILE|DIR",
        help="conversation files (default: tests/conversations)",
    )
    cov.add_argument(
        "--seeds", dest="seed_cov", action="store_true", help="which seed paragraphs are cited"
    )

    bench = sub.add_parser("bench", help="measure reply latency, start-up, load time and memory")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--quick", action="store_true", help="fewer rounds")
    return p


def _say(message: str) -> None:
    """Progress of slow work, on a terminal only: stdout may be the JSON contract."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def _load(args: argparse.Namespace, knowledge: str | None = None):
    import backtalk

    return backtalk.load(knowledge or args.knowledge, args.seeds, progress=_say)


def _read_stdin_lines() -> list[str]:
    data = sys.stdin.buffer.read()
    text = data.decode("utf-8", errors="replace")  # invalid UTF-8 is replaced, never fatal
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def cmd_ask(args: argparse.Namespace) -> int:
    bot = _load(args)
    messages = args.message
    batch = messages == ["-"]
    inputs = _read_stdin_lines() if batch else [" ".join(messages)]
    out = sys.stdout
    for n, text in enumerate(inputs):
        reply = bot.reply(text)  # a fresh chat for each line
        if args.json:
            out.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
        else:
            if n:
                out.write("\n" + "─" * 60 + "\n")
            out.write(reply.plain() + "\n")
    out.flush()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from backtalk.errors import KnowledgeError
    from backtalk.knowledge import default_knowledge_dir, load_knowledge

    kdir = args.dir or args.knowledge or str(default_knowledge_dir())
    start = time.perf_counter()
    try:
        kb = load_knowledge(kdir, args.seeds, check_examples=True, progress=_say)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} problem{'s' if n != 1 else ''} in {kdir}", file=sys.stderr)
        return 1
    ms = (time.perf_counter() - start) * 1000
    cites = sum(len(t.citations) for t in kb.topics) + sum(
        len(f.citations) for f in kb.triage.flags.values()
    )
    print(
        f"ok: {kdir}: {len(kb.exercises)} exercises, {len(kb.conditions)} conditions, "
        f"{len(kb.intents)} intents, {len(kb.triage.flags)} red flags, "
        f"{len(kb.triage.signals)} signals; {cites} citations verified"
        + (f"; {kb.examples.count:,} graded examples" if kb.examples is not None else "")
        + f" ({ms:.0f} ms)"
    )
    return 0


def _has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_tui(args: argparse.Namespace) -> int:
    if not _has_terminal():
        # Piped or scripted: a full-screen app would hang or garble the output.
        print(
            "backtalk: the chat needs a terminal. From a script or a pipe use "
            '`backtalk ask "..."` or `backtalk ask --json -`.',
            file=sys.stderr,
        )
        return 2
    try:
        from backtalk.tui.app import run
    except ImportError as exc:  # pragma: no cover - depends on the install
        print(
            f'backtalk: the chat UI is unavailable ({exc}); try `backtalk ask "..."`',
            file=sys.stderr,
        )
        return 1
    return run(knowledge=args.knowledge, seeds=args.seeds, mouse=not args.no_mouse)


def _optional(module: str, func: str):
    import importlib

    return getattr(importlib.import_module(module), func)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from backtalk.errors import InputFileError, KnowledgeError

    try:
        if args.command is None:
            return cmd_tui(args)
        if args.command == "ask":
            return cmd_ask(args)
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "replay":
            return _optional("backtalk.replay.runner", "cli_replay")(args)
        if args.command == "coverage":
            return _optional("backtalk.coverage", "cli_coverage")(args)
        if args.command == "bench":
            return _optional("backtalk.bench", "cli_bench")(args)
    except (KnowledgeError, InputFileError) as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `backtalk ask - | head` must not print a traceback
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
