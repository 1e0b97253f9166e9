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
    """Parsed data plus the 1-based (line, col) of each value and each mapping key by path."""

    path: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def mark(self, where: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path (walks up to the parent when needed)."""
        table = self.key_marks if key else self.marks
        p = tuple(where)
        while p:
            if p in table:
                return table[p]
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))


def _walk(
    node: yaml.Node,
    path: Path_,
    doc_path: str,
    marks: dict,
    key_marks: dict,
    problems: list[Problem],
) -> None:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                # PyYAML keeps the last duplicate silently; an editor would never notice.
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
            key_marks[(*path, key)] = (line, key_node.start_mark.column + 1)
            _walk(value_node, (*path, key), doc_path, marks, key_marks, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), doc_path, marks, key_marks, problems)


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
    marks: dict[Path_, tuple[int, int]] = {}
    key_marks: dict[Path_, tuple[int, int]] = {}
    problems: list[Problem] = []
    _walk(node, (), path, marks, key_marks, problems)
    return YamlDoc(path, data, marks, key_marks), problems
