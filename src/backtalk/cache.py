"""A snapshot of validated knowledge, so `backtalk ask` does not re-validate on every start.

The snapshot is keyed by the size and mtime of every knowledge file, seed and backtalk
module, so any edit (to knowledge or code) makes a fresh, fully validated load. It holds
nothing about the user. Set BACKTALK_NO_CACHE=1 to never read or write it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from backtalk.gcpause import paused

_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backtalk"


def fingerprint(knowledge_dir: Path, seeds_dir: Path) -> str:
    h = hashlib.sha256()
    files = [
        *sorted(knowledge_dir.glob("*.y*ml")),
        *sorted(knowledge_dir.glob("*.jsonl")),
        *sorted(seeds_dir.glob("*.txt")),
        *sorted(_PACKAGE.rglob("*.py")),
        *sorted(_PACKAGE.rglob("*.json")),
    ]
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


class _Pickler(pickle.Pickler):
    """Keeps a compiled pattern as its text: unpickling rebuilds it from rxcache's kept code
    instead of parsing it again (which was most of the time `ask` took to start)."""

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str):
            return ("re", obj.pattern, obj.flags & ~re.UNICODE)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, fh: Any) -> None:
        from backtalk.rxcache import PatternCache

        super().__init__(fh)
        self.patterns = PatternCache()
        # one object per pattern, as when it was saved: triage searches each one once by id
        self.made: dict[tuple[str, int], re.Pattern[str]] = {}

    def persistent_load(self, pid: Any) -> Any:
        kind, pattern, flags = pid
        if kind != "re":
            raise pickle.UnpicklingError(f"unknown persistent id {kind!r}")
        key = (pattern, flags)
        if key not in self.made:
            self.made[key] = self.patterns.compile(pattern, flags)
        return self.made[key]


@paused()
def read(key: str) -> Any | None:
    if os.environ.get("BACKTALK_NO_CACHE"):
        return None
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as fh:
            unpickler = _Unpickler(fh)
            value = unpickler.load()
        unpickler.patterns.save()
        return value
    except Exception:  # a missing, partial or outdated snapshot just means a full load
        return None


def write_atomic(name: str, dump: Callable[[IO[bytes]], None]) -> None:
    """Write a file in the cache folder through a temporary file, so readers never see half
    of one. A read-only home is fine: nothing is kept, and the next start does the work again."""
    tmp = None
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            dump(fh)
        os.replace(tmp, directory / name)
        tmp = None
    except OSError:
        pass
    finally:  # anything else (a value that will not pickle) is a bug: raised, file removed
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write(key: str, value: Any) -> None:
    if os.environ.get("BACKTALK_NO_CACHE"):
        return
    with contextlib.suppress(OSError):
        for old in cache_dir().glob("*.pickle"):
            if not old.name.startswith("regex-"):  # rxcache's compiled patterns stay
                old.unlink(missing_ok=True)
    write_atomic(
        f"{key}.pickle", lambda fh: _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    )
