"""The garbage collector held off while a load builds its long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """A load makes tens of thousands of objects that all live on (patterns, the compiled code
    kept for them, the knowledge). Every collection on the way walks all of them again and
    frees nothing: a fifth of the load. Collections resume as they were afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
