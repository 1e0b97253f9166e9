"""Shared fixtures. Knowledge snapshots are disabled so tests always exercise a real load."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["BACKTALK_NO_CACHE"] = "1"

import backtalk

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def bot() -> backtalk.Bot:
    return backtalk.load(KNOWLEDGE, SEEDS)


@pytest.fixture()
def chat(bot: backtalk.Bot) -> backtalk.Chat:
    return bot.chat()


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ with seeds/ beside it, for breaking on purpose."""
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path / "knowledge"
