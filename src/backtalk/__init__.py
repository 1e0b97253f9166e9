"""backtalk: a safety-first chatbot for hip and lower-back pain.

bot = backtalk.load()
chat = bot.chat()
reply = chat.send("how do I do pigeon pose")
reply.to_dict()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from backtalk.bot import Bot, Chat
from backtalk.errors import KnowledgeError
from backtalk.reply import Reply

__version__ = "0.1.0"
__all__ = ["Bot", "Chat", "KnowledgeError", "Reply", "__version__", "load"]


def load(
    knowledge_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Bot:
    """Load and validate the knowledge (default: the bundled one) and return a Bot.

    Raises KnowledgeError (every problem as file:line:col) if the knowledge is invalid.
    A snapshot of knowledge that already validated is reused until any file changes.
    `progress` hears of work that takes seconds (indexing the graded examples).
    """
    from backtalk import cache
    from backtalk.paths import resolve

    kdir, sdir = resolve(knowledge_dir, seeds_dir)
    key = cache.fingerprint(kdir, sdir) if use_cache and kdir.is_dir() and sdir.is_dir() else None
    if key is not None:
        bot = cache.read(key)
        if isinstance(bot, Bot):
            return bot
    from backtalk.knowledge.loader import load_knowledge

    bot = Bot(load_knowledge(kdir, sdir, progress=progress))
    if key is not None:
        cache.write(key, bot)
    return bot
