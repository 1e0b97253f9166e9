"""Forms, checklists and answered questions read as the sentences they mean (backtalk.forms).

The triage tables (test_triage_table.py) hold what users notice, the tier. These rows show the
rewrite itself, so a wrong turn is easy to see: what a pasted form line becomes before it is
read.
"""

from __future__ import annotations

import pytest

from backtalk.forms import read_form

ROWS = [
    # questions under "X asked:" are marked as asked, for backtalk.retold to read with their
    # answers; a yes said on into more words ends there
    (
        "Pharmacist asked:\n- can you put weight on it? no\n- did you fall? yes slipped on the mat",
        "Pharmacist asked:\n- asked can you put weight on it? no\n"
        "- asked did you fall? yes, slipped on the mat",
    ),
    # ... but a header that names someone else is still the lines' topic
    (
        "my husband was asked:\n- numbness down below? yes",
        "my husband was asked:\nmy husband was asked numbness down below",
    ),
    # a choice answered "both"
    ("pain down one leg or both? both", "pain down both legs"),
    ("sciatica one side or both? both, started left", "sciatica in both sides, started left"),
    ("left, right or both - both now", "both legs now"),
    ("which leg? both", "both legs"),
    # answers in brackets; each "no" ends its own sentence, so it denies only its item
    (
        "111 asked me 3 things: fever (no), weakness (no), bladder (fine)",
        "111 asked me 3 things: no fever. no weakness. bladder (fine)",
    ),
    ("hot hip (yes), swollen (yes), fever (no)", "hot hip, swollen, no fever."),
    # a run of "X no", and a list answered item by item
    ("Other questions - fever no, injury no", "Other questions - no fever. no injury"),
    ("bladder, bowels, fever - no, yes, no", "no bladder. bowels. no fever."),
    # answers after a dash; "no idea" is not an answer
    ("Chest pain - no. Fever - no.", "no Chest pain.no Fever."),
    ("back pain - no idea why", "back pain - no idea why"),
    # ticked and crossed items; the red cross that only marks a line out stays
    (
        "\u2713 stiff in the morning \u2717 numbness \u2717 fever",
        "stiff in the morning. no numbness. no fever. ",
    ),
    ("\u274c can't feel the toilet paper", "\u274c can't feel the toilet paper"),
    # ... one pass for both: an item ticked after one crossed is not read into the cross
    (
        "\u2717 fever \u2713 can't pee since this morning",
        "no fever. can't pee since this morning. ",
    ),
    # empty boxes beside ticked ones are unticked; alone they deny nothing
    ("\u2610 numbness groin \u2611 low back ache", "no numbness groin. low back ache. "),
    ("\u2610 numb bum", "\u2610 numb bum"),
    # bracket boxes typed inline, two or more on a line
    ("[x] numbness between my legs  [ ] fever", "numbness between my legs. no fever. "),
    # letters for answers: "? N", "Y/N: N", with what is said in brackets
    ("Fall? Y. Able to weight bear? N.", " Fall.  cant weight bear. "),
    (
        "Bladder change Y/N: N. Pain in one leg? Y (right, to ankle)",
        " no Bladder change.  Pain in one leg, right, to ankle. ",
    ),
    ("Cancer ever? N", "no Cancer ever"),
    # ... numbered: each answer stays with its own question
    (
        "form - Q7 Any new leaking of urine? Y. Q8 Any change in bowel control? N. Q9 Back pain? Y",
        "form -\n Q7 Any new leaking of urine. \n no Q8 Any change in bowel control. \n Q9 Back pain. ",
    ),
    # answers between pipes, and questions and answers on one line
    ("Fever N | swelling N", "no Fever\nno swelling"),
    ("Q: any weakness? A: no. Q: numb down there? A: no.", "no weakness\nno numb down there"),
    # (each numbered answer a line of its own: "Q3"'s words are not in the "no" of "Q2")
    ("Q1 yes Q2 no Q3 my bum is numb", "Q1 yes\nQ2 no\nQ3 my bum is numb"),
    # who asked, said between the question and its answer
    ("Numb down there? the nurse asked. no.", "no Numb down there."),
    # what the speaker cannot do, and what is not ok
    ("Standing: can't", "cant Stand"),
    ("Peeing: no", "cant Peeing"),
    # ... but a trouble with it denied is no trouble: "Pee problem? no" is not "can't pee"
    ("Pee problem? no. Numb? no.", "no Pee problem.no Numb."),
    ("Feeling changes down there? no", "no Feeling changes down there"),
    ("breathing ok? no, can't catch my breath", "breathing not ok, can't catch my breath"),
    ("bowels ok? yes", "bowels ok"),
    # a table typed with pipes: each row a label and its answer; a header that names what is
    # asked joins each label, one that only names the columns is dropped
    (
        "| Area | Numb? |\n|---|---|\n| left foot | yes |\n| inner thighs | yes |",
        "Area Numb?\nleft foot Numb\ninner thighs Numb",
    ),
    ("| symptom | me |\n| fever | no |\n| low back | yes, 3 days |", "no fever\nlow back, 3 days"),
    ("| question | answer |\n| bladder | fine |", "bladder: fine"),
    # ... but not a table of three columns, nor a line with a pipe inside
    ("| a | b | c |\n| x | y | z |", "| a | b | c |\n| x | y | z |"),
    ("my bum | numb", "my bum | numb"),
    # a question someone asked, answered after a dash, is left for backtalk.retold
    (
        "Doctor asked do I have osteoporosis - yes, since 2019",
        "Doctor asked do I have osteoporosis - yes, since 2019",
    ),
]


@pytest.mark.parametrize(("text", "read"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_a_form_line_reads_as_the_sentence_it_means(text: str, read: str) -> None:
    assert read_form(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "",
        "((((",
        "fever (no",
        "bladder, bowels - no",  # fewer answers than items: not read item by item
        "a, b, c - no, no",
        "- - - ? ? :",
        "\u2717\u2717\u2717",
        "||",
        "| |\n|---|",
        "| numb bum |\n|:--|--:|\n| | |",
    ],
)
def test_broken_forms_are_read_without_error_and_lose_no_words(text: str) -> None:
    out = read_form(text)
    # nothing typed is dropped: every word of the message is still there
    words = {w for w in text.lower().replace(",", " ").split() if w.isalpha()}
    assert words <= set(out.lower().replace(",", " ").replace(".", " ").split())


def test_item_answers_that_do_not_match_their_items_are_not_paired() -> None:
    # three items, two answers: which item each answer is for is unknown, so none is denied
    # item by item
    assert "no a." not in read_form("a, b, c - no, no")
