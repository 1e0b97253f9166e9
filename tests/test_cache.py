"""What is kept between runs (the knowledge snapshot and rxcache's compiled patterns) must
never change an answer: a reply from a warm start is the reply from a fresh, validated load."""

from __future__ import annotations

import gc
import pickle
import re
import shutil
from pathlib import Path

import pytest

import backtalk
from backtalk import rxcache, text
from backtalk.cache import cache_dir
from backtalk.knowledge.loader import load_knowledge
from backtalk.literals import needs_of
from backtalk.text import Spelling, normalise
from backtalk.triage import Alternation

MESSAGES = [
    "i cant feel it when i wipe",
    "numb down there and my back is killing me",
    "my mum can't pee, she's 80",
    "no numbness, tingling or weakness, just stiff",
    "how do I do pigeon pose",
    "had a fever last month, long gone now. back still achy",
    "my legs are like two bits of wet string, both of them",
    "is foot drop permanent? my neighbour has it",
]


@pytest.fixture()
def caches_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The caches turned on (the rest of the suite runs with BACKTALK_NO_CACHE=1), in a
    cache folder of the test's own. The examples index the suite already built is copied in:
    these tests are about the snapshot and the kept patterns, and building it takes seconds."""
    built = list(cache_dir().glob("examples-*.idx"))
    monkeypatch.delenv("BACKTALK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "backtalk"
    folder.mkdir(parents=True)
    for index in built:
        shutil.copy2(index, folder / index.name)
    return folder


def answers(bot: backtalk.Bot) -> list[tuple[str, tuple[str, ...], str]]:
    return [(r.level, r.flags, r.text) for r in map(bot.reply, MESSAGES)]


@pytest.mark.skipif(rxcache._parser is None, reason="this Python has no re._parser to reuse")
def test_kept_patterns_are_reused_and_answer_alike(caches_on: Path, bot: backtalk.Bot) -> None:
    first = backtalk.Bot(load_knowledge())  # compiles every pattern and keeps the code
    kept = list(caches_on.glob("regex-*.pickle"))
    assert len(kept) == 1
    second = backtalk.Bot(load_knowledge())  # rebuilds them from the kept code
    assert answers(first) == answers(second) == answers(bot)


@pytest.mark.skipif(rxcache._parser is None, reason="this Python has no re._parser to reuse")
def test_pattern_cache_uses_kept_code_and_remakes_what_sre_refuses(caches_on: Path) -> None:
    made = rxcache.PatternCache()
    rx = made.compile(r"(?:cant (pee|wee))(?![a-z0-9])", re.MULTILINE)
    made.save()
    again = rxcache.PatternCache()
    assert again.compile(rx.pattern, re.MULTILINE).search("i cant wee").group(1) == "wee"
    assert again.reused == 1
    # kept code that _sre will not take is made again, not trusted
    broken = rxcache.PatternCache()
    broken.kept[(rx.pattern, re.MULTILINE)] = ((rx.flags, bytes(12), 0, {}, (None,)), None)
    assert broken.compile(rx.pattern, re.MULTILINE).search("i cant pee").group(1) == "pee"
    assert broken.reused == 0


@pytest.mark.skipif(rxcache._parser is None, reason="this Python has no re._parser to reuse")
def test_what_a_pattern_needs_is_kept_with_its_code(
    caches_on: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = rxcache.PatternCache()
    pattern = r"(?:(cant|couldnt) (catch|get) my breath)(?![a-z0-9])"
    fresh = needs_of(pattern, re.MULTILINE)
    made.compile(pattern, re.MULTILINE)
    made.save()
    again = rxcache.PatternCache()
    rx = again.compile(pattern, re.MULTILINE)
    assert again.reused == 1

    def parse_again(*_args: object) -> None:
        raise AssertionError("parsed again: a warm load would pay for every pattern twice")

    monkeypatch.setattr(rxcache, "needs_of", parse_again)
    # read from the kept file (asked with the compiled pattern's own flags, which have
    # re.UNICODE added), and the same as a fresh parse says
    assert again.needs(rx.pattern, rx.flags) == fresh == {" my breath"}


def test_an_unreadable_pattern_file_means_a_fresh_compile(caches_on: Path, bot) -> None:
    backtalk.Bot(load_knowledge())
    for f in caches_on.glob("regex-*.pickle"):
        f.write_bytes(b"not a pickle")
    assert answers(backtalk.Bot(load_knowledge())) == answers(bot)


def test_the_snapshot_answers_like_a_fresh_load_and_shares_patterns(caches_on: Path, bot):
    backtalk.load()  # writes the snapshot
    warm = backtalk.load()  # read from it
    assert answers(warm) == answers(bot)
    # one object per pattern, as in a fresh load: triage searches each once per message
    # (a list read as an alternation is one object too, and so is each of its patterns)
    phrases = [p for s in warm.kb.triage.signals for p in s.phrases]
    lists = [p for ps in warm.kb.triage.lexicon.values() for p in ps]
    by_text: dict[tuple[str, int], int] = {}
    for p in phrases + lists:
        if isinstance(p, Alternation):
            assert by_text.setdefault((p.pattern, -1), id(p)) == id(p)
            parts = p.parts
        else:
            parts = (p,)
        for q in parts:
            assert by_text.setdefault((q.pattern, q.flags), id(q)) == id(q)


def test_a_warm_start_respells_without_compiling_the_spelling_finder(
    caches_on: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the finders of misspellings come with the snapshot: compiling them at the first message
    # cost a tenth of a second of every `backtalk ask`
    backtalk.load()  # writes the snapshot
    warm = backtalk.load()
    compiled: list[str] = []
    real = re.compile
    with monkeypatch.context() as m:
        m.setattr(re, "compile", lambda p, flags=0: compiled.append(str(p)) or real(p, flags))
        reply = warm.reply("cant feel it when i wipe and my bak is agony")
    assert reply.level == "emergency"
    assert not [p for p in compiled if p.startswith(r"\b")]
    # ... and they find what a finder compiled afresh finds
    for spelling in (warm.kb.spelling, warm.kb.triage.spelling, warm.index.spelling):
        assert isinstance(spelling, Spelling)
        assert normalise("my bladdder iz numm", spelling) == normalise(
            "my bladdder iz numm", dict(spelling)
        )


def test_a_second_load_does_not_write_the_spelling_finder_out_again(
    caches_on: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # writing out the finder's tree of three thousand misspellings was a tenth of a load: the
    # text is kept with the compiled patterns, by what it was made from
    first = load_knowledge()
    written: list[int] = []
    real = text.speller_source
    with monkeypatch.context() as m:
        m.setattr(text, "speller_source", lambda words: written.append(len(words)) or real(words))
        second = load_knowledge()
    assert written == []
    assert second.triage.spelling.finder.pattern == first.triage.spelling.finder.pattern
    assert second.spelling.finder.pattern == first.spelling.finder.pattern
    # ... and a spelling edited since is written out afresh, never an old finder reused
    other = Spelling({"numm": "numb", "bakk": "back"}, rxcache.PatternCache().build)
    assert normalise("bakk is numm", other) == "back is numb"


def test_only_the_examples_index_is_kept_when_caching_is_off(tmp_path: Path, monkeypatch) -> None:
    # no snapshot and no compiled patterns; the examples index is named by the file it was
    # built from and how, so it cannot go stale, and building it takes seconds
    monkeypatch.setenv("BACKTALK_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_knowledge()
    backtalk.load()
    kept = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert len(kept) == 1 and kept[0].startswith("examples-") and kept[0].endswith(".idx"), kept


def test_a_snapshot_keeps_patterns_as_text(caches_on: Path) -> None:
    backtalk.load()
    (snapshot,) = [f for f in caches_on.glob("*.pickle") if not f.name.startswith("regex-")]
    # no compiled pattern inside, only its text: a plain unpickler, which would compile it
    # again the slow way, cannot even read it; backtalk rebuilds it from the kept code
    with pytest.raises(pickle.UnpicklingError, match="persistent"):
        pickle.loads(snapshot.read_bytes())


def test_a_bad_pattern_is_still_named_with_its_line_when_patterns_are_kept(
    caches_on: Path, knowledge_copy: Path
) -> None:
    from test_knowledge_errors import problems_after

    load_knowledge(knowledge_copy)  # keeps the good patterns first
    text, msgs = problems_after(
        knowledge_copy, "context.yaml", ("  - 'rather'\n", "  - 'rather(('\n")
    )
    line = text.splitlines().index("  - 'rather(('") + 1
    assert any(f"context.yaml:{line}:" in m and "bad pattern" in m for m in msgs), msgs


def test_a_load_leaves_the_garbage_collector_as_it_found_it(knowledge_copy: Path) -> None:
    """Collections are held off during a load (it is faster); they must come back on, after a
    good load and after a broken one alike, and stay off for a caller who had them off."""
    load_knowledge(knowledge_copy)
    assert gc.isenabled()
    red_flags = knowledge_copy / "red_flags.yaml"
    red_flags.write_text(red_flags.read_text(encoding="utf-8") + "\n  - id: [broken\n")
    with pytest.raises(backtalk.KnowledgeError):
        load_knowledge(knowledge_copy)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(backtalk.KnowledgeError):
            load_knowledge(knowledge_copy)
        assert not gc.isenabled()
    finally:
        gc.enable()
