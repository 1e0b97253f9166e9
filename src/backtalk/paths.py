"""Where the bundled knowledge and seeds are: the checkout when run from source, else the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_knowledge_dir() -> Path:
    packaged = _PACKAGE / "_data" / "knowledge"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / "knowledge"


def default_seeds_dir(knowledge_dir: Path | None = None) -> Path:
    """seeds/ beside the knowledge folder if there is one, else the bundled seeds."""
    if knowledge_dir is not None and (knowledge_dir.parent / "seeds").is_dir():
        return knowledge_dir.parent / "seeds"
    packaged = _PACKAGE / "_data" / "seeds"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / "seeds"


def resolve(knowledge_dir: str | Path | None, seeds_dir: str | Path | None) -> tuple[Path, Path]:
    """The knowledge and seed folders to use: the ones given, else the defaults."""
    kdir = Path(knowledge_dir) if knowledge_dir is not None else default_knowledge_dir()
    sdir = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir(kdir)
    return kdir, sdir
