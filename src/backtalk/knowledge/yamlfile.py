"""Read YAML safely and remember where every node starts, so errors can name file:line:col."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from backtalk.errors import Problem

# The C loader is several times faster; fall back to the pure one where libyaml is missing.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """Parsed data plus its node tree, which gives the 1-based (line, col) of any value or
    mapping key by path. Positions are looked up only when a problem is reported: recording
    every node's position up front was a fifth of the knowledge load time."""

    path: str
    data: Any
    node: yaml.Node | None = field(default=None, compare=False)

    def mark(self, where: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path (its parent's when the path is not there)."""
        node = self.node
        if node is None:
            return (1, 1)
        found = node.start_mark
        steps = tuple(where)
        for n, step in enumerate(steps):
            if isinstance(node, yaml.MappingNode):
                # the last duplicate wins, as in the data PyYAML builds
                pair = next((kv for kv in reversed(node.value) if kv[0].value == step), None)
                if pair is None:
                    break
                if key and n == len(steps) - 1:
                    found = pair[0].start_mark
                    break
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
            else:
                break
            found = node.start_mark
        return (found.line + 1, found.column + 1)

    def unquoted_keys(self, section: str) -> list[tuple[str, int, int]]:
        """Keys of a top-level mapping that YAML reads as something other than a string
        (a bare no, off, yes, 12): their text, line and column."""
        node = self.node
        if not isinstance(node, yaml.MappingNode):
            return []
        pair = next((kv for kv in node.value if kv[0].value == section), None)
        if pair is None or not isinstance(pair[1], yaml.MappingNode):
            return []
        return [
            (k.value, k.start_mark.line + 1, k.start_mark.column + 1)
            for k, _v in pair[1].value
            if k.tag != "tag:yaml.org,2002:str"
        ]


def _duplicate_keys(root: yaml.Node, doc_path: str) -> list[Problem]:
    # PyYAML keeps the last duplicate silently; an editor would never notice.
    problems: list[Problem] = []
    stack = [root]
    seen_nodes: set[int] = set()  # an alias is the same node again: check it once
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(
                        Problem(
                            doc_path,
                            line,
                            key_node.start_mark.column + 1,
                            f"duplicate key '{key}'",
                            f"it is already set on line {seen[key]}; keep one",
                        )
                    )
                seen[key] = line
                if not isinstance(value_node, yaml.ScalarNode):
                    stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(n for n in node.value if not isinstance(n, yaml.ScalarNode))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
_PLAIN_KEYS = frozenset((_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool"))


class _Recursive(Exception):
    """A node that holds itself (`x: &a [*a]`): no knowledge needs one, and every check after
    the read would walk it for ever."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node


def _construct(loader: Any, root: yaml.Node) -> Any:
    """The data of a node tree, as `loader.construct_document` builds it, in a fifth of the
    time: the knowledge is almost all strings, lists and mappings, and PyYAML's constructor
    (Python code even with the C loader) spends a tenth of the load on them. Anything else
    (numbers, booleans, merge keys, other tags, unsafe ones included) is the safe
    constructor's own work; an alias gets the very object its anchor did, as there.
    Raises _Recursive for a node inside itself."""
    done: dict[int, Any] = {}
    busy: set[int] = set()

    def walk(node: yaml.Node) -> Any:
        key = id(node)
        if key in done:
            return done[key]
        if key in busy:
            raise _Recursive(node)
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            out: Any = node.value
        elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            busy.add(key)
            out = [walk(n) for n in node.value]
        elif (
            isinstance(node, yaml.MappingNode)
            and node.tag == _MAP
            and all(isinstance(k, yaml.ScalarNode) and k.tag in _PLAIN_KEYS for k, _ in node.value)
        ):
            busy.add(key)
            out = {walk(k): walk(v) for k, v in node.value}
        else:
            out = loader.construct_object(node, deep=True)
        done[key] = out
        return out

    return walk(root)


def read_yaml(text: str, path: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document. Unsafe tags are rejected by the safe constructor, never run."""
    if "\t" in text:
        # YAML forbids tabs for indentation; point at the first one with a clearer hint than libyaml's.
        for n, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                col = len(line) - len(stripped) + 1
                return None, [
                    Problem(
                        path,
                        n,
                        col,
                        "tab character used for indentation",
                        "indent with spaces, not tabs",
                    )
                ]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [
                Problem(path, 1, 1, "file is empty", "add the entries, or delete the file")
            ]
        data = _construct(loader, node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.context and exc.context_mark and exc.problem:
            # libyaml notices late; say where the unfinished construct began.
            message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        hint = "check indentation, colons and quotes"
        if "constructor" in message or "tag" in message:
            hint = (
                "tags such as !!python/object are not allowed in knowledge files; use plain values"
            )
        return None, [Problem(path, line, col, f"YAML error: {message}", hint)]
    except _Recursive as exc:
        mark = exc.node.start_mark
        return None, [
            Problem(
                path,
                mark.line + 1,
                mark.column + 1,
                "an alias is used inside its own anchor, so the value would hold itself",
                "write the values out here instead of the *alias",
            )
        ]
    except RecursionError:
        return None, [Problem(path, 1, 1, "YAML nested too deeply to read", "flatten the nesting")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"YAML error: {exc}", "check the file is valid YAML")]
    finally:
        loader.dispose()
    return YamlDoc(path, data, node), _duplicate_keys(node, path)
