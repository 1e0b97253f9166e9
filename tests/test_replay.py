"""Scripted conversations: `backtalk replay` (pass, fail, --record, --json, malformed files),
the pytest plugin, and `backtalk coverage`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from backtalk.cli import main
from backtalk.coverage import read_excluded
from backtalk.replay.check import check, find

pytest_plugins = ["pytester"]

PASSING = """\
title: routine chat that turns into an emergency
turns:
  - user: hello
    expect: {level: routine, intent: greeting, topic: null, cites: false}
  - user: also it feels numb when I wipe
    expect: {level: emergency, flags: [cauda-equina], says: ["call 999"], not_says: [pigeon], cites: true}
"""

FAILING = """\
title: expectations the bot does not meet
turns:
  - user: hello
    expect: {level: routine}
  - user: my bum has gone numb
    expect:
      level: routine
      flags: [kidney]
      topic: moon-pose
      says: [pigeon]
      not_says: ["999"]
      cites: false
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replay(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["replay", *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- replay --------------------------------------------------------------------------------


def test_a_passing_file_prints_each_turn_and_exits_0(tmp_path, capsys) -> None:
    path = write(tmp_path, "wiping.yaml", PASSING)
    code, out, err = replay(capsys, str(path))
    assert code == 0, out + err
    assert f"PASS {path} (2 turns): routine chat that turns into an emergency" in out
    assert '  ok   turn 1: "hello"' in out
    assert '  ok   turn 2: "also it feels numb when I wipe"' in out
    assert out.rstrip().splitlines()[-1] == "1 passed, 0 failed"
    assert err == ""


def test_a_failing_file_names_file_and_line_with_expected_versus_actual(tmp_path, capsys) -> None:
    path = write(tmp_path, "numb.yaml", FAILING)
    code, out, _ = replay(capsys, str(path))
    assert code == 1
    assert '  ok   turn 1: "hello"' in out
    assert '  FAIL turn 2: "my bum has gone numb"' in out
    assert f"{path}:6: turn 2: expected versus actual" in out  # the line of `expect:`
    assert "level:    expected routine, got emergency" in out
    assert "flags:    missing kidney (raised: cauda-equina)" in out
    assert "topic:    expected moon-pose, got null" in out
    assert "there is no topic 'moon-pose' in the knowledge" in out
    assert 'says:     "pigeon" is not in the reply' in out
    assert 'not_says: "999" is in the reply: ' in out
    assert "cites:    expected no citations, got" in out
    assert "actual:   level=emergency flags=[cauda-equina] topic=null intent=emergency" in out
    assert 'reply:    "' in out and "EMERGENCY" in out
    assert out.rstrip().splitlines()[-1] == "0 passed, 1 failed"


def test_the_summary_counts_files_across_directories_searched_recursively(tmp_path, capsys) -> None:
    write(tmp_path, "a/one.yaml", PASSING)
    write(tmp_path, "a/deeper/two.yml", FAILING)
    write(tmp_path, "a/notes.txt", "not a conversation")
    code, out, _ = replay(capsys, str(tmp_path / "a"))
    assert code == 1
    assert out.rstrip().splitlines()[-1] == "1 passed, 1 failed"
    assert "notes.txt" not in out


def test_a_missing_path_is_a_problem_not_a_traceback(tmp_path, capsys) -> None:
    code, out, err = replay(capsys, str(tmp_path / "nope.yaml"))
    assert code == 1
    assert f"{tmp_path / 'nope.yaml'}: no such file or directory" in err
    assert "Traceback" not in out + err


def test_says_ignores_case_markdown_and_line_wraps(bot) -> None:
    reply = bot.chat().send("my bum has gone numb")
    assert "**Call 999 now" in reply.text
    assert find("CALL 999 NOW", reply.text) is not None
    assert check({"says": ["call 999 now"], "not_says": ["glute bridge"]}, reply) == []


# --- malformed files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", "1:1", "file is empty"),
        ("# just a comment\n", "1:1", "file is empty"),
        (
            "title: t\nturns:\n  - user: hi\n    expect: {level: routine, sayz: [hello]}\n",
            "4:30",
            "unknown key 'sayz' in the expect of turn 1 (remove it or fix its spelling; allowed: cites, flags, intent, level, not_says, says, topic)",
        ),
        (
            "turns:\n  - user: hi\n    expect: {says: hello}\n",
            "3:20",
            "'says' should be a list, not text in the expect of turn 1",
        ),
        (
            "turns:\n  - user: hi\n    expect: {cites: 2}\n",
            "3:21",
            "'cites' should be true or false, not a number",
        ),
        (
            "turns:\n  - user: hi\n    expect: {level: Emergency}\n",
            "3:21",
            "'level' is 'Emergency' in the expect of turn 1 (use one of: emergency, urgent, routine)",
        ),
        ("turns:\n  - expect: {level: routine}\n", "2:5", "missing 'user' in turn 1"),
        ("turns:\n  - user:\n", "2:10", "'user' is empty in turn 1"),
        ("title: t\n", "1:1", "missing 'turns'"),
        ("- user: hi\n", "1:1", "a conversation file is a mapping with 'title' and 'turns'"),
        ('turns:\n  - user: "hi\n', "3:1", "YAML error: found unexpected end of stream"),
        ("turns:\n\t- user: hi\n", "2:1", "tab character used for indentation"),
        (
            "turns:\n  - user: hi\n    expect: {flags: [cauda-equine]}\n",
            "3:22",
            "unknown red-flag id 'cauda-equine' in the expect of turn 1 (known ids: cancer, cauda-equina,",
        ),
    ],
)
def test_a_malformed_file_gives_file_line_col_and_exit_1(
    tmp_path, capsys, text: str, where: str, message: str
) -> None:
    path = write(tmp_path, "bad.yaml", text)
    code, out, err = replay(capsys, str(path))
    assert code == 1
    assert f"{path}:{where}: {message}" in err
    assert "Traceback" not in out + err
    assert f"FAIL {path}: not run" in out
    assert out.rstrip().splitlines()[-1] == "0 passed, 1 failed"


