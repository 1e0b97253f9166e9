"""pytest plugin (entry point `pytest11`): every `conversations/**/*.yaml` is a test.

One test item per file, named after the file (`pytest -k clarify_numb` selects by name), marked
`conversation`. A failure shows the same diff as `backtalk replay`. Only YAML files under a
directory called `conversations` are collected, so other YAML is left alone. The knowledge is
loaded once per session (`--backtalk-knowledge DIR` / `--backtalk-seeds DIR` to pick another).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

_BOT = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("backtalk", "backtalk scripted conversations")
    group.addoption(
        "--backtalk-knowledge",
        metavar="DIR",
        default=None,
        help="knowledge folder for conversation tests (default: the bundled one)",
    )
    group.addoption(
        "--backtalk-seeds",
        metavar="DIR",
        default=None,
        help="seeds folder for conversation tests (default: beside the knowledge)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conversation: a backtalk scripted conversation file")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and _in_conversations(
        file_path, parent.config.rootpath
    ):
        return ConversationFile.from_parent(parent, path=file_path)
    return None


def _in_conversations(path: Path, root: Path) -> bool:
    try:
        folders = path.relative_to(root).parts[:-1]
    except ValueError:
        folders = path.parts[:-1]
    return "conversations" in folders


def _bot(config: pytest.Config) -> Any:
    """The bot, or the KnowledgeError that loading it raised: loaded once per session."""
    if _BOT not in config.stash:
        import backtalk
        from backtalk.errors import KnowledgeError

        try:
            config.stash[_BOT] = backtalk.load(
                config.getoption("backtalk_knowledge"), config.getoption("backtalk_seeds")
            )
        except KnowledgeError as exc:
            config.stash[_BOT] = exc
    return config.stash[_BOT]


class ConversationFailed(Exception):
    def __init__(self, report: str):
        super().__init__(report)
        self.report = report


class ConversationFile(pytest.File):
    def collect(self):
        item = ConversationItem.from_parent(self, name=self.path.stem)
        item.add_marker("conversation")
        yield item


class ConversationItem(pytest.Item):
    def _shown_path(self) -> str:
        here = self.config.invocation_params.dir
        rel = os.path.relpath(self.path, here)
        return str(self.path) if rel.startswith("..") else rel

    def runtest(self) -> None:
        from backtalk.errors import KnowledgeError
        from backtalk.replay.runner import format_file, run_file

        bot = _bot(self.config)
        if isinstance(bot, KnowledgeError):
            raise ConversationFailed(
                "the knowledge did not load:\n" + "\n".join(f"  {p}" for p in bot.problems)
            )
        result = run_file(bot, self._shown_path())
        if not result.passed:
            raise ConversationFailed(format_file(result, bot.kb))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> Any:
        if isinstance(excinfo.value, ConversationFailed):
            return excinfo.value.report
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"conversation {self.name}"
