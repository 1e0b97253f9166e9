"""Conversations that depend on what was said before: follow-ups about the last topic, "more"
after a list, answering "Did you mean X or Y?", and what happens below the confidence floor.

The scripts in tests/conversations already cover the glute bridge follow-ups (how many, is it
safe, how long), "twist" then "the first one" or naming it, and "what exercises help?" after a
condition; these tests cover the rest.
"""

from __future__ import annotations

import re

import pytest


def names(bot, ids) -> list[str]:
    return [bot.kb.topic(i).name for i in ids]


# --- follow-ups resolve against the last topic ----------------------------------------------


def test_how_many_reps_means_the_exercise_just_shown(chat) -> None:
    assert chat.send("how do I do pigeon pose").topic == "pigeon-pose"
    r = chat.send("how many reps?")
    assert (r.intent, r.topic) == ("exercise-dosage", "pigeon-pose")
    assert "breaths" in r.text and r.citations


def test_a_dosage_question_can_name_its_exercise(chat) -> None:
    r = chat.send("how many reps of glute bridges should I do")
    assert (r.intent, r.topic) == ("exercise-dosage", "glute-bridge")


def test_a_new_question_is_not_read_as_a_follow_up(chat) -> None:
    chat.send("how do I do a glute bridge")
    r = chat.send("how long does sciatica last?")
    assert r.topic == "sciatica" and r.intent == "condition-info"


def test_any_others_lists_related_exercises_without_the_one_shown(bot, chat) -> None:
    chat.send("how do I do pigeon pose")
    r = chat.send("any others?")
    assert r.intent == "browse-exercises" and r.topic == "pigeon-pose"
    assert "pigeon-pose" not in r.options and len(r.options) >= 3
    assert "Fire log pose" in r.text
    # The list is stretches for the same areas first, like the pose itself.
    assert bot.kb.exercises[r.options[0]].goal == "stretch"


def test_is_it_safe_with_a_condition_the_sources_link(chat) -> None:
    chat.send("how do I do pigeon pose")
    r = chat.send("is it safe with sciatica?")
    assert (r.intent, r.topic) == ("exercise-safety", "pigeon-pose")
    assert "with sciatica" in r.text.lower() and "may help" in r.text
    assert r.citations


def test_is_it_safe_with_a_condition_the_sources_do_not_link(chat) -> None:
    chat.send("how do I do a lunge")
    r = chat.send("is it ok if I have a slipped disc?")
    assert (r.intent, r.topic) == ("exercise-safety", "lunge")
    assert "don't say it helps" in r.text and "GP or physio" in r.text


def test_why_explains_the_last_exercise(chat) -> None:
    chat.send("glute bridge")
    r = chat.send("why?")
    assert (r.intent, r.topic) == ("explain-why", "glute-bridge")
    assert "Why Glute bridge" in r.text and "May help with" in r.text and r.citations


def test_why_after_a_condition_explains_it_and_what_helps(chat) -> None:
    chat.send("what is sciatica")
    r = chat.send("why?")
    assert (r.intent, r.topic) == ("explain-why", "sciatica")
    assert "What helps" in r.text


def test_a_why_question_about_something_new_is_answered_as_that(chat) -> None:
    chat.send("how do I do pigeon pose")
    r = chat.send("why does my lower back hurt")
    assert r.topic == "lower-back-pain"


def test_how_many_reps_after_a_condition_asks_which_exercise(bot, chat) -> None:
    chat.send("what is piriformis syndrome")
    r = chat.send("how many reps?")
    assert r.intent == "browse-exercises" and r.topic == "piriformis-syndrome"
    assert r.text.startswith("**Which exercise do you mean?")
    assert set(r.options) <= set(bot.kb.exercises) and "pigeon-pose" in r.options


def test_see_a_doctor_about_it_uses_that_conditions_advice(bot, chat) -> None:
    chat.send("what is sciatica")
    r = chat.send("should I see a doctor about it?")
    assert (r.intent, r.topic) == ("see-doctor", "sciatica")
    assert bot.kb.conditions["sciatica"].see_doctor[0] in r.text
    assert "999" in r.text  # the general advice follows


def test_follow_ups_with_nothing_before_them_do_not_guess(chat) -> None:
    for text in ("how many reps?", "why?", "is it safe?"):
        r = chat.send(text)
        assert r.topic is None, text


# --- "more" after a list --------------------------------------------------------------------


