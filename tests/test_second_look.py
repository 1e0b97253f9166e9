"""The second look: graded examples (knowledge/examples.jsonl) that raise what the rules miss.

The messages here are written for these tests, not taken from the examples: a message the
examples hold verbatim never vouches for itself, so these show what a new message gets.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

import backtalk
from backtalk import resemble
from backtalk.errors import KnowledgeError
from backtalk.knowledge import load_knowledge
from backtalk.knowledge.examples import ExampleBank
from backtalk.triage import assess

SNEEZE = (
    "Low back has ached for ten days now. Strange thing is when I sneeze. "
    "It shoots straight through me."
)


def test_the_examples_raise_what_the_rules_miss(bot: backtalk.Bot) -> None:
    assert assess(bot.kb.triage, SNEEZE).level == "routine"  # no rule reads it
    reply = bot.reply(SNEEZE)
    assert (reply.level, reply.flags) == ("urgent", ("cough-sneeze-pain",))
    # the reply says why in the person's own words, not with a rule's name
    (why,) = reply.why
    assert "reads much like messages where this was a warning sign" in why
    assert "sneeze" in why and "shoots" in why
    assert "111" in reply.text


def test_a_flag_the_examples_raised_stays_for_the_chat(chat: backtalk.Chat) -> None:
    chat.send(SNEEZE)
    later = chat.send("thanks, what stretches can I do meanwhile?")
    assert (later.level, later.flags) == ("urgent", ("cough-sneeze-pain",))
    assert later.text.startswith("**⚠️ URGENT")


def _with_bank(bot: backtalk.Bot, examples: list[resemble.Example]) -> backtalk.Bot:
    """The bot with a bank of just these examples."""
    index = resemble.Index(resemble.build(examples, list(bot.kb.triage.flags)))
    return backtalk.Bot(replace(bot.kb, examples=ExampleBank("", index.n, index)))


def test_someone_elses_symptoms_stay_theirs(bot: backtalk.Bot) -> None:
    # a bank where every close example is an emergency...
    days = ("monday", "tuesday", "wednesday", "thursday", "saturday", "sunday")
    red = [
        resemble.Example(
            f"i cant feel the toilet paper when i wipe since my back went on {d}{s}",
            "emergency",
            ("cauda-equina",),
        )
        for d in days
        for s in ("", " lifting")
    ]
    filler = [resemble.Example(t, "routine", ()) for t in FILLER]
    mine = _with_bank(bot, red + filler)
    message = "my dad cant feel the toilet paper when he wipes since his back went on friday"
    assert "cauda-equina" in {f.flag for f in mine.kb.examples.look(message)}
    # ... and the rules read the words as the dad's: the second look defers to them
    assert mine.reply(message).level == "routine"
    assert (
        mine.reply(
            "i cant feel the toilet paper when i wipe since my back went friday, agony"
        ).level
        == "emergency"
    )


def test_a_risk_nobody_told_is_not_assumed(bot: backtalk.Bot) -> None:
    strain = (
        "I bent down to pick the cat up this morning and got a sudden awful pain in my back, "
        "I can barely move"
    )
    # its closest examples are osteoporotic fractures: they all told of osteoporosis
    assert "osteoporotic-fracture" in {f.flag for f in bot.kb.examples.look(strain)}
    assert bot.reply(strain).flags == ()
    told = bot.reply(f"I have osteoporosis. {strain}")
    assert told.flags == ("osteoporotic-fracture",)


def test_a_few_words_are_too_few_to_compare(bot: backtalk.Bot) -> None:
    assert bot.kb.examples.look("back stiff this morning, better now") == ()
    assert bot.reply("back stiff this morning, better now").level == "routine"


def test_a_how_to_question_is_not_read_as_chest_pain(bot: backtalk.Bot) -> None:
    # "a band round my ..." is in many chest-pain examples; chest pain waits for the rules
    reply = bot.reply("how do I walk sideways with a band round my ankles?")
    assert (reply.level, reply.topic) == ("routine", "lateral-band-walk")


def test_a_question_about_the_world_gets_no_second_look(bot: backtalk.Bot) -> None:
    # "do the step back" is in examples of a leg too weak to lift up a step; the rules read
    # the message as a question about an exercise, and nothing in it speaks of the speaker
    reply = bot.reply("how do you do the step back with overhead reach")
    assert (reply.level, reply.flags, reply.topic) == (
        "routine",
        (),
        "step-back-with-overhead-reach",
    )


def _small_bank(texts: dict[str, tuple[str, tuple[str, ...]]]) -> resemble.Index:
    examples = [resemble.Example(t, tier, flags) for t, (tier, flags) in texts.items()]
    return resemble.Index(resemble.build(examples, ["cauda-equina"]))


# everyday messages, so that the few red examples' words are rare among them
FILLER = [
    f"my {part} is {how} after {what}"
    for part in ("hip", "knee", "neck", "shoulder", "lower back")
    for how in ("stiff", "sore", "tight", "achy", "tender")
    for what in ("the gym", "gardening", "a long drive", "football", "painting", "a run")
]


def test_an_example_never_vouches_for_itself() -> None:
    red = "since monday i cannot feel the toilet paper when i wipe and my back is agony"
    index = _small_bank(
        {red: ("emergency", ("cauda-equina",)), **dict.fromkeys(FILLER, ("routine", ()))}
    )
    assert index.look(red) == ()  # the same words: itself, which does not count
    near = "since tuesday i cannot feel the toilet paper when i wipe, back agony"
    (found,) = index.look(near)
    assert (found.flag, found.tier, found.neighbours) == ("cauda-equina", "emergency", 1)


def test_routine_neighbours_keep_it_quiet() -> None:
    red = "since monday i cannot feel the toilet paper when i wipe and my back is agony"
    calm = "since monday i can feel the toilet paper fine when i wipe and my back is better"
    index = _small_bank(
        {
            red: ("emergency", ("cauda-equina",)),
            calm: ("routine", ()),
            **dict.fromkeys(FILLER, ("routine", ())),
        }
    )
    # as like the routine example as the red one: no agreement, nothing raised
    assert (
        index.look("since friday i cannot feel the toilet paper when i wipe and my back is better")
        == ()
    )


def test_the_bank_is_kept_as_a_small_pickle_and_mapped_again(bot: backtalk.Bot) -> None:
    bank = bot.kb.examples
    data = pickle.dumps(bank)
    assert len(data) < 1000  # where the index is, not the index
    again = pickle.loads(data)
    assert again.count == bank.count > 40_000
    assert again.look(SNEEZE) == bank.look(SNEEZE)


@pytest.fixture()
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexes of these small files are built in a cache folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _write_examples(folder: Path, *lines: str) -> None:
    good = json.dumps({"text": "my back is stiff after gardening", "tier": "routine", "flags": []})
    (folder / "examples.jsonl").write_text("\n".join((good, *lines)) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"text": "numb bum", "tier": "emergency", "flags": ["cauda-equina"]', "not JSON"),
        ('["numb bum", "emergency"]', "not a JSON object"),
        ('{"text": "numb bum", "tier": "red", "flags": ["cauda-equina"]}', "tier 'red'"),
        (
            '{"text": "numb bum", "tier": "emergency", "flags": ["cauda"]}',
            "unknown red flag 'cauda'",
        ),
        ('{"text": "numb bum", "tier": "routine", "flags": ["cauda-equina"]}', "a routine example"),
        ('{"text": "numb bum", "tier": "urgent", "flags": []}', "a routine example"),
        ('{"text": "  ", "tier": "routine", "flags": []}', "text missing or empty"),
        ('{"text": "numb bum", "tier": "routine", "flags": [], "note": "x"}', "unknown key note"),
        (
            '{"text": "My back is stiff after  gardening", "tier": "urgent", "flags": ["cancer"]}',
            "graded differently at line 1",
        ),
    ],
)
def test_a_bad_example_is_named_with_its_line(
    knowledge_copy: Path, own_cache: None, line: str, says: str
) -> None:
    _write_examples(knowledge_copy, line)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    (problem,) = [str(p) for p in info.value.problems]
    assert problem.startswith(f"{knowledge_copy / 'examples.jsonl'}:2:"), problem
    assert says in problem and "(" in problem  # with a hint


@pytest.mark.parametrize("check", [False, True], ids=["load", "validate"])
def test_a_damaged_kept_index_is_built_again(
    knowledge_copy: Path, own_cache: None, check: bool
) -> None:
    _write_examples(knowledge_copy, json.dumps({"text": SNEEZE, "tier": "routine", "flags": []}))
    kept = Path(load_knowledge(knowledge_copy).examples.file)
    kept.write_bytes(b"half written")
    kb = load_knowledge(knowledge_copy, check_examples=check)
    assert kb.examples.count == 2 and kb.examples.index is not None
    assert kept.read_bytes().startswith(b"BTEX")  # written whole again


def test_the_same_example_twice_counts_once(knowledge_copy: Path, own_cache: None) -> None:
    line = json.dumps({"text": "My back is stiff after gardening", "tier": "routine", "flags": []})
    _write_examples(knowledge_copy, line, "")
    kb = load_knowledge(knowledge_copy)
    assert kb.examples.count == 1


def test_without_the_file_there_is_no_second_look(knowledge_copy: Path) -> None:
    (knowledge_copy / "examples.jsonl").unlink()
    bot = backtalk.Bot(load_knowledge(knowledge_copy))
    assert bot.kb.examples is None
    assert bot.reply(SNEEZE).level == "routine"


def test_a_need_that_is_not_a_signal_is_reported_on_its_line(knowledge_copy: Path) -> None:
    from test_knowledge_errors import problems_after

    text, msgs = problems_after(
        knowledge_copy,
        "red_flags.yaml",
        ("examples_need: [osteoporosis-risk]", "examples_need: [osteoporosis]"),
    )
    line = text[: text.index("examples_need: [osteoporosis]")].count("\n") + 1
    assert any(
        f"red_flags.yaml:{line}:" in m and "unknown signal 'osteoporosis'" in m for m in msgs
    ), msgs
