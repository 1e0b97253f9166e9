"""Compare one reply with what a turn's `expect` says it must show."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backtalk.reply import Reply

_MARKUP = re.compile(r"\*\*|__|`")
_WS = re.compile(r"\s+")
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Failure:
    """One expectation a reply did not meet."""

    key: str  # the expect key: level, flags, topic, intent, says, not_says, cites
    expected: Any
    actual: Any
    message: str  # "expected emergency, got routine"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


def actual(reply: Reply) -> dict[str, Any]:
    """What a reply showed, in the terms of `expect` (what --record writes)."""
    return {
        "level": reply.level,
        "flags": list(reply.flags),
        "topic": reply.topic,
        "intent": reply.intent,
        "cites": bool(reply.citations),
    }


def searchable(text: str) -> tuple[str, str]:
    """The reply text lower-cased, as written and without Markdown emphasis or line wraps, so
    `says: ["call 999"]` matches "**Call 999 now**" and a phrase wrapped over two lines."""
    low = text.lower()
    return low, _WS.sub(" ", _MARKUP.sub("", low))


def find(needle: str, text: str) -> int | None:
    """Where a case-insensitive substring occurs in the reply text, or None."""
    n = needle.lower()
    low, plain = searchable(text)
    for hay in (low, plain):
        at = hay.find(n)
        if at >= 0:
            return at
    n = _WS.sub(" ", _MARKUP.sub("", n))
    at = plain.find(n) if n else -1
    return at if at >= 0 else None


def check(expect: Mapping[str, Any] | None, reply: Reply) -> list[Failure]:
    if not expect:
        return []
    failures: list[Failure] = []
    if "level" in expect and expect["level"] != reply.level:
        failures.append(
            Failure(
                "level",
                expect["level"],
                reply.level,
                f"expected {expect['level']}, got {reply.level}",
            )
        )
    if "flags" in expect:
        missing = [f for f in expect["flags"] if f not in reply.flags]
        if missing:
            raised = ", ".join(reply.flags) or "none"
            failures.append(
                Failure(
                    "flags",
                    list(expect["flags"]),
                    list(reply.flags),
                    f"missing {', '.join(missing)} (raised: {raised})",
                )
            )
    for key in ("topic", "intent"):
        if key in expect and expect[key] != getattr(reply, key):
            want, got = expect[key], getattr(reply, key)
            failures.append(Failure(key, want, got, f"expected {_id(want)}, got {_id(got)}"))
    for needle in expect.get("says") or ():
        if find(needle, reply.text) is None:
            failures.append(Failure("says", needle, None, f"{show(needle)} is not in the reply"))
    for needle in expect.get("not_says") or ():
        at = find(needle, reply.text)
        if at is not None:
            failures.append(
                Failure(
                    "not_says",
                    needle,
                    needle,
                    f"{show(needle)} is in the reply: {around(reply.text, needle)}",
                )
            )
    if "cites" in expect:
        n = len(reply.citations)
        if expect["cites"] and not n:
            failures.append(Failure("cites", True, 0, "expected at least one citation, got none"))
        elif not expect["cites"] and n:
            failures.append(Failure("cites", False, n, f"expected no citations, got {n}"))
    return failures


def _id(value: Any) -> str:
    return "null" if value is None else str(value)


def show(text: str, width: int = 60) -> str:
    """A short, one-line, quoted form of any text (control characters escaped)."""
    flat = _WS.sub(" ", text).strip()
    flat = _UNSHOWABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)
    if len(flat) > width:
        flat = flat[: width - 1].rstrip() + "…"
    return f'"{flat}"'


def excerpt(text: str, width: int = 140) -> str:
    """The start of a reply, without Markdown emphasis, on one line."""
    return show(_MARKUP.sub("", text), width)


def around(text: str, needle: str, width: int = 70) -> str:
    """The words around a forbidden text, so you can see where it came from."""
    plain = _WS.sub(" ", _MARKUP.sub("", text))
    at = plain.lower().find(needle.lower())
    if at < 0:
        return excerpt(text, width)
    lo = max(0, at - (width - len(needle)) // 2)
    inner = show(plain[lo : lo + width], width + 2)[1:-1]
    return f'"{"…" if lo else ""}{inner}{"…" if lo + width < len(plain) else ""}"'
