"""Knowledge: YAML files validated against JSON Schemas, quotes verified against the seeds."""

from backtalk.knowledge.loader import default_knowledge_dir, default_seeds_dir, load_knowledge
from backtalk.knowledge.model import KnowledgeBase

__all__ = ["KnowledgeBase", "default_knowledge_dir", "default_seeds_dir", "load_knowledge"]
