"""Broken knowledge files: every error is one line `file:line:col: message (hint)`, exit 1,
all problems in one run, and nothing in a file is ever executed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from backtalk.errors import KnowledgeError
from backtalk.knowledge.loader import load_knowledge
from backtalk.knowledge.yamlfile import read_yaml

GOOD_QUOTE = "Lie faceup with knees bent and feet flat on the floor, arms resting at sides."
SEED = "000_9f48fd8958030324.txt"


def entry(**over: str) -> str:
    """A valid exercises.yaml with one entry; keyword args replace whole lines by key."""
    lines = {
        "id": "  - id: test-bridge",
        "name": "    name: Test bridge",
        "goal": "    goal: strengthen",
        "areas": "    areas: [glutes]",
        "summary": "    summary: Lift your hips to work the glutes.",
        "steps": "    steps: [Lie on your back., Lift your hips.]",
        "citations": f'    citations:\n      - seed: {SEED}\n        quote: "{GOOD_QUOTE}"',
    }
    lines.update(over)
    return "entries:\n" + "\n".join(v for v in lines.values() if v) + "\n"


def problems_after(folder: Path, file: str, *edits: tuple[str, str]) -> tuple[str, list[str]]:
    """Make each (old, new) edit once in a copy of a knowledge file (old must be there), load
    the folder, and return the edited text and every problem the load reported."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    return text, [str(p) for p in info.value.problems]


# (case, exercises.yaml text, expected line, expected words in the message)
CASES = [
    ("syntax error", entry(areas="    areas: [glutes"), 6, "flow sequence started at line 5"),
    ("tab indentation", entry(name="\tname: Test bridge"), 3, "tab character"),
    (
        "unknown key",
        entry(goal="    goal: strengthen\n    colour: blue"),
        5,
        "unknown key 'colour'",
    ),
    ("wrong type", entry(steps="    steps: Lie down and lift."), 7, "is not of type 'array'"),
    ("missing id", entry(id="  - name: Test bridge", name=""), 2, "'id' is a required property"),
    ("bad goal", entry(goal="    goal: relax"), 4, "is not one of"),
    # items of a list of strings: the one bad item is named, on its own line
    (
        "number in a list of strings",
        entry(steps="    steps:\n      - Lie on your back.\n      - 42"),
        9,
        "42 is not of type 'string'",
    ),
    (
        "empty string in a list",
        entry(areas="    areas:\n      - glutes\n      - ''"),
        7,
        "should be non-empty",
    ),
    ("bad id", entry(id="  - id: Test_Bridge"), 2, "does not match"),
    (
        "dangling reference",
        entry(areas="    areas: [glutes]\n    conditions: [no-such-condition]"),
        6,
        "unknown condition 'no-such-condition'",
    ),
    (
        "unknown seed",
        entry(
            citations=f'    citations:\n      - seed: 999_missing.txt\n        quote: "{GOOD_QUOTE}"'
        ),
        9,
        "unknown seed file '999_missing.txt'",
    ),
    (
        "quote not in seed",
        entry(
            citations=f'    citations:\n      - seed: {SEED}\n        quote: "Lie facedown with knees bent and feet flat on the floor."'
        ),
        10,
        "quote not found verbatim",
    ),
    (
        "short quote",
        entry(citations=f'    citations:\n      - seed: {SEED}\n        quote: "Lie faceup"'),
        10,
        "quote is 10 characters",
    ),
    (
        "citation without quote",
        entry(citations=f"    citations:\n      - seed: {SEED}"),
        9,
        "a citation needs either",
    ),
    (
        "duplicate key",
        entry(name="    name: Test bridge\n    name: Other bridge"),
        4,
        "duplicate key 'name'",
    ),
    (
        "alias inside its own anchor",
        entry(areas="    areas: &a [glutes, *a]"),
        5,
        "alias is used inside its own anchor",
    ),
    ("empty file", "", 1, "file is empty"),
    ("comments only", "# nothing here yet\n", 1, "file is empty"),
]


@pytest.mark.parametrize(("case", "text", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_exercises_file_names_file_and_line(
    knowledge_copy: Path, case: str, text: str, line: int, words: str
) -> None:
    target = knowledge_copy / "exercises.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    mine = [p for p in info.value.problems if p.path == str(target)]
    assert mine, info.value
    assert any(p.line == line and words in p.message for p in mine), "\n".join(map(str, mine))
    # One line each, always "file:line:col: message".
    for p in mine:
        assert "\n" not in str(p)
        assert str(p).startswith(f"{target}:{p.line}:{p.col}: ")


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [one, two]\nb: *x\n",
        "base: &b {k: 1}\nmore:\n  <<: *b\n  j: 2\n",
        "a: 2026-01-01\nb: 1.5\nc: null\nd: yes\ne: '12'\nf: 12\ng: !!set {p, q}\n",
        "a: {1: x, true: y}\nb: !!binary aGk=\nc: !!str 3\n",
        "- [a, [b, [c, {d: [e]}]]]\n- >-\n  folded\n  text\n- |\n  kept\n",
    ],
)
def test_knowledge_reads_as_yaml_says(text: str) -> None:
    """The loader builds strings, lists and mappings itself (for speed): anchors, merge keys,
    numbers, dates and tags still read exactly as the YAML library reads them."""
    doc, problems = read_yaml(text, "t.yaml")
    assert not problems and doc is not None
    assert doc.data == yaml.load(text, Loader=yaml.SafeLoader)


