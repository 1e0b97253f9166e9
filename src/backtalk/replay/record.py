"""`backtalk replay --record`: write what the bot actually said into each turn's `expect`.

Only the `expect` of each turn is rewritten, as one flow-style line; the title, the `user`
lines, comments and layout stay byte for byte as written. The `says` / `not_says` an author
wrote are kept (they are judgement, not a recording). The new text is re-read and checked
before it replaces the file, atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

import yaml

from backtalk.errors import Problem
from backtalk.replay.check import check
from backtalk.replay.runner import FileResult, Summary, TurnResult
from backtalk.replay.script import Script, find_files, load_script
from backtalk.reply import Reply

ORDER = ("level", "flags", "topic", "intent", "says", "not_says", "cites")
_PLAIN = re.compile(r"^[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def recorded(old: Mapping[str, Any] | None, reply: Reply) -> dict[str, Any]:
    """The new expect: level, flags, topic and cites from the reply; the author's says and
    not_says as written; intent only if the author asked for it."""
    old = old or {}
    new: dict[str, Any] = {"level": reply.level}
    if reply.flags:
        new["flags"] = list(reply.flags)
    new["topic"] = reply.topic
    if "intent" in old:
        new["intent"] = reply.intent
    for key in ("says", "not_says"):
        if key in old:
            new[key] = list(old[key])
    new["cites"] = bool(reply.citations)
    return {k: new[k] for k in ORDER if k in new}


# ------------------------------------------------------------------------------ writing YAML


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    s = str(value)
    if _PLAIN.match(s) and s not in _RESERVED:
        return s
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow(expect: Mapping[str, Any], kept: Mapping[str, str] | None = None) -> str:
    """`{level: routine, topic: pigeon-pose, says: [pigeon], cites: true}`."""
    parts = []
    for key, value in expect.items():
        if kept and key in kept:
            parts.append(f"{key}: {kept[key]}")
        elif isinstance(value, list):
            parts.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            parts.append(f"{key}: {scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def _content_end(node: yaml.Node, text: str) -> int:
    """Where a node's own text ends: block nodes run on to the next token (blank lines and
    comments included), so descend to the last child and drop trailing whitespace."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1], text)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1], text)
    p = node.end_mark.index
    while p > node.start_mark.index and text[p - 1] in " \t\r\n":
        p -= 1
    return p


def _source(node: yaml.Node, text: str) -> str | None:
    """The text of a one-line flow node as the author wrote it."""
    piece = text[node.start_mark.index : _content_end(node, text)]
    if isinstance(node, yaml.SequenceNode) and node.flow_style and "\n" not in piece:
        return piece
    return None


def rewrite(text: str, expects: list[dict[str, Any]]) -> str:
    """Put each turn's new expect into the text, leaving everything else as it was."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    turns = next(v for k, v in root.value if k.value == "turns")
    nl = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    for node, expect in zip(turns.value, expects, strict=True):
        pairs = {k.value: (k, v) for k, v in node.value}
        kept: dict[str, str] = {}
        if "expect" in pairs and isinstance(pairs["expect"][1], yaml.MappingNode):
            for k, v in pairs["expect"][1].value:
                src = _source(v, text) if k.value in ("says", "not_says") else None
                if src is not None:
                    kept[k.value] = src
        new = flow(expect, kept)
        if node.flow_style:
            user = pairs["user"][1]
            src = text[user.start_mark.index : _content_end(user, text)]
            end = node.end_mark.index
            edits.append((node.start_mark.index, end, f"{{user: {src}, expect: {new}}}"))
        elif "expect" in pairs:
            key, value = pairs["expect"]
            edits.append((key.start_mark.index, _content_end(value, text), f"expect: {new}"))
        else:
            last = node.value[-1][1]
            at = text.find("\n", _content_end(last, text))
            at = len(text) if at < 0 else at
            if at and text[at - 1] == "\r":
                at -= 1
            indent = " " * node.value[0][0].start_mark.column
            edits.append((at, at, f"{nl}{indent}expect: {new}"))
    for start, end, piece in sorted(edits, reverse=True):
        text = text[:start] + piece + text[end:]
    return text


def write_atomically(path: str, text: str) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):  # keep the file's permissions where we can
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------------- the command


def record_script(bot: Any, script: Script) -> FileResult:
    chat = bot.chat()
    replies = [chat.send(t.user) for t in script.turns]
    expects = [recorded(t.expect, r) for t, r in zip(script.turns, replies, strict=True)]
    new_text = rewrite(script.text, expects)
    again, problems = load_script(script.path, new_text)
    if again is None or [dict(t.expect or {}) for t in again.turns] != expects:
        # Never write a file we cannot read back exactly as meant.
        why = "; ".join(str(p) for p in problems) or "the result did not read back as written"
        return FileResult(
            script.path,
            script.title,
            (),
            (
                Problem(
                    script.path,
                    1,
                    1,
                    f"could not record this file safely ({why})",
                    "the file was left as it was",
                ),
            ),
        )
    if new_text != script.text:
        write_atomically(script.path, new_text)
    # The recording passes by construction, except the says / not_says kept as written.
    results = tuple(
        TurnResult(t, r, tuple(check(t.expect, r)))
        for t, r in zip(again.turns, replies, strict=True)
    )
    return FileResult(again.path, again.title, results)


def record_paths(bot: Any, paths: Iterable[str], out: TextIO) -> Summary:
    files, problems = find_files(paths)
    results = [FileResult(p.path, "", (), (p,)) for p in problems]
    for f in files:
        script, probs = load_script(f)
        if script is None:
            results.append(FileResult(f, "", (), tuple(probs)))
            continue
        res = record_script(bot, script)
        if not res.problems:
            n = len(res.turns)
            out.write(f"recorded {f}: {n} turn{'s' if n != 1 else ''}\n")
        results.append(res)
    return Summary(tuple(results))
