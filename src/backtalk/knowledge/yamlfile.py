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
    while stack:
        node = stack.pop()
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
        data = loader.construct_document(node)
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
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"YAML error: {exc}", "check the file is valid YAML")]
    finally:
        loader.dispose()
    return YamlDoc(path, data, node), _duplicate_keys(node, path)