def test_a_python_tag_is_refused_and_never_run(tmp_path, capsys) -> None:
    marker = tmp_path / "ran"
    path = write(
        tmp_path,
        "evil.yaml",
        f'title: !!python/object/apply:os.system ["touch {marker}"]\nturns:\n  - user: hi\n',
    )
    code, _, err = replay(capsys, str(path))
    assert code == 1
    assert f"{path}:1:8: YAML error: could not determine a constructor" in err
    assert "not allowed in conversation files" in err
    assert not marker.exists()


def test_yes_and_numbers_are_sent_as_typed(tmp_path, capsys) -> None:
    path = write(
        tmp_path,
        "typed.yaml",
        "turns:\n  - user: yes\n    expect: {says: [backtalk]}\n  - user: 999\n  - user: my bum is numb\n    expect: {says: [999]}\n",
    )
    code, out, err = replay(capsys, "--json", str(path))
    assert code == 1, err  # "yes" gets no greeting: the point is that it was sent as "yes"
    turns = json.loads(out)["files"][0]["turns"]
    assert [t["user"] for t in turns] == ["yes", "999", "my bum is numb"]
    assert turns[2]["passed"]


# --- --json --------------------------------------------------------------------------------


def test_json_output_is_machine_readable(tmp_path, capsys) -> None:
    good = write(tmp_path, "good.yaml", PASSING)
    bad = write(tmp_path, "bad.yaml", FAILING)
    broken = write(tmp_path, "broken.yaml", "turns: []\n")
    code, out, _ = replay(capsys, "--json", str(good), str(bad), str(broken))
    assert code == 1
    data = json.loads(out)
    assert (data["passed"], data["failed"], data["counts"]) == (1, 2, "files")
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["good.yaml"]["passed"] is True
    failed = files["bad.yaml"]["turns"][1]
    assert failed["where"] == f"{bad}:6"
    assert failed["actual"]["level"] == "emergency"
    assert failed["actual"]["flags"] == ["cauda-equina"]
    by_key = {f["key"]: f for f in failed["failures"]}
    assert by_key["level"]["expected"] == "routine" and by_key["level"]["actual"] == "emergency"
    assert by_key["says"]["expected"] == "pigeon"
    problem = files["broken.yaml"]["problems"][0]
    assert (problem["line"], problem["message"]) == (1, "'turns' is empty")


# --- --record ------------------------------------------------------------------------------

