"""Properties of triage that must hold for any wording (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtalk.triage import RANK, assess

RED_FLAGS = [
    ("I can't pee and my back is killing me", "emergency"),
    ("my bum and inner thighs have gone numb", "emergency"),
    ("I wet myself this morning without realising", "emergency"),
    ("can't feel it when I wipe", "emergency"),
    ("pins and needles in both legs since yesterday", "emergency"),
    ("I fell off a ladder and my back is agony", "emergency"),
    ("I've got a fever and had back surgery last week", "emergency"),
    ("my hip is red and swollen and I'm shivering", "emergency"),
    ("I had bowel cancer and now my back hurts", "urgent"),
    ("I've lost weight without trying and my back aches", "urgent"),
    ("my right foot keeps slapping the floor when I walk", "urgent"),
]
BENIGN = [
    "I sit at a desk all day.",
    "My physio said to keep moving.",
    "I like yoga on Sundays.",
    "The weather has been awful.",
    "I tried ibuprofen.",
    "My dog needs walking twice a day.",
    "I work in a warehouse.",
    "Thanks for your help.",
    "Sorry for the long message.",
    "I'm 45.",
]
SHIELDED = [
    "I can't pee",
    "there's no feeling down there",
    "I'm not able to control my bladder",
    "I couldn't hold my wee",
    "I cannot feel it when I wipe",
]

settings.register_profile(
    "backtalk",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("backtalk")


@given(
    flag=st.sampled_from(RED_FLAGS),
    before=st.lists(st.sampled_from(BENIGN), max_size=3),
    after=st.lists(st.sampled_from(BENIGN), max_size=3),
)
def test_benign_text_around_a_red_flag_never_lowers_the_tier(bot, flag, before, after) -> None:
    message, tier = flag
    text = " ".join([*before, message + ".", *after])
    assert RANK[assess(bot.kb.triage, text).level] >= RANK[tier], text


@given(
    flag=st.sampled_from(RED_FLAGS + [(b, "routine") for b in BENIGN]),
    upper=st.booleans(),
    spaces=st.integers(1, 4),
    curly=st.booleans(),
)
def test_tier_ignores_case_whitespace_and_quote_style(bot, flag, upper, spaces, curly) -> None:
    message, _ = flag
    variant = message.upper() if upper else message
    variant = variant.replace(" ", " " * spaces)
    if curly:
        variant = variant.replace("'", "\u2019")
    rules = bot.kb.triage
    assert assess(rules, variant).level == assess(rules, message).level, variant


@given(
    phrase=st.sampled_from(SHIELDED),
    before=st.sampled_from([*BENIGN, ""]),
    after=st.sampled_from([*BENIGN, ""]),
    joiner=st.sampled_from([". ", ", and ", " and "]),
)
def test_shielded_phrases_stay_flagged_in_any_sentence(bot, phrase, before, after, joiner) -> None:
    text = f"{before} {phrase}{joiner}{after}".strip()
    a = assess(bot.kb.triage, text)
    assert a.level == "emergency" and "cauda-equina" in a.flags, text


@given(
    turns=st.lists(
        st.sampled_from(
            [m for m, _ in RED_FLAGS]
            + BENIGN
            + [
                "hello",
                "how do I do a glute bridge",
                "no numbness down there",
                "what is sciatica",
                "i feel numb",
                "my left foot",
                "thanks",
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_chats_tier_never_decreases(bot, turns) -> None:
    chat = bot.chat()
    last = 0
    for t in turns:
        rank = RANK[chat.send(t).level]
        assert rank >= last, turns
        last = rank
