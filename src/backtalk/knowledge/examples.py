"""knowledge/examples.jsonl: graded example messages, read and checked, and their index kept.

One example a line, as a JSON object:

    {"text": "cant feel the loo roll when i wipe", "tier": "emergency", "flags": ["cauda-equina"]}
    {"text": "numb bum after a long bike ride, gone now", "tier": "routine", "flags": []}

The index (backtalk.resemble) takes seconds to build, so it is built when the file changes and
kept in the cache folder, named by the file's size and time and by how it is built. It is
kept even with BACKTALK_NO_CACHE=1: unlike the knowledge snapshot, it can never be stale (a
changed file or a changed way of building it has another name). `backtalk validate` reads
every line again however the index was kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from backtalk import resemble
from backtalk.cache import cache_dir, write_atomic
from backtalk.errors import Problem

FILE = "examples.jsonl"
_KEYS = {"text", "tier", "flags"}
_FIX = 'each line is {"text": "...", "tier": "emergency|urgent|routine", "flags": ["flag-id"]}'


def read_examples(
    path: Path, flags: Collection[str]
) -> tuple[list[resemble.Example], list[Problem]]:
    """Every example in the file, and every problem with a line, as file:line:col."""
    shown = str(path)
    out: list[resemble.Example] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[int, str, tuple[str, ...]]] = {}

    def bad(line: int, message: str, hint: str = _FIX, col: int = 1) -> None:
        problems.append(Problem(shown, line, col, message, hint))

    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj: Any = json.loads(raw)
            except json.JSONDecodeError as exc:
                bad(n, f"not JSON: {exc.msg}", col=exc.colno)
                continue
            if not isinstance(obj, dict):
                bad(n, "not a JSON object")
                continue
            if extra := sorted(set(obj) - _KEYS):
                bad(n, f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(extra)}")
                continue
            text, tier, tags = obj.get("text"), obj.get("tier"), obj.get("flags", [])
            if not isinstance(text, str) or not text.strip():
                bad(n, "text missing or empty")
                continue
            if tier not in resemble.TIERS:
                bad(n, f"tier {tier!r} is not one of {', '.join(resemble.TIERS)}")
                continue
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                bad(n, "flags is not a list of red-flag ids")
                continue
            if unknown := [t for t in tags if t not in flags]:
                bad(
                    n,
                    f"unknown red flag {', '.join(map(repr, unknown))}",
                    "flags are ids under flags: in red_flags.yaml",
                )
                continue
            if (tier == "routine") != (not tags):
                bad(
                    n,
                    "a routine example raises no flags; an urgent or emergency one names them",
                    "give the flags the message must raise, or make it routine",
                )
                continue
            label = (tier, tuple(tags))
            key = " ".join(text.lower().split())
            if key in seen:
                line, *other = seen[key]
                if tuple(other) != label:
                    bad(
                        n,
                        f"graded differently at line {line}",
                        "one message, one grade: keep the line that is right",
                    )
                continue  # the same example twice counts once
            seen[key] = (n, *label)
            out.append(resemble.Example(text, tier, tuple(tags), n))
    return out, problems


def _index_name(path: Path, flags: Collection[str]) -> str:
    """Named by the file's size and time and by how the index is built (the resemble module
    and the order of the flags): any change, another name."""
    st = path.stat()
    code = Path(resemble.__file__).stat()
    h = hashlib.sha256(
        f"{st.st_size}\0{st.st_mtime_ns}\0{code.st_size}\0{code.st_mtime_ns}\0{resemble.FORMAT}"
        f"\0{','.join(flags)}".encode()
    )
    return f"examples-{h.hexdigest()[:24]}.idx"


class ExampleBank:
    """The examples' index for a knowledge folder: mapped from the cache folder (or held in
    memory when the cache folder cannot be written). A pickled knowledge snapshot keeps only
    where the index is, and maps it again when first asked."""

    __slots__ = ("_index", "count", "file")

    def __init__(self, file: str, count: int, index: resemble.Index | None = None) -> None:
        self.file = file  # the index file in the cache folder ("" when held in memory)
        self.count = count
        self._index = index

    def __getstate__(self) -> tuple[str, int]:
        return (self.file, self.count)

    def __setstate__(self, state: tuple[str, int]) -> None:
        self.file, self.count = state
        self._index = None

    @property
    def index(self) -> resemble.Index | None:
        if self._index is None and self.file:
            try:
                self._index = resemble.open_index(self.file)
            except (OSError, ValueError):  # the cache was cleared: no second look this run
                self.file = ""
        return self._index

    def look(self, text: str) -> tuple[resemble.Resembled, ...]:
        index = self.index
        return index.look(text) if index is not None else ()


def open_bank(
    kdir: Path,
    flags: Collection[str],
    problems: list[Problem],
    *,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ExampleBank | None:
    """The bank for kdir/examples.jsonl (None when there is none). Read and checked line by
    line when its index must be built, or when `check` asks (backtalk validate). `progress`
    hears of a build, which takes seconds."""
    path = kdir / FILE
    if not path.is_file():
        return None
    name = _index_name(path, flags)
    kept = cache_dir() / name
    if not check and (bank := _opened(kept)) is not None:
        return bank
    examples, found = read_examples(path, flags)
    problems.extend(found)
    if found:
        return None
    if (bank := _opened(kept)) is not None:  # checked, and already built
        return bank
    if progress is not None:
        progress(f"Indexing {len(examples):,} graded examples from {path} (once after a change)...")
    data = resemble.build(examples, list(flags))
    write_atomic(name, lambda fh: fh.write(data))
    _forget_old(keep=3)
    # (held in memory when the cache folder cannot be written)
    return _opened(kept) or ExampleBank("", len(examples), resemble.Index(data))


def _opened(kept: Path) -> ExampleBank | None:
    """The kept index, mapped; None when there is none, or it is half written or damaged (then
    it is built again)."""
    try:
        index = resemble.open_index(str(kept))
    except (OSError, ValueError):
        return None
    with contextlib.suppress(OSError):
        os.utime(kept)  # in use: the last to go (see _forget_old)
    return ExampleBank(str(kept), index.n, index)


def _forget_old(keep: int) -> None:
    """Indexes of earlier versions of the file go, but not the last few used: two checkouts
    (or a checkout and an installed copy) each keep theirs."""
    with contextlib.suppress(OSError):
        kept = sorted(cache_dir().glob("examples-*.idx"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-keep]:
            old.unlink(missing_ok=True)