NEW_SCRIPT = """\
# written by hand; expects to be recorded
title: numb bum, then a glute bridge   # the title stays
turns:
  - user: "I feel numb"   # asks where
  - user: around my bum
    expect:
      says: ["999", 'A&E']
  - {user: how do I do a glute bridge}
"""


def test_record_fills_the_expects_and_leaves_the_rest_as_written(tmp_path, capsys) -> None:
    path = write(tmp_path, "new.yaml", NEW_SCRIPT)
    code, out, err = replay(capsys, "--record", str(path))
    assert code == 0, out + err
    assert f"recorded {path}: 3 turns" in out
    text = path.read_text(encoding="utf-8")
    assert text == textwrap.dedent(
        """\
        # written by hand; expects to be recorded
        title: numb bum, then a glute bridge   # the title stays
        turns:
          - user: "I feel numb"   # asks where
            expect: {level: routine, topic: null, cites: false}
          - user: around my bum
            expect: {level: emergency, flags: [cauda-equina], topic: null, says: ["999", 'A&E'], cites: true}
          - {user: how do I do a glute bridge, expect: {level: emergency, flags: [cauda-equina], topic: null, cites: true}}
        """
    )
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    # The recording replays clean, and recording again changes nothing.
    code, out, _ = replay(capsys, str(path))
    assert code == 0 and out.rstrip().endswith("1 passed, 0 failed")
    assert replay(capsys, "--record", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == text


def test_record_keeps_the_authors_says_and_reports_them_when_they_fail(tmp_path, capsys) -> None:
    path = write(tmp_path, "says.yaml", "turns:\n  - user: hello\n    expect: {says: [pigeon]}\n")
    code, out, _ = replay(capsys, "--record", str(path))
    assert code == 1
    assert path.read_text(encoding="utf-8") == (
        "turns:\n  - user: hello\n"
        "    expect: {level: routine, topic: null, says: [pigeon], cites: false}\n"
    )
    assert f"{path}:3: turn 1: expected versus actual" in out
    assert '"pigeon" is not in the reply' in out


def test_record_with_json_keeps_stdout_to_the_json(tmp_path, capsys) -> None:
    path = write(tmp_path, "j.yaml", "turns:\n  - user: hello\n")
    code, out, err = replay(capsys, "--record", "--json", str(path))
    assert code == 0
    assert json.loads(out)["files"][0]["turns"][0]["expect"]["level"] == "routine"
    assert f"recorded {path}: 1 turn" in err


def test_record_never_touches_a_malformed_file(tmp_path, capsys) -> None:
    text = "turns:\n  - user: hi\n    expect: {sayz: [x]}\n"
    path = write(tmp_path, "bad.yaml", text)
    code, _, err = replay(capsys, "--record", str(path))
    assert code == 1
    assert f"{path}:3:14: unknown key 'sayz'" in err
    assert path.read_text(encoding="utf-8") == text


# --- the pytest plugin ---------------------------------------------------------------------


def run_pytest(pytester, *args: str):
    # In-process; other installed plugins that keep session state in the environment
    # (textual's snapshot report) must not clean up after the outer session.
    return pytester.runpytest(
        "-p", "no:cacheprovider", "-p", "no:textual-snapshot", "-p", "no:asyncio", *args
    )


def test_the_plugin_collects_conversation_files_and_selects_by_name(pytester) -> None:
    pytester.makefile(".yaml", **{"conversations/numb_bum": PASSING})
    pytester.makefile(".yaml", **{"conversations/deeper/numb_wrong": FAILING})
    pytester.makefile(".yaml", **{"conversations/greeting": "turns:\n  - user: hi\n"})
    pytester.makefile(".yaml", **{"config/settings": "turns: not a conversation\n"})

    everything = run_pytest(pytester, "--collect-only", "-q")
    listed = everything.stdout.str()
    assert "conversations/numb_bum.yaml::numb_bum" in listed
    assert "conversations/deeper/numb_wrong.yaml::numb_wrong" in listed
    assert "settings" not in listed

    result = run_pytest(pytester, "-k", "numb")
    result.assert_outcomes(passed=1, failed=1, deselected=1)
    result.stdout.fnmatch_lines(
        [
            "*FAIL conversations/deeper/numb_wrong.yaml (2 turns, 1 failed)*",
            "*conversations/deeper/numb_wrong.yaml:6: turn 2: expected versus actual",
            "*level:    expected routine, got emergency",
            "*flags:    missing kidney (raised: cauda-equina)",
        ]
    )
    assert "Traceback" not in result.stdout.str()

    only = run_pytest(pytester, "-k", "greeting")
    only.assert_outcomes(passed=1, deselected=2)


def test_the_plugin_reports_a_malformed_file_as_a_failure(pytester) -> None:
    pytester.makefile(".yaml", **{"conversations/broken": "turns:\n  - expect: {}\n"})
    result = run_pytest(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*conversations/broken.yaml:2:5: missing 'user' in turn 1*"])


# --- coverage ------------------------------------------------------------------------------


def test_coverage_lists_flags_raised_and_cleared_topics_and_intents(bot, tmp_path, capsys) -> None:
    write(tmp_path, "c/wipe.yaml", PASSING)
    write(tmp_path, "c/denied.yaml", "turns:\n  - user: no numbness down there at all\n")
    write(tmp_path, "c/mum.yaml", "turns:\n  - user: my mum can't feel her legs\n")
    code = main(["coverage", str(tmp_path / "c")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Conversations: 3 files, 4 turns ({tmp_path / 'c'})" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("cauda-equina"))
    assert row.split()[:3] == ["cauda-equina", "1", "2"]
    assert "negated" in row and "other-person" in row
    n = len(bot.kb.triage.flags)  # however many red flags the knowledge holds
    share = f"1/{n} ({100 / n:.0f}%)"
    assert f"raised {share}, cleared {share}, both {share}" in out
    assert "never raised: cancer, chest-pain," in out
    assert "greeting" in out and "never seen: " in out


def test_coverage_of_the_shipped_conversations_touches_every_red_flag_both_ways(
    capsys,
) -> None:
    root = Path(__file__).resolve().parent / "conversations"
    assert len(list(root.glob("*.yaml"))) >= 40
    main(["coverage", str(root)])
    out = capsys.readouterr().out
    assert "never raised: -" in out
    assert "never cleared: -" in out


def test_seed_coverage_excludes_the_noise_lines_listed_in_excluded_md(
    knowledge_copy, capsys
) -> None:
    (knowledge_copy / "EXCLUDED.md").unlink(missing_ok=True)
    assert main(["--knowledge", str(knowledge_copy), "coverage", "--seeds"]) == 0
    before = capsys.readouterr().out
    assert "Noise lines excluded: none" in before
    all_before = next(line for line in before.splitlines() if line.startswith("all "))

    (knowledge_copy / "EXCLUDED.md").write_text(
        "# Noise in the seeds\n\n## 001_e3d9bb5926574311.txt (68 lines)\n"
        # Lines 2, 5, 27, 33 and 39 of this seed are privacy text, notices, bios and comments:
        # nothing in the knowledge cites them, so all five count as noise.
        "- 2: privacy text\n- 5, 27: notices\n- 33, 39: comments\n\n## Notes\n- 12 reviewers agreed\n",
        encoding="utf-8",
    )
    assert main(["--knowledge", str(knowledge_copy), "coverage", "--seeds"]) == 0
    after = capsys.readouterr().out
    assert "Noise lines excluded: 5 (from " in after
    row = next(line.split() for line in after.splitlines() if line.startswith(B + " "))
    assert row[1:3] == ["55", "5"]  # non-empty lines, noise
    assert all_before.split()[3] != after.splitlines()[-3].split()[3]
    assert "content lines cited (" in after.splitlines()[-1]


A, B = "000_9f48fd8958030324.txt", "001_e3d9bb5926574311.txt"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"## {A}\n- 1-3: menu\n- 7, 9: privacy policy (2 paragraphs)\n", {1, 2, 3, 7, 9}),
        (f"{A}:12 author bio\n{A}: lines 20 to 22 (cookie banner)\n", {12, 20, 21, 22}),
        ("| seed | lines |\n|---|---|\n| 000_9f48fd8958030324 | 4–5, L8 |\n", {4, 5, 8}),
        ("## 9f48fd8958030324\n- 2 and 3\n\n## Summary\n- 40 lines in total\n", {2, 3}),
        (f"## {A} (58 lines)\nnothing to exclude\n## {B}\n- 5\n", set()),
    ],
)
def test_excluded_md_is_read_tolerantly(text: str, lines: set[int]) -> None:
    assert read_excluded(text, [A, B]).get(A, set()) == lines
