"""A clinician's question told back and answered reads as the statement the answer makes.

Triage tables (test_triage_table.py) hold what users notice: the tier. These rows show the
rewrite itself, on normalised text with the real knowledge, so a wrong turn is easy to see.
"""

from __future__ import annotations

import pytest

from backtalk.retold import negate, read_retold
from backtalk.text import normalise


@pytest.mark.parametrize(
    ("question", "denied"),
    [
        ("i can feel it when i wipe", "i cant feel it when i wipe"),
        ("im straining to pee", "im not straining to pee"),
        ("id lost weight", "i hadnt lost weight"),
        ("my underwear had been wet", "my underwear hadnt been wet"),
        ("it burns when i pee", "it doesnt burn when i pee"),
        ("i get pins and needles", "i dont get pins and needles"),
        ("coughing or sneezing makes it worse", "coughing or sneezing doesnt make it worse"),
        ("the hip looks red", "the hip doesnt look red"),
        # ("goes": the verb is "go")
        ("the sciatica goes down both legs", "the sciatica doesnt go down both legs"),
        ("i had any numbness down there", "i had no numbness down there"),
    ],
)
def test_a_no_turns_the_question_into_its_denial(question: str, denied: str) -> None:
    assert negate(question) == denied


ROWS = [
    # "you" in the question is the speaker
    (
        "the nurse asked if you can feel it when you wipe. no",
        "the nurse asked . i cant feel it when i wipe",
    ),
    # asked the other way round, answered no
    ("111 asked can you put weight on it? no", "111 asked . i cant put weight on it"),
    # the usual questions, denied all together, item by item
    (
        "GP asked me all the usual - any numbness down below, any trouble weeing. No to all of them.",
        "gp asked me all the usual . no numbness down below , no trouble weeing . no to all of them .",
    ),
    (
        "the pharmacist asked me loads of questions, bladder, bowels, fever. None of it applied.",
        "the pharmacist asked me loads of questions . no bladder , no bowels , no fever . none of it"
        " applied .",
    ),
    # a "no" taken back
    (
        "the nurse asked if id had any accidents. i said no but thats a lie, i did this morning",
        "the nurse asked . id had accidents . i said no but thats a lie , i did this morning",
    ),
    # answered yes: the question said as the speaker's own (the asking stays, a sentence of
    # its own)
    (
        "the pharmacist asked if im straining to pee. i wasnt going to say but yeah",
        "the pharmacist asked . im straining to pee . i wasnt going to say but yeah",
    ),
    # ... a yes that opens the next sentence joins what it tells on
    (
        "GP asked if i'd lost weight. i have, nearly 2 stone",
        "gp asked . id lost weight , nearly 2 stone",
    ),
    # ... asked the other way round
    (
        "the nurse asked have I had cancer. yes, in 2019",
        "the nurse asked . i have had cancer , in 2019",
    ),
    # answered no: an ability question becomes "can't"
    (
        "she asked if i can feel the toilet paper. i cant.",
        "she asked . i cant feel the toilet paper .",
    ),
    (
        "asked if I can feel it when I wipe and honestly not really",
        "asked . i cant feel it when i wipe and honestly not really",
    ),
    # ... the last answer given counts
    (
        "nurse asked if my pants had been wet. said no then checked and they have.",
        "nurse asked . my pants had been wet . said no then checked and they have .",
    ),
    # ... the answer may close the question's own sentence
    ("doc asked if i'd ever had cancer - no.", "doc asked . i hadnt ever had cancer ."),
    # a question of which, answered "both"
    ("you asked which leg. both. they're weak and heavy", "you both legs , theyre weak and heavy"),
    # a yes said of both: "yes both are"
    (
        "you asked if my legs are weak. yes both are, since last night",
        "you asked . my legs are weak both are , since last night",
    ),
    # a dash ends the question told back, and a comma the answer stands after
    (
        "you asked if i'd had any accidents - yes, this morning",
        "you asked . id had accidents , this morning",
    ),
    # asked about things, then denied
    (
        "the nurse asked about chest pain and breathlessness, no to both.",
        "the nurse asked . no chest pain and breathlessness , no to both .",
    ),
    (
        "physio went through bladder, bowels, numbness. all normal.",
        "physio went . no bladder , no bowels , no numbness . all normal .",
    ),
    # a question of where, what or how, answered in the words after it
    (
        "they asked whereabouts the numb bit was and i said the bit you sit on",
        "they asked . the numb bit was the bit you sit on",
    ),
    (
        "nurse asked what sex feels like now. said nothing at all",
        "nurse asked . sex feels like now nothing at all",
    ),
    (
        "Nurse asked about meds: prednisolone, 6 years now",
        "nurse asked . meds prednisolone 6 years now",
    ),
    # answers said on their own: "Both.", "Can't.", "none", "never taken them"
    (
        "was asked if my legs feel weak. Both. Like jelly",
        "was asked . my legs feel weak . like jelly",
    ),
    (
        "asked if I could walk to the door. Tried. Can't.",
        "asked . i couldnt walk to the door . tried . cant .",
    ),
    ("asked about steroids. never taken them", "asked . no steroids . never taken them"),
    ("the GP asked how my waterworks were. fine", "the gp asked . my waterworks were fine"),
    # dots in a row are one pause: the answer after them still answers
    (
        "the 111 lady asked do you feel when your bladder is full? and i realised... no i don't",
        "the 111 lady asked . i dont feel when my bladder is full ? and i realised . . . no i dont",
    ),
]


@pytest.mark.parametrize(("message", "read"), ROWS)
def test_an_answered_question_reads_as_its_statement(bot, message: str, read: str) -> None:
    ctx = bot.kb.triage.context
    assert read_retold(ctx, normalise(message, bot.kb.triage.spelling)).strip() == read


@pytest.mark.parametrize(
    "message",
    [
        # no answer that says yes or no: left as it is
        "the GP asked if I had any numbness down below. she said to come back if so",
        # the speaker's own asking is about the world
        "I asked the GP if foot drop is permanent. She said yes sometimes",
        # a yes about a thing already says it is there; nothing to rewrite
        "the nurse asked about my bladder and yes it has been leaking",
        # no asking at all
        "no numbness, no trouble peeing, yes my back hurts",
        # what a thing is, asked by someone, is no answer about the speaker
        "my dad wants to know what foot drop is, his mate was going on about it",
    ],
)
def test_what_is_not_an_answered_question_is_left_alone(bot, message: str) -> None:
    norm = normalise(message, bot.kb.triage.spelling)
    assert read_retold(bot.kb.triage.context, norm) == norm