def test_python_tag_is_rejected_and_never_run(knowledge_copy: Path, tmp_path: Path) -> None:
    canary = tmp_path / "canary-was-created"
    (knowledge_copy / "exercises.yaml").write_text(
        f'entries:\n  - !!python/object/apply:os.system ["touch {canary}"]\n', encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    problem = next(p for p in info.value.problems if p.path.endswith("exercises.yaml"))
    assert problem.line == 2
    assert "not allowed" in problem.hint
    assert not canary.exists()


def test_all_problems_reported_in_one_run(knowledge_copy: Path) -> None:
    (knowledge_copy / "conditions.yaml").unlink()  # it links to exercises replaced below
    (knowledge_copy / "exercises.yaml").write_text(
        entry(
            goal="    goal: relax",
            citations=f'    citations:\n      - seed: {SEED}\n        quote: "not in the seed at all, nowhere"',
        ),
        encoding="utf-8",
    )
    (knowledge_copy / "intents.yaml").write_text(
        "intents:\n  - id: hi\n    examples: []\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    files = {Path(p.path).name for p in info.value.problems}
    assert files == {"exercises.yaml", "intents.yaml"}


def test_duplicate_id_across_files_points_at_both(knowledge_copy: Path) -> None:
    (knowledge_copy / "exercises.yaml").write_text(entry(), encoding="utf-8")
    (knowledge_copy / "conditions.yaml").write_text(
        "entries:\n  - id: test-bridge\n    name: Clash\n    category: topic\n    summary: x\n"
        f'    citations:\n      - seed: {SEED}\n        quote: "{GOOD_QUOTE}"\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    dup = [p for p in info.value.problems if "duplicate id 'test-bridge'" in p.message]
    assert len(dup) == 1
    assert dup[0].line == 2 and "exercises.yaml:2" in dup[0].hint


def test_bad_red_flag_pattern_and_unknown_signal(knowledge_copy: Path) -> None:
    text, msgs = problems_after(
        knowledge_copy,
        "red_flags.yaml",
        ("      - 'urinary retention'\n", "      - 'urinary (retention'\n"),
        ("all: [fever, spinal-procedure]", "all: [fever, spinal-procedures]"),
    )
    bad_line = text.splitlines().index("      - 'urinary (retention'") + 1
    assert any(f"red_flags.yaml:{bad_line}:" in m and "bad pattern" in m for m in msgs), msgs
    assert any("unknown signal 'spinal-procedures'" in m for m in msgs), msgs


def test_unknown_file_and_missing_required_file(knowledge_copy: Path) -> None:
    (knowledge_copy / "exercise.yaml").write_text("entries: []\n", encoding="utf-8")
    (knowledge_copy / "context.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    msgs = [str(p) for p in info.value.problems]
    assert any("exercise.yaml: unknown knowledge file" in m for m in msgs), msgs
    assert any("context.yaml: required file missing" in m for m in msgs), msgs


def test_validate_command_prints_lines_not_traceback(knowledge_copy: Path) -> None:
    (knowledge_copy / "conditions.yaml").unlink()  # it links to exercises replaced below
    (knowledge_copy / "exercises.yaml").write_text(entry(goal="    goal: relax"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "backtalk", "validate", str(knowledge_copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"{knowledge_copy / 'exercises.yaml'}:4:" in run.stderr
    assert run.stderr.strip().endswith(f"1 problem in {knowledge_copy}")


def test_validate_command_accepts_the_bundled_knowledge() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "backtalk", "validate"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")


def test_missing_knowledge_dir_is_one_clear_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "backtalk", "validate", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "knowledge directory not found" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # inside a longer pattern, expanded
        ("    - 'tingl\\w*'\n", "    - 'tingl\\w*'\n    - 'very {numb}'\n"),
        # named whole, which reuses the compiled list instead of expanding it
        ("    - 'sciatica'\n    - 'sciatic'\n", "    - 'sciatica'\n    - '{nerve}'\n"),
    ],
)
def test_a_lexicon_list_that_names_itself_is_one_line_not_a_hang(
    knowledge_copy: Path, old: str, new: str
) -> None:
    text, msgs = problems_after(knowledge_copy, "red_flags.yaml", (old, new))
    line = text.splitlines().index(new.splitlines()[-1]) + 1
    assert any(f"red_flags.yaml:{line}:" in m and "refers to itself" in m for m in msgs), msgs


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("red_flags.yaml", "    - 'cotton wool'\n", "    - 'cotton (wool |candy )'\n"),
        ("red_flags.yaml", "      - 'urinary retention'\n", "      - 'urinary retention '\n"),
        ("context.yaml", "  - 'rather'\n", "  - 'rather than '\n"),
    ],
)
def test_a_pattern_that_ends_in_a_space_is_reported(
    knowledge_copy: Path, file: str, old: str, new: str
) -> None:
    # Text is matched one space between words and a match ends at a word's end, so such a
    # pattern would silently never match.
    text, msgs = problems_after(knowledge_copy, file, (old, new))
    line = text.splitlines().index(new.rstrip("\n")) + 1
    assert any(f"{file}:{line}:" in m and "ends with a space" in m for m in msgs), msgs


def test_unknown_list_in_benign_near_is_reported(knowledge_copy: Path) -> None:
    _text, msgs = problems_after(
        knowledge_copy,
        "red_flags.yaml",
        (
            "benign_near: [relieved_by_moving, long_sitting, cycling, glute_talk]",
            "benign_near: [relieved_by_moveing, long_sitting, cycling, glute_talk]",
        ),
    )
    assert any("unknown lexicon list 'relieved_by_moveing'" in m for m in msgs), msgs


def test_unknown_list_in_benign_before_is_reported_on_its_line(knowledge_copy: Path) -> None:
    text, msgs = problems_after(
        knowledge_copy,
        "red_flags.yaml",
        ("benign_before: [long_sitting, ride_done]", "benign_before: [long_siting, ride_done]"),
    )
    line = text[: text.index("benign_before: [long_siting, ride_done]")].count("\n") + 1
    assert any(f":{line}:" in m and "unknown lexicon list 'long_siting'" in m for m in msgs), msgs


def test_near_carry_that_is_not_a_near_list_is_reported_on_its_line(
    knowledge_copy: Path,
) -> None:
    # "it" could only ever bring a list the signal looks for; any other name is a slip.
    new = "    near_carry: hips"
    text, msgs = problems_after(knowledge_copy, "red_flags.yaml", ("    near_carry: hip_word", new))
    line = text.splitlines().index(new) + 1
    assert any(
        f"red_flags.yaml:{line}:" in m and "near_carry 'hips' is not one of" in m for m in msgs
    ), msgs


def test_a_near_carry_list_names_each_wrong_list_on_its_line(knowledge_copy: Path) -> None:
    # several lists may be carried ("the numbness was in my foot. now it's in my bum"); a slip
    # in one of them is named, and the others are not blamed
    new = "    near_carry: [saddle, numbness]"
    text, msgs = problems_after(
        knowledge_copy, "red_flags.yaml", ("    near_carry: [saddle, numb]", new)
    )
    line = text.splitlines().index(new) + 1
    assert any(
        f"red_flags.yaml:{line}:" in m and "near_carry 'numbness' is not one of" in m for m in msgs
    ), msgs
    assert not any("near_carry 'saddle'" in m for m in msgs), msgs


def test_a_signal_that_asks_without_a_question_is_reported_on_its_line(
    knowledge_copy: Path,
) -> None:
    # Without its question the chat would fail the first time someone said it.
    text, msgs = problems_after(
        knowledge_copy,
        "red_flags.yaml",
        (
            "    waterworks-told: >-\n      You mentioned",
            "    waterworks-tol: >-\n      You mentioned",
        ),
    )
    lines = text.splitlines()
    start = lines.index("  - id: waterworks-told")
    line = lines.index("    clarify: true", start) + 1
    assert any(
        f"red_flags.yaml:{line}:" in m
        and "'waterworks-told' asks a question but messages.clarify has no" in m
        for m in msgs
    ), msgs
    assert any("unknown signal 'waterworks-tol'" in m for m in msgs), msgs


def test_unknown_list_named_in_a_context_pattern_is_reported_on_its_line(
    knowledge_copy: Path,
) -> None:
    old = "(?<!telling )my (\\w+ )?{relative}s?(?! and (i|me|myself)(?![a-z]))"
    new = "(?<!telling )my (\\w+ )?{relatives}s?(?! and (i|me|myself)(?![a-z]))"
    text, msgs = problems_after(knowledge_copy, "context.yaml", (old, new))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if new in t)
    assert any(
        f"context.yaml:{line}:" in m and "unknown lexicon list {relatives}" in m for m in msgs
    ), msgs


def test_a_bad_regex_in_context_yaml_is_reported_on_its_line(knowledge_copy: Path) -> None:
    text, msgs = problems_after(
        knowledge_copy, "context.yaml", ("  - 'rather'\n", "  - 'rather(('\n")
    )
    line = text.splitlines().index("  - 'rather(('") + 1
    assert any(f"context.yaml:{line}:" in m and "bad pattern" in m for m in msgs), msgs


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        # one word belongs under spelling:, where it is fixed everywhere
        (
            "  my back: [mi back, me back, ma back, meh back, ng likod ko, likod ko]\n",
            "  my back: [meback]\n",
            "is not two or more lower-case words",
        ),
        # the same phrase fixed two ways would depend on the order of the file
        (
            "  my hip: [meh hip, me hip, ma hip]\n",
            "  my hip: [me hip, me back]\n",
            "'me back' is respelt twice",
        ),
        # YAML reads a bare off, no, yes as a boolean: the fix would silently never apply
        ('  "off": [aff]\n', "  off: [aff]\n", "'off' is read by YAML as a boolean"),
        (
            '  "no": [nae, nuh, nah, walang]\n',
            "  no: [nae, nuh]\n",
            "'no' is read by YAML as a boolean",
        ),
    ],
)
def test_a_bad_respelling_is_reported_on_its_line(
    knowledge_copy: Path, old: str, new: str, words: str
) -> None:
    text, msgs = problems_after(knowledge_copy, "synonyms.yaml", (old, new))
    line = text.splitlines().index(new.rstrip("\n")) + 1
    assert any(f"synonyms.yaml:{line}:" in m and words in m for m in msgs), msgs


