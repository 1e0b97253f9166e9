"""Conversation files: find them, read them safely, check them against the JSON Schema.

Every problem a person can cause (bad YAML, unknown key, wrong type, a `!!python/...` tag)
becomes one `file:line:col: message (hint)` line; nothing in a file is ever executed.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from backtalk.errors import Problem
from backtalk.knowledge.yamlfile import YamlDoc, read_yaml

SUFFIXES = (".yaml", ".yml")
EXPECT_KEYS = ("level", "flags", "topic", "intent", "says", "not_says", "cites")
_FORMAT = "see 'Scripted conversations' in README.md for the format"


@dataclass(frozen=True, slots=True)
class Turn:
    """One message to send, and what its reply must show (None: nothing to check)."""

    n: int  # 1-based
    user: str
    expect: Mapping[str, Any] | None
    line: int  # line of `user`
    expect_line: int  # line of `expect` (the `user` line when there is none)


@dataclass(frozen=True, slots=True)
class Script:
    path: str
    title: str
    turns: tuple[Turn, ...]
    text: str  # the file as read, for --record
    doc: YamlDoc  # where each node is, for messages

    def mark(self, *where: Any) -> tuple[int, int]:
        return self.doc.mark(where)

    @property
    def name(self) -> str:
        return Path(self.path).stem


# ------------------------------------------------------------------------------- finding files


def find_files(paths: Iterable[str | Path]) -> tuple[list[str], list[Problem]]:
    """Files as given, and *.yaml / *.yml under directories (recursively, sorted)."""
    found: list[str] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            inside = sorted(str(f) for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file())
            if not inside:
                problems.append(
                    Problem(str(p), 0, 0, "no conversation files here", "they end in .yaml or .yml")
                )
            found.extend(inside)
        elif p.is_file():
            found.append(str(p))
        else:
            problems.append(Problem(str(p), 0, 0, "no such file or directory", "check the path"))
    return list(dict.fromkeys(found)), problems


# ------------------------------------------------------------------------------------ reading


@cache
def schema() -> dict[str, Any]:
    text = resources.files("backtalk.replay").joinpath("conversation.schema.json").read_text()
    return json.loads(text)


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # only needed once a file is checked

    return Draft202012Validator(schema())


def read_text(path: str) -> tuple[str | None, list[Problem]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [Problem(path, 0, 0, f"cannot read the file: {exc.strerror or exc}")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, 1, "the file is not UTF-8 text", "save it as UTF-8")]


def load_script(path: str, text: str | None = None) -> tuple[Script | None, list[Problem]]:
    """Parse and check one conversation file. Returns the script, or None and its problems."""
    if text is None:
        text, problems = read_text(path)
        if text is None:
            return None, problems
    doc, problems = read_yaml(text, path)
    problems = [_reword(p) for p in problems]
    if doc is None:
        return None, problems
    data = _as_typed(doc.data, text)
    doc = YamlDoc(doc.path, data, doc.node)
    problems += validate(doc)
    if problems:
        return None, problems
    turns = []
    for i, t in enumerate(data["turns"]):
        line = doc.mark(("turns", i, "user"))[0]
        has = "expect" in t
        expect_line = doc.mark(("turns", i, "expect"), key=True)[0] if has else line
        turns.append(Turn(i + 1, t["user"], t.get("expect"), line, expect_line))
    return Script(path, data.get("title") or Path(path).stem, tuple(turns), text, doc), []


def _reword(p: Problem) -> Problem:
    """read_yaml speaks of knowledge files; say the same things about conversations."""
    if p.message == "file is empty":
        return Problem(p.path, p.line, p.col, p.message, "add a title and turns; " + _FORMAT)
    hint = p.hint.replace("knowledge files", "conversation files")
    return Problem(p.path, p.line, p.col, p.message, hint)


def _as_typed(data: Any, text: str) -> Any:
    """`user: yes`, `user: 999` or `says: [999]` mean the text as written, not a boolean or a
    number: YAML would resolve such plain scalars, so take their source text instead."""
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        return data

    def typed(v: Any) -> bool:
        return isinstance(v, (bool, int, float, datetime.date))

    def needs(t: Any) -> bool:
        if not isinstance(t, dict):
            return False
        e = t.get("expect") if isinstance(t.get("expect"), dict) else {}
        texts = [x for k in ("says", "not_says") if isinstance(e.get(k), list) for x in e[k]]
        return typed(t.get("user")) or any(typed(x) for x in texts)

    if not any(needs(t) for t in data["turns"]):
        return data
    turns_node = _get(yaml.compose(text, Loader=yaml.SafeLoader), "turns")
    if not isinstance(turns_node, yaml.SequenceNode):
        return data
    turns = []
    for t, t_node in zip(data["turns"], turns_node.value, strict=False):
        if needs(t):
            t = dict(t)
            if typed(t.get("user")):
                t["user"] = _get(t_node, "user").value  # as typed: "yes", "999", "2024-01-01"
            e_node = _get(t_node, "expect")
            if isinstance(t.get("expect"), dict):
                e = t["expect"] = dict(t["expect"])
                for key in ("says", "not_says"):
                    seq = _get(e_node, key)
                    if isinstance(e.get(key), list) and isinstance(seq, yaml.SequenceNode):
                        e[key] = [
                            n.value if typed(x) else x
                            for x, n in zip(e[key], seq.value, strict=False)
                        ]
        turns.append(t)
    return {**data, "turns": turns}


def _get(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


# --------------------------------------------------------------------------------- the schema


def validate(doc: YamlDoc) -> list[Problem]:
    if not isinstance(doc.data, dict):
        line, col = doc.mark(())
        return [
            Problem(
                doc.path,
                line,
                col,
                "a conversation file is a mapping with 'title' and 'turns'",
                _FORMAT,
            )
        ]
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: list(map(str, e.path)))
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = sorted(err.schema.get("properties", {}))
            for extra in [k for k in err.instance if k not in allowed]:
                line, col = doc.mark((*path, extra), key=True)
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        f"unknown key '{extra}'" + _where(path),
                        f"remove it or fix its spelling; allowed: {', '.join(allowed)}",
                    )
                )
            continue
        if err.validator == "required":
            missing = [k for k in err.validator_value if k not in err.instance]
            line, col = doc.mark(path)
            for key in missing:
                hint = (
                    "each turn needs the message the person types, e.g. 'user: my back hurts'"
                    if key == "user"
                    else _FORMAT
                )
                problems.append(
                    Problem(doc.path, line, col, f"missing '{key}'" + _where(path), hint)
                )
            continue
        line, col = doc.mark(path)
        problems.append(Problem(doc.path, line, col, _message(err, path), _hint(err, path)))
    return sorted(problems, key=lambda p: (p.line, p.col))


_TYPES = {
    "string": "text",
    "str": "text",
    "array": "a list",
    "list": "a list",
    "object": "a mapping",
    "dict": "a mapping",
    "boolean": "true or false",
    "bool": "true or false",
    "null": "empty",
    "int": "a number",
    "float": "a number",
}


def _where(path: tuple[Any, ...]) -> str:
    """'in turn 2' / 'in the expect of turn 2' for a schema path."""
    if len(path) >= 2 and path[0] == "turns" and isinstance(path[1], int):
        turn = f"turn {path[1] + 1}"
        return (
            f" in the expect of {turn}" if len(path) >= 3 and path[2] == "expect" else f" in {turn}"
        )
    return ""


def _name(path: tuple[Any, ...]) -> str:
    keys = [str(p) for p in path if not isinstance(p, int)]
    return f"'{keys[-1]}'" if keys else "the file"


def _message(err: Any, path: tuple[Any, ...]) -> str:
    where = _where(path)
    if err.validator == "type":
        if err.instance is None:
            return f"{_name(path)} is empty{where}"
        want = err.validator_value
        want = " or ".join(_TYPES.get(w, w) for w in (want if isinstance(want, list) else [want]))
        got = _TYPES.get(type(err.instance).__name__, type(err.instance).__name__)
        return f"{_name(path)} should be {want}, not {got}{where}"
    if err.validator == "enum":
        return f"{_name(path)} is {err.instance!r}{where}"
    if err.validator == "pattern":
        return f"{err.instance!r} is not an id{where}"
    if err.validator == "minItems":
        return f"{_name(path)} is empty{where}"
    if err.validator == "minLength":
        return f"{_name(path)} has an empty text{where}"
    if err.validator == "uniqueItems":
        return f"{_name(path)} lists the same id twice{where}"
    return err.message + where


def _hint(err: Any, path: tuple[Any, ...]) -> str:
    v = err.validator
    key = next((p for p in reversed(path) if not isinstance(p, int)), "")
    if v == "type":
        if key == "user":
            return "write the message as text; quote it if it looks like a number or yes/no"
        if key in ("says", "not_says"):
            return 'a list of texts, e.g. says: ["999", "A&E"]'
        if key == "flags":
            return "a list of red-flag ids, e.g. flags: [cauda-equina]"
        if key == "cites":
            return "true (at least one citation) or false (none)"
        if key == "turns":
            return "a list of turns, each '- user: ...'"
        if key == "expect":
            return "a mapping, e.g. expect: {level: routine}"
        if err.instance is None:
            return "give a value or remove the key"
        return ""
    if v == "enum":
        return "use one of: " + ", ".join(map(str, err.validator_value))
    if v == "pattern":
        return "ids are kebab-case, like 'cauda-equina' or 'glute-bridge'"
    if v in ("minItems", "minLength"):
        return "it must not be empty"
    if v == "uniqueItems":
        return "list each id once"
    return _FORMAT
