"""Bad input cannot hurt backtalk: any text gets a valid reply, no network is touched."""

from __future__ import annotations

import json
import socket
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from backtalk.knowledge.citations import squash

CONTRACT = Draft202012Validator(
    json.loads(resources.files("backtalk").joinpath("reply.schema.json").read_text())
)

HOSTILE = [
    "",
    "   \t  ",
    "\x00\x01\x02 control \x7f characters",
    "\x1b[31mred\x1b[0m \x1b]0;title\x07 escapes",
    "[bold red]markup[/] [link=http://x]click[/link]",
    "zero\u200bwidth\u200d and \u202eright-to-left\u202c text",
    "😭😭😭 my back 🔥",
    "مرحبا ظهري يؤلمني",
    "a" * 200_000,
    # long runs of the shapes a form is read in (lists, "X no" pairs, dashes, brackets, ticks,
    # choices): each is read once, not once for every item of it
    "fever, cough, " * 5_000 + "x",
    "fever no, cough no, " * 5_000 + "x y",
    "chest pain - maybe " * 5_000,
    "fever (no " * 5_000,
    "\u2713 a " * 20_000,
    "one leg or " * 5_000 + "both? both",
    "please " * 50_000 + "i cant pee",
]


def check(bot, reply) -> None:
    data = reply.to_dict()
    errors = sorted(CONTRACT.iter_errors(data), key=str)
    assert not errors, errors[0].message
    json.dumps(data)  # always serialisable
    for c in reply.citations:
        if c.seed is not None:
            assert squash(c.quote) in squash(bot.kb.seeds.line(c.seed, c.line))
    assert "\x1b" not in data["text"] and "\x1b" not in data["input"]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gets_a_sensible_reply(bot, text: str) -> None:
    reply = bot.reply(text)
    check(bot, reply)
    assert reply.text.strip()


def test_red_flag_at_the_very_end_of_a_huge_message_is_found(bot) -> None:
    reply = bot.reply(HOSTILE[-1])
    assert reply.level == "emergency" and "cauda-equina" in reply.flags


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises_and_always_fits_the_contract(bot, text: str) -> None:
    check(bot, bot.reply(text))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(max_size=80)
        | st.sampled_from(
            [
                "i feel numb",
                "both legs",
                "how do i do a glute bridge",
                "more",
                "the first one",
                "yes",
                "why?",
                "how many reps?",
                "stretches for sciatica",
                "i cant pee",
            ]
        ),
        max_size=6,
    )
)
def test_any_conversation_never_raises(bot, turns: list[str]) -> None:
    chat = bot.chat()
    for t in turns:
        check(bot, chat.send(t))


def test_a_full_chat_opens_no_socket(bot, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("backtalk tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    import backtalk

    fresh = backtalk.load(use_cache=False)
    chat = fresh.chat()
    for text in ["hello", "how do i do pigeon pose", "i feel numb", "my groin", "thanks"]:
        check(fresh, chat.send(text))
