"""Scripted conversations: the file format, the runner behind `backtalk replay`, `--record`,
and the pytest plugin that collects `conversations/**/*.yaml` as tests.

    from backtalk.replay import load_script, run_script
    script, problems = load_script("tests/conversations/clarify_numb_bum.yaml")
    result = run_script(backtalk.load(), script)   # result.passed, result.turns[i].failures
"""

from __future__ import annotations

from backtalk.replay.check import Failure, check
from backtalk.replay.runner import FileResult, Summary, TurnResult, run_paths, run_script
from backtalk.replay.script import Script, Turn, find_files, load_script

__all__ = [
    "Failure",
    "FileResult",
    "Script",
    "Summary",
    "Turn",
    "TurnResult",
    "check",
    "find_files",
    "load_script",
    "run_paths",
    "run_script",
]
