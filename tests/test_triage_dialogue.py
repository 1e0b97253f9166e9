"""Triage across turns: clarification, accumulation of risk factors, stickiness, and what an
emergency or urgent reply contains."""

from __future__ import annotations

import pytest

from backtalk.triage import assess


def levels(chat, *messages: str) -> list[str]:
    return [chat.send(m).level for m in messages]


# --- clarification -------------------------------------------------------------------------


def test_numbness_without_a_place_gets_one_question(chat) -> None:
    r = chat.send("everything feels a bit numb today")
    assert r.level == "routine" and r.intent == "clarify"
    assert "where is the numbness" in r.text.lower()


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ("around my bum", "emergency"),
        ("down there, between my legs", "emergency"),
        ("both legs", "emergency"),
        ("inner thighs mostly", "emergency"),
        ("just my left foot", "routine"),
        ("the outside of my right thigh", "routine"),
    ],
)
def test_the_answer_to_where_is_triaged_in_that_light(chat, answer: str, level: str) -> None:
    assert chat.send("i feel numb").intent == "clarify"
    r = chat.send(answer)
    assert r.level == level, r.text
    if level == "emergency":
        assert r.flags == ("cauda-equina",)


def test_the_question_is_asked_only_once(chat) -> None:
    assert chat.send("i feel numb").intent == "clarify"
    assert chat.send("not sure really").intent != "clarify"
    assert chat.send("still numb").intent != "clarify"


def test_weakness_without_a_place_is_also_clarified(chat) -> None:
    r = chat.send("I feel really weak")
    assert r.intent == "clarify"
    assert chat.send("both my legs").level == "emergency"


# Peeing or bowels mentioned with no clear sign either way: one question in plain words, and
# anything but a clear "no" is read as a change (when unsure, the higher tier).
BOWELS_ODD = "back pain since the weekend and my bowels are a bit weird, any exercises?"


def test_peeing_or_bowels_told_without_a_clear_sign_gets_one_question(chat) -> None:
    r = chat.send("my lower back is sore and I went for a number one this morning")
    assert (r.level, r.intent, r.question) == ("routine", "clarify", "waterworks-told")
    assert "trouble starting to pee" in r.text and "numbness around your bottom" in r.text


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ("yes", "emergency"),
        ("yeah a bit", "emergency"),
        ("kind of, the stream is weak", "emergency"),
        ("not sure", "emergency"),
        ("dunno tbh", "emergency"),
        ("i think so", "emergency"),
        ("no", "routine"),
        ("nope", "routine"),
        ("no, all normal", "routine"),
        ("yes, all fine", "routine"),
    ],
)
def test_the_answer_about_bladder_and_bowels_is_triaged_in_that_light(
    chat, answer: str, level: str
) -> None:
    assert chat.send(BOWELS_ODD).question == "waterworks-told"
    r = chat.send(answer)
    assert r.level == level, r.text
    if level == "emergency":
        assert r.flags == ("cauda-equina",)
        # why: the answer itself (a "yes" to the question) or the sign it told
        assert any("may have changed" in w or "stream is weak" in w for w in r.why), r.why


@pytest.mark.parametrize(
    "message",
    [
        "I'm 30 weeks pregnant and peeing every hour, lower back aches, any stretches?",
        "drank loads of water today so I'm weeing a lot, back a bit stiff from my desk",
        "peeing normally, bowels normal, just a stiff lower back, what stretches?",
        "had a wee fall in the garden, bum is bruised, any stretches?",
        "no problems with my bladder or bowels, lower back stiff",
    ],
)
def test_peeing_often_or_normally_is_not_asked_about(chat, message: str) -> None:
    r = chat.send(message)
    assert r.level == "routine" and r.intent != "clarify", r.text


def test_the_bladder_question_is_asked_only_once(chat) -> None:
    assert chat.send(BOWELS_ODD).intent == "clarify"
    assert chat.send("no").intent != "clarify"
    assert chat.send("my bowels are still a bit weird").intent != "clarify"


@pytest.mark.parametrize(
    ("first", "answer", "intent", "says"),
    [
        (
            "my sciatica in my left leg is bad and it feels a bit numb, what stretches can I do?",
            "just my left foot",
            "browse-exercises",
            "Stretches for sciatica",
        ),
        (BOWELS_ODD, "no", "browse-exercises", "Exercises"),
    ],
)
def test_after_a_plain_answer_the_first_question_is_answered(
    chat, first: str, answer: str, intent: str, says: str
) -> None:
    assert chat.send(first).intent == "clarify"
    r = chat.send(answer)
    assert r.level == "routine" and r.intent == intent, r.text
    assert "Back to what you asked" in r.text and says in r.text


def test_in_an_urgent_chat_the_first_question_is_answered_after_the_warning(chat) -> None:
    assert chat.send("I had breast cancer and now my back hurts").level == "urgent"
    assert chat.send(BOWELS_ODD).intent == "clarify"
    r = chat.send("no")
    assert r.level == "urgent" and r.intent == "browse-exercises", r.text
    assert r.text.index("URGENT") < r.text.index("Back to what you asked")


