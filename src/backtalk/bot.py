"""The Bot: immutable knowledge plus its matching index; hands out chats."""

from __future__ import annotations

from dataclasses import dataclass, field

from backtalk.dialogue import Chat
from backtalk.knowledge.model import KnowledgeBase
from backtalk.matching import TopicIndex, build_index
from backtalk.reply import Reply


@dataclass(frozen=True, slots=True)
class Bot:
    kb: KnowledgeBase
    index: TopicIndex = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", build_index(self.kb))

    def chat(self) -> Chat:
        return Chat(self.kb, self.index)

    def reply(self, text: str) -> Reply:
        """A one-turn chat."""
        return self.chat().send(text)