def test_more_continues_a_list_then_says_when_it_is_done(chat) -> None:
    first = chat.send("strengthening for my hips")
    assert first.intent == "browse-exercises" and len(first.options) == 6
    assert 'say "more"' in first.text
    second = chat.send("more")
    assert second.intent == "browse-more" and second.options
    assert not set(first.options) & set(second.options)
    pages = [first, second]
    while pages[-1].options:
        pages.append(chat.send("more"))
        assert len(pages) < 20
    assert "That's all" in pages[-1].text
    assert "That's all" in chat.send("more").text  # and keeps saying so


@pytest.mark.parametrize("more", ["any others?", "what else?", "show more", "next"])
def test_other_ways_to_say_more(chat, more: str) -> None:
    first = chat.send("stretches for my hips")
    r = chat.send(more)
    assert r.options and not set(r.options) & set(first.options), more


def test_more_after_a_short_condition_list(chat) -> None:
    first = chat.send("stretches for sciatica")
    assert first.topic == "sciatica" and 'say "more"' not in first.text
    assert "That's all" in chat.send("more").text


# --- "Did you mean X or Y?" -------------------------------------------------------------------


LEG_LIFTS = {"standing-hip-abduction", "seated-knee-lift"}


@pytest.fixture()
def asked(bot, chat):
    r = chat.send("leg lifts")
    assert r.intent == "disambiguate" and r.topic is None
    assert set(r.options) == LEG_LIFTS
    first, second = names(bot, r.options)
    assert r.text.startswith(f"Did you mean **{first}** or **{second}**?")
    return chat, r.options


@pytest.mark.parametrize(
    ("answer", "position"),
    [
        ("the first one", 0),
        ("1st", 0),
        ("yes", 0),
        ("yeah that one", 0),
        ("the second one", 1),
        ("the last one please", 1),
    ],
)
def test_the_answer_picks_an_option_by_position(asked, answer: str, position: int) -> None:
    chat, options = asked
    r = chat.send(answer)
    assert (r.intent, r.topic) == ("exercise-howto", options[position])


@pytest.mark.parametrize(
    ("answer", "topic"),
    [
        ("seated", "seated-knee-lift"),
        ("the standing one", "standing-hip-abduction"),
        ("seated knee lift", "seated-knee-lift"),
        ("standing hip abduction please", "standing-hip-abduction"),
    ],
)
def test_the_answer_names_an_option(asked, answer: str, topic: str) -> None:
    r = asked[0].send(answer)
    assert (r.intent, r.topic) == ("exercise-howto", topic)


def test_no_gets_a_polite_reply_and_no_topic(asked) -> None:
    r = asked[0].send("no")
    assert r.topic is None and "No problem" in r.text


def test_a_new_question_instead_of_an_answer_is_answered(asked) -> None:
    r = asked[0].send("how do I do pigeon pose")
    assert r.topic == "pigeon-pose"


def test_the_question_is_only_open_for_one_turn(asked) -> None:
    chat, _ = asked
    chat.send("hello")
    assert chat.send("the first one").topic is None


def test_the_third_of_three_options(chat) -> None:
    r = chat.send("twist")
    assert len(r.options) == 3
    third = chat.send("the third one")
    assert third.topic == r.options[2]


# --- the confidence floor -------------------------------------------------------------------


def offered(reply) -> int:
    """How many options a polite redirect gives: topics offered plus example questions."""
    return len(reply.options) + len(re.findall(r'"[^"]+"', reply.text.split("?", 1)[-1]))


@pytest.mark.parametrize(
    "nonsense",
    [
        "asdf qwer",
        "blorp the flimflam",
        "purple monkey dishwasher",
        "lorem ipsum dolor sit amet",
        "zzzz",
        "hmm",
        "the the the",
        "123 456",
    ],
)
def test_nonsense_gets_a_redirect_with_two_or_three_options_and_no_guess(
    chat, nonsense: str
) -> None:
    r = chat.send(nonsense)
    assert r.topic is None and r.intent == "out-of-scope" and not r.citations
    assert "rather not guess" in r.text
    assert 2 <= offered(r) <= 3, r.text


def test_a_near_miss_offers_what_it_might_be_without_answering(bot, chat) -> None:
    r = chat.send("how to do fire lgo")
    assert r.topic is None and r.options[:1] == ("fire-log-pose",)
    assert 2 <= offered(r) <= 3
    # and "yes" then takes the offer
    assert chat.send("yes").topic == "fire-log-pose"


def test_nonsense_after_a_topic_does_not_repeat_that_topic(chat) -> None:
    chat.send("how do I do pigeon pose")
    r = chat.send("asdf qwer zxcv")
    assert r.topic is None
