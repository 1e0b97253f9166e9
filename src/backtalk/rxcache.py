"""Compiled red-flag patterns kept between runs, so a load does not parse them all again.

Python's `re` parses and compiles a pattern in Python code: for the 75,000 characters of
triage patterns that is two thirds of the knowledge load. What it makes is a list of integers
for the C matcher (`_sre`), which depends only on the pattern text, the flags and the Python
version. This module keeps those lists in the cache folder (beside the knowledge snapshot)
and hands them straight back to `_sre`, which checks each one before use. Anything in doubt
(another Python, a file that will not read, a pattern not kept, a Python without these
internals) means the ordinary `re.compile`. BACKTALK_NO_CACHE=1 turns the file off.

With each pattern's code it keeps the literal strings the pattern needs (backtalk.literals),
read from the same parse, so they cost nothing more to know.

The code is kept as packed bytes, made a list again only for the pattern being compiled: as
lists of Python ints, the three thousand patterns' two and a half million numbers took a
fifth of a second to read and most of the CLI's peak memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
from array import array
from collections.abc import Callable
from typing import Any

from backtalk.cache import cache_dir, write_atomic
from backtalk.literals import Needs, needs_of, needs_of_tree

try:  # CPython 3.11+; elsewhere every pattern is compiled the ordinary way
    import _sre
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the Python running us
    _sre = _compiler = _constants = _parser = None

Key = tuple[str, int]
FORMAT = 4
# the array type whose items are as wide as _sre's code words (4 bytes on CPython)
_WORD = next((t for t in "IL" if _sre and array(t).itemsize == _sre.CODESIZE), None)


def _name() -> str:
    magic = getattr(_constants, "MAGIC", 0)
    # FORMAT: what each entry holds (the code, then what the pattern needs)
    tag = hashlib.sha256(f"{sys.version}\0{magic}\0{FORMAT}".encode()).hexdigest()[:16]
    return f"regex-{tag}.pickle"


def _file() -> str:
    return str(cache_dir() / _name())


class PatternCache:
    """Compiles patterns, from the kept code where it can; `save` keeps what this load used.

    One per load, used from one thread: it is the load's working state, not shared."""

    def __init__(self, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = not os.environ.get("BACKTALK_NO_CACHE")
        # `fast`: compile through the parse we keep (this Python has the internals); `enabled`:
        # also read and write the file
        self.fast = _parser is not None and _WORD is not None
        self.enabled = enabled and self.fast
        # per pattern: the code for _sre and what the pattern needs
        self.kept: dict[Key, tuple[tuple[Any, ...], Needs]] = {}
        self.used: dict[Key, tuple[tuple[Any, ...], Needs]] = {}
        # patterns written out from knowledge (the spelling finder's tree), by a digest of
        # what each was made from
        self.kept_text: dict[str, str] = {}
        self.used_text: dict[str, str] = {}
        self.reused = 0
        if self.enabled:
            try:
                with open(_file(), "rb") as fh:
                    kept, kept_text = pickle.load(fh)
                if isinstance(kept, dict) and isinstance(kept_text, dict):
                    self.kept, self.kept_text = kept, kept_text
            except Exception:  # missing, partial or from another version: compile afresh
                self.kept, self.kept_text = {}, {}

    def build(self, made_from: str, write: Callable[[], str], flags: int = 0) -> re.Pattern[str]:
        """Compile a pattern written out from `made_from` by `write`, which is called only if
        no earlier run kept the text for the same `made_from` (writing out the spelling
        finder's tree of three thousand words was a tenth of a load)."""
        key = hashlib.sha256(made_from.encode()).hexdigest()
        text = self.kept_text.get(key)  # (empty unless the file was read)
        if text is None:
            text = write()
        self.used_text[key] = text
        return self.compile(text, flags)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        if not self.fast:
            return re.compile(pattern, flags)
        key = (pattern, flags)
        got = self.kept.get(key)
        if got is not None:
            try:
                flags_, packed, *rest = got[0]
                rx = _sre.compile(pattern, flags_, array(_WORD, packed).tolist(), *rest)
                self.used[key] = got
                self.reused += 1
                return rx
            except Exception:  # _sre refused the kept code: make it again
                pass
        # What re._compiler.compile does, keeping the code it makes on the way.
        try:
            p = _parser.parse(pattern, flags)
            # plain ints: the code holds named constants (int subclasses) that do not pickle
            code = [int(c) for c in _compiler._code(p, flags)]
            groupindex = p.state.groupdict
            indexgroup: list[str | None] = [None] * p.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            args = (
                int(flags | p.state.flags),
                code,
                p.state.groups - 1,
                dict(groupindex),
                tuple(indexgroup),
            )
            rx = _sre.compile(pattern, *args)
            args = (args[0], array(_WORD, code).tobytes(), *args[2:])
        except re.error:
            raise  # a bad pattern is the knowledge's problem: the loader names it
        except Exception:  # internals not as this Python's re has them: the ordinary way
            self.enabled = self.fast = False
            return re.compile(pattern, flags)
        self.used[key] = (args, needs_of_tree(p))
        return rx

    def needs(self, pattern: str, flags: int = 0) -> Needs:
        """The literal strings a pattern compiled here needs (parsed again only if it was
        compiled the ordinary way)."""
        # (a compiled pattern's flags have re.UNICODE added: the key is the flags asked for)
        got = self.used.get((pattern, flags & ~re.UNICODE))
        return got[1] if got is not None else needs_of(pattern, flags)

    def close(self) -> None:
        """Let the kept code go now. The compiling closures of a load refer to this cache in a
        cycle, so without this its tens of thousands of tuples wait for the cycle collector,
        whose first pass after the load walked them all: a tenth of the load."""
        self.kept, self.used = {}, {}
        self.kept_text, self.used_text = {}, {}

    def save(self) -> None:
        """Keep the code of any pattern compiled afresh. The knowledge load and the snapshot
        share the file, each using some patterns the other does not, so both are kept; the
        code of patterns no longer used (after edits) is dropped once it outgrows the rest."""
        if not self.enabled or (
            self.used.keys() <= self.kept.keys() and self.used_text.keys() <= self.kept_text.keys()
        ):
            return
        keep = {**self.kept, **self.used}
        if len(keep) > 2 * len(self.used) + 100:
            keep = self.used
        keep_text = {**self.kept_text, **self.used_text}
        if len(keep_text) > 2 * len(self.used_text) + 4:
            keep_text = self.used_text
        # a read-only home is fine: patterns are compiled every time
        with contextlib.suppress(pickle.PickleError):
            write_atomic(
                _name(),
                lambda fh: pickle.dump((keep, keep_text), fh, protocol=pickle.HIGHEST_PROTOCOL),
            )
