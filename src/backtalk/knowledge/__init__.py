"""Knowledge: YAML files validated against JSON Schemas, quotes verified against the seeds.

Names are imported on first use so that reading a cached snapshot never imports yaml or
jsonschema.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeBase", "default_knowledge_dir", "default_seeds_dir", "load_knowledge"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from backtalk.knowledge.model import KnowledgeBase

        return KnowledgeBase
    if name in ("default_knowledge_dir", "default_seeds_dir", "load_knowledge"):
        from backtalk.knowledge import loader

        return getattr(loader, name)
    raise AttributeError(name)
