"""The fast pre-check that spares valid knowledge files a jsonschema run must never call a
broken file valid. Every knowledge file, cut down to two items per list, is broken one value at
a time in every place, and the pre-check's answer is compared with jsonschema's."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backtalk.knowledge.schemas import KINDS, _validator, quick_check, schema
from backtalk.knowledge.yamlfile import read_yaml

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"

# What an editor might do to one value by mistake.
BREAKS: list[Any] = [None, 5, 2.5, True, "", "Not-An-Id", [], {}, ["x", "x"], {"surprise": 1}]


def trimmed(data: Any, depth: int = 0) -> Any:
    """Two items per list, and three entries of a long mapping of data (lexicon lists,
    spellings) below the top: small enough to try every break everywhere, still every kind of
    value the file has."""
    if isinstance(data, list):
        return [trimmed(x, depth + 1) for x in data[:2]]
    if isinstance(data, dict):
        items = list(data.items())
        if depth and len(items) > 12:
            items = items[:3]
        return {k: trimmed(v, depth + 1) for k, v in items}
    return data


def places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from places(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from places(v, (*path, i))


def broken(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    if not path:
        return value
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_the_quick_check_agrees_with_jsonschema_on_every_break(kind: str) -> None:
    doc, problems = read_yaml((KNOWLEDGE / f"{kind}.yaml").read_text(encoding="utf-8"), kind)
    assert doc is not None and not problems
    data = trimmed(doc.data)
    full = _validator(kind)
    assert quick_check(schema(kind), data, schema(kind)) is True
    tried = sure = 0
    for path in places(data):
        for value in BREAKS:
            case = broken(data, path, value)
            quick = quick_check(schema(kind), case, schema(kind))
            valid = not any(True for _ in full.iter_errors(case))
            tried += 1
            if quick is not None:
                sure += 1
                assert quick is valid, (path, value, quick)
    # It must be sure of most cases, or it saves nothing.
    assert sure > tried * 0.9, (sure, tried)
