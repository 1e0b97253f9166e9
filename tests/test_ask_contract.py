"""`backtalk ask` and the JSON contract of DESIGN.md §3, through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FIELDS = {"input", "level", "flags", "intent", "topic", "text", "citations"}


def ask(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "backtalk", "ask", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def test_ask_json_one_message_has_exactly_the_contract_fields() -> None:
    run = ask("--json", "i cant feel it when i wipe")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) == FIELDS
    assert out["input"] == "i cant feel it when i wipe"
    assert out["level"] == "emergency"
    assert out["flags"] == ["cauda-equina"]
    assert "999" in out["text"]
    assert out["citations"] and all({"seed", "line", "quote"} <= set(c) for c in out["citations"])


def test_ask_joins_words_without_quotes() -> None:
    run = ask("--json", "hello", "there")
    assert json.loads(run.stdout)["input"] == "hello there"


def test_ask_plain_prints_readable_text_with_sources() -> None:
    run = ask("i cant pee and my back hurts")
    text = run.stdout.decode()
    assert run.returncode == 0
    assert "Call 999" in text and "Sources:" in text and "[1]" in text
    assert not text.lstrip().startswith("{")


def test_batch_gives_one_object_per_line_in_order_including_odd_lines() -> None:
    lines = [
        b"hello",
        b"",
        b"   ",
        b"\xff\xfe not utf-8 \xc3",
        b"\x1b[31mred\x1b[0m [bold]markup[/bold]",
        "emoji \U0001f62d and zero\u200bwidth and \u202eright-to-left".encode(),
        b"i cant pee",
        b"x" * 100_000 + b" and now my bum is numb",
    ]
    run = ask("--json", "-", stdin=b"\n".join(lines) + b"\n")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(x) for x in run.stdout.decode().splitlines()]
    assert len(rows) == len(lines)
    for row in rows:
        assert set(row) == FIELDS
        assert row["level"] in ("routine", "urgent", "emergency")
    assert rows[0]["intent"] == "greeting"
    assert rows[1]["input"] == "" and rows[1]["level"] == "routine"
    assert "\ufffd" in rows[3]["input"]  # invalid UTF-8 replaced, not fatal
    assert "\x1b" not in rows[4]["input"] and "\x1b" not in rows[4]["text"]
    assert "\u200b" not in rows[5]["input"]
    assert rows[6]["level"] == "emergency"
    # A red flag at the very end of a long line is still found: the whole message is screened.
    assert rows[7]["level"] == "emergency" and rows[7]["flags"] == ["cauda-equina"]


def test_each_batch_line_is_a_fresh_chat() -> None:
    run = ask("--json", "-", stdin=b"i cant pee\nhow do i do a glute bridge\n")
    rows = [json.loads(x) for x in run.stdout.decode().splitlines()]
    assert rows[0]["level"] == "emergency"
    assert rows[1]["level"] == "routine"


def test_batch_handles_crlf_and_no_final_newline() -> None:
    run = ask("--json", "-", stdin=b"hello\r\nthanks")
    rows = [json.loads(x) for x in run.stdout.decode().splitlines()]
    assert [r["input"] for r in rows] == ["hello", "thanks"]


@pytest.mark.parametrize("argv", [["ask"], ["ask", "--nope", "x"], ["frobnicate"]])
def test_usage_errors_exit_2_without_traceback(argv: list[str]) -> None:
    run = subprocess.run([sys.executable, "-m", "backtalk", *argv], capture_output=True, timeout=60)
    assert run.returncode == 2
    assert b"Traceback" not in run.stderr and b"usage:" in run.stderr


def test_version() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "backtalk", "--version"], capture_output=True, text=True, timeout=60
    )
    assert run.stdout.startswith("backtalk ")


def test_core_never_imports_textual() -> None:
    """The core is UI-free: importing backtalk and answering must not load textual."""
    code = (
        "import sys, backtalk\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')], 'import'\n"
        "from backtalk.cli import main\n"
        "main(['ask', '--json', 'how do I do pigeon pose'])\n"
        "main(['ask', 'i cant pee'])\n"
        "main(['validate'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("clean")


def test_no_module_outside_tui_imports_textual() -> None:
    """Every core module, imported on its own, leaves textual (and rich) unloaded."""
    code = (
        "import importlib, pkgutil, sys, backtalk\n"
        "names = [m.name for m in pkgutil.walk_packages(backtalk.__path__, 'backtalk.')\n"
        "         if not m.name.startswith('backtalk.tui')]\n"
        "for name in names:\n"
        "    # __main__ would start the chat; the plugin only adds pytest hooks.\n"
        "    if name not in ('backtalk.__main__', 'backtalk.replay.plugin'):\n"
        "        importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
        "print(len(names))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.strip()) >= 15  # the walk really found the core modules


def test_the_chat_without_a_terminal_says_what_to_use_instead() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "backtalk"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 2
    assert "needs a terminal" in run.stderr and "backtalk ask" in run.stderr
    assert "Traceback" not in run.stderr