def test_a_space_after_a_group_that_ends_in_one_is_reported(knowledge_copy: Path) -> None:
    # "(the |my |any |all )? (urge" needs two spaces between words when the group matches,
    # and text never has two: that way of matching silently never happens.
    old = "(the |my |any |all )?(urge|need|sensation|feeling) to"
    new = "(the |my |any |all )? (urge|need|sensation|feeling) to"
    text, msgs = problems_after(knowledge_copy, "red_flags.yaml", (old, new))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if new in t)
    assert any(
        f"red_flags.yaml:{line}:" in m and "space after a group that ends in one" in m for m in msgs
    ), msgs


def test_a_lexicon_list_nothing_uses_is_reported(knowledge_copy: Path) -> None:
    # Nothing would ever compile it, so a mistake in it would go unseen.
    old = "  # the other leg too: sciatica that has crossed over\n"
    new = "  spare_words:\n    - 'unused(('\n" + old
    text, msgs = problems_after(knowledge_copy, "red_flags.yaml", (old, new))
    line = text.splitlines().index("  spare_words:") + 1
    assert any(
        f"red_flags.yaml:{line}:" in m and "lexicon list 'spare_words' is never used" in m
        for m in msgs
    ), msgs


@pytest.mark.parametrize(
    ("file", "old", "new", "word", "becomes"),
    [
        ("red_flags.yaml", "    - 'sciatica'\n", "    - 'sciatica|jus sciatica'\n", "jus", "just"),
        (
            "red_flags.yaml",
            "      - 'urinary retention'\n",
            "      - 'urinary retention|(di|my) bladder'\n",
            "di",
            "the",
        ),
        ("context.yaml", "  - 'rather'\n", "  - 'rather|(nah )?nah'\n", "nah", "no"),
    ],
)
def test_a_pattern_word_that_spelling_always_rewrites_is_reported(
    knowledge_copy: Path, file: str, old: str, new: str, word: str, becomes: str
) -> None:
    # Messages are respelt before patterns are tried ("di" -> "the"), so a pattern naming the
    # word itself would silently never match on it: the editor is told which word and why.
    text, msgs = problems_after(knowledge_copy, file, (old, new))
    line = text.splitlines().index(new.rstrip("\n")) + 1
    said = [m for m in msgs if f"{file}:{line}:" in m]
    assert len(said) == 1, msgs  # one line even where the word is there twice
    assert f"'{word}' can never match here" in said[0] and f"write '{becomes}'" in said[0]


@pytest.mark.parametrize(
    "pattern",
    [
        "un(?:di|well)",  # joined to "un": may be part of a longer word
        "dis? bladder",  # a quantifier on its last letter
        "(?<!di )bladder",  # only looked around for
        "[di]+ bladder",  # letters of a class
        "{numb} di",  # ... a list's name is not a word of the pattern
        "jus\\w+",  # more letters may follow
    ],
)
def test_words_that_may_be_part_of_a_longer_word_are_not_reported(pattern: str) -> None:
    from backtalk.knowledge.deadwords import dead_words
    from backtalk.text import spelling_finder

    spelling = {"di": "the", "jus": "just", "numb": "numb"}
    found = list(dead_words(pattern, spelling_finder(spelling), spelling))
    assert found == ([("di", "the")] if pattern == "{numb} di" else []), found
