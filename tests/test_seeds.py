"""seeds/ must stay byte-identical to the shared source documents: citations point into them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared seeds are beside the checkout only")
def test_seeds_are_byte_identical_to_the_shared_originals() -> None:
    ours = {p.name: p.read_bytes() for p in (ROOT / "seeds").glob("*.txt")}
    theirs = {p.name: p.read_bytes() for p in SHARED.glob("*.txt")}
    assert sorted(ours) == sorted(theirs)
    changed = [name for name in ours if ours[name] != theirs[name]]
    assert not changed, f"edited seeds: {changed}"