def test_an_answer_with_its_own_question_is_answered_as_asked(chat) -> None:
    assert chat.send("i feel numb, any stretches?").intent == "clarify"
    r = chat.send("my left foot. how do I do a glute bridge?")
    assert r.intent == "exercise-howto" and r.topic == "glute-bridge", r.text
    assert "Back to what you asked" not in r.text


# --- accumulation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turns", "flag", "level"),
    [
        (
            ["I had breast cancer about ten years ago", "my lower back has started aching"],
            "cancer",
            "urgent",
        ),
        (
            ["I've got osteoporosis", "sudden really bad back pain after I coughed"],
            "osteoporotic-fracture",
            "urgent",
        ),
        (
            ["been on prednisolone for years for my asthma", "my back suddenly went, agony"],
            "osteoporotic-fracture",
            "urgent",
        ),
        (
            ["I had a discectomy two weeks ago", "now I'm shivering and burning up"],
            "spinal-infection",
            "emergency",
        ),
        (
            ["I inject heroin", "got a fever and my back is killing me"],
            "spinal-infection",
            "emergency",
        ),
        (["im 30 weeks pregnant", "pain in my side and i have a temperature"], "kidney", "urgent"),
        (
            ["I slipped on the ice this morning", "and now I can't put any weight on my right leg"],
            "hip-fracture",
            "emergency",
        ),
    ],
)
def test_risk_factors_combine_across_turns(chat, turns: list[str], flag: str, level: str) -> None:
    first = chat.send(turns[0])
    assert first.level == "routine", first.text
    second = chat.send(turns[1])
    assert second.level == level and flag in second.flags, second.text


def test_a_denied_risk_factor_does_not_combine(chat) -> None:
    chat.send("I've never had cancer")
    assert chat.send("my back has been sore for a week").level == "routine"


# --- stickiness and what replies contain ------------------------------------------------------------


def test_emergency_is_sticky_and_repeats_the_advice(chat) -> None:
    assert chat.send("my bum has gone numb").level == "emergency"
    for follow in ("how do I do a glute bridge", "thanks", "ok it's fine now actually"):
        r = chat.send(follow)
        assert r.level == "emergency"
        assert "999" in r.text
        assert "glute bridge" not in r.text.lower()
        assert r.topic is None


def test_a_new_chat_starts_fresh(bot) -> None:
    first = bot.chat()
    first.send("i wet myself and my back is agony")
    assert bot.chat().send("hello").level == "routine"


def test_a_chat_level_never_goes_down(chat) -> None:
    seen = levels(
        chat,
        "hi",
        "I've had a fever since yesterday",
        "what is sciatica",
        "I can't feel my legs",
        "bye",
    )
    ranks = ["routine", "urgent", "emergency"]
    assert seen == sorted(seen, key=ranks.index)
    assert seen[-1] == "emergency"


def test_emergency_reply_has_advice_what_to_say_why_and_source_only(bot) -> None:
    r = bot.reply("I can't feel anything when I wipe and I think I wet myself")
    assert r.level == "emergency"
    text = r.text.lower()
    assert "999" in text and "a&e" in text
    assert "what to tell them" in text
    assert "you said" in text and "saddle area" in text
    assert r.citations and r.intent == "emergency" and r.topic is None
    assert "how to do it" not in text  # never an exercise


def test_urgent_reply_puts_the_warning_first_then_the_answer(bot) -> None:
    r = bot.reply("I've lost a stone without trying and my back aches, what is sciatica?")
    assert r.level == "urgent" and r.flags == ("cancer",)
    assert r.text.index("URGENT") < r.text.index("---")
    assert "111" in r.text.split("---")[0]


def test_every_raised_flag_explains_why_in_one_line(bot) -> None:
    r = bot.reply("fell off a ladder at work and my back is agony")
    assert r.why and all("\n" not in w for w in r.why)
    assert any("fell off a ladder" in w for w in r.why)


def test_other_person_gets_information_and_a_line_to_act_for_them(bot) -> None:
    r = bot.reply("my husband says he can't feel his legs")
    assert r.level == "routine" and r.flags == ()
    assert "call 999" in r.text.lower() and "take them" in r.text.lower()


def test_hypothetical_gets_a_safety_net_line(bot) -> None:
    r = bot.reply("what should I do if I ever lose control of my bladder?")
    assert r.level == "routine"
    assert "safety net" in r.text.lower() and "999" in r.text


def test_every_checklist_sentence_raises_its_own_signal(bot) -> None:
    """The chat UI's checklist sends these sentences; each must be seen by triage."""
    rules = bot.kb.triage
    with_checklist = [s for s in rules.signals if s.checklist]
    assert len(with_checklist) >= 20
    for sig in with_checklist:
        hits = assess(rules, sig.checklist).hits
        assert any(h.signal == sig.id and h.status == "positive" for h in hits), sig.checklist
