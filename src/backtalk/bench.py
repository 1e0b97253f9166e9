"""`backtalk bench`: reply latency, scale, start-up, load time, memory, and peers side by side.

Speed is measured here, never asserted in tests. Figures are medians/percentiles over
several runs on this machine; compare ratios, not absolute numbers, across machines.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

from backtalk.bot import Bot
from backtalk.knowledge.model import Exercise, KnowledgeBase

# A fixed mix: red flags, traps, topics, browse, follow-ups, small talk, nonsense.
MESSAGES = (
    "i cant feel it when i wipe",
    "my bum and inner thighs are numb",
    "I wet myself and my back hurts",
    "fell off a ladder and my back is agony",
    "I have a fever and had back surgery last month",
    "I had breast cancer and now my back aches",
    "no numbness down there and peeing is fine",
    "what are the signs of cauda equina?",
    "my mum can't feel her legs",
    "my foot went numb from sitting cross legged",
    "my legs are killing me after the gym",
    "how do I do pigeon pose",
    "how do i do a glute bridge",
    "stretches for sciatica",
    "strengthening exercises for my hips",
    "what is piriformis syndrome",
    "tell me about spinal stenosis",
    "slipped disc",
    "hip flexor stretch",
    "when should I see a doctor",
    "hello",
    "thanks",
    "what's the weather like",
    "asdf qwer zxcv",
    "I feel numb",
    "",
)
BASELINE_RED = (
    "numb",
    "bladder",
    "bowel",
    "pee",
    "wee",
    "incontinen",
    "fever",
    "cancer",
    "accident",
    "fell",
    "fall",
    "weak",
    "wipe",
    "groin",
    "saddle",
)


def percentiles(samples_ns: Sequence[int]) -> dict[str, float]:
    s = sorted(samples_ns)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))] / 1e6  # noqa: E731
    return {
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "mean_ms": statistics.fmean(s) / 1e6,
        "n": len(s),
    }


def time_replies(
    answer: Callable[[str], Any], messages: Sequence[str], rounds: int
) -> dict[str, float]:
    for m in messages:  # warm-up
        answer(m)
    samples = []
    for _ in range(rounds):
        for m in messages:
            t = time.perf_counter_ns()
            answer(m)
            samples.append(time.perf_counter_ns() - t)
    return percentiles(samples)


def synthetic(kb: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """The default knowledge plus generated exercises up to `size` topics."""
    rng = random.Random(seed)
    words = sorted(
        {
            w
            for t in kb.topics
            for w in (t.name + " " + " ".join(t.aliases)).lower().split()
            if w.isalpha() and len(w) > 3
        }
    ) or ["hip", "back", "glute", "knee", "lunge"]
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "zu", "pel", "dar", "sin", "tor", "bri"]
    base = list(kb.exercises.values()) or [
        Exercise(
            id="template",
            name="template",
            aliases=(),
            goal="stretch",
            areas=("hip",),
            summary="A generated exercise.",
            steps=("Move gently.",),
            dosage=None,
            cautions=(),
            conditions=(),
            citations=(),
        )
    ]
    extra: dict[str, Exercise] = dict(kb.exercises)
    n = 0
    while len(extra) + len(kb.conditions) < size:
        n += 1
        made = "".join(rng.choice(syllables) for _ in range(3))
        tmpl = base[n % len(base)]
        name = f"{made} {rng.choice(words)} {rng.choice(['stretch', 'pose', 'lift', 'hold'])}"
        ident = f"synthetic-{n}"
        aliases = (f"{made} {rng.choice(words)}", f"{rng.choice(words)} {made}")
        extra[ident] = dataclasses.replace(tmpl, id=ident, name=name, aliases=aliases)
    return dataclasses.replace(kb, exercises=extra)


def naive_baseline(kb: KnowledgeBase) -> Callable[[str], Any]:
    """What a quick script would do: keyword red flags, difflib over names and aliases."""
    choices: dict[str, str] = {}
    for t in kb.topics:
        for a in (t.name, *t.aliases):
            choices[a.lower()] = t.id
    keys = list(choices)

    def answer(text: str) -> Any:
        low = text.lower()
        if any(k in low for k in BASELINE_RED):
            return "emergency"
        hit = difflib.get_close_matches(low, keys, n=1, cutoff=0.4)
        return choices[hit[0]] if hit else None

    return answer


def chatterbot_peer(
    kb: KnowledgeBase, pairs: int | None = None
) -> tuple[Callable[[str], Any], int] | None:
    """ChatterBot (read-only, SQLite, lowercase tagger) trained on the same question->answer pairs."""
    try:
        from chatterbot import ChatBot
        from chatterbot.tagging import LowercaseTagger
        from chatterbot.trainers import ListTrainer
    except Exception:
        return None
    folder = tempfile.mkdtemp(prefix="backtalk-bench-")
    peer = ChatBot(
        "peer",
        storage_adapter="chatterbot.storage.SQLStorageAdapter",
        database_uri=f"sqlite:///{os.path.join(folder, 'db.sqlite3')}",
        tagger=LowercaseTagger,
        read_only=True,
    )
    trainer = ListTrainer(peer, show_training_progress=False)
    qa = [(q, t.summary) for t in kb.topics for q in (t.name, *t.aliases)]
    if pairs is not None:
        qa = qa[:pairs]
    for q, a in qa:
        trainer.train([q, a])
    return (lambda text: peer.get_response(text or "?")), len(qa)


def cold_start(runs: int) -> dict[str, float]:
    def run(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - t

    ask = [sys.executable, "-m", "backtalk", "ask", "--json", "hello"]
    bare = [sys.executable, "-c", "pass"]
    run(ask)  # makes sure the knowledge snapshot exists
    asks = [run(ask) for _ in range(runs)]
    bares = [run(bare) for _ in range(runs)]
    env = dict(os.environ, BACKTALK_NO_CACHE="1")
    t = []
    for _ in range(max(1, runs // 2)):
        t0 = time.perf_counter()
        subprocess.run(
            ask, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        t.append(time.perf_counter() - t0)
    return {
        "ask_ms": statistics.median(asks) * 1000,
        "bare_python_ms": statistics.median(bares) * 1000,
        "beyond_python_ms": (statistics.median(asks) - statistics.median(bares)) * 1000,
        "ask_no_snapshot_ms": statistics.median(t) * 1000,
    }


def rss_mib() -> float:
    """Peak RSS of a fresh CLI-like process: VmHWM belongs to the new process image, unlike
    ru_maxrss, which a child inherits from a large parent across exec."""
    code = (
        "import backtalk; b = backtalk.load(); b.reply('how do I do pigeon pose'); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    try:
        return int(out.stdout.strip()) / 1024
    except ValueError:
        return float("nan")


def load_time(runs: int) -> dict[str, float]:
    """Load + validate in a fresh process each time (imports excluded): with the compiled
    patterns kept from an earlier run (rxcache), as a user has it after the first start, and
    with nothing kept (BACKTALK_NO_CACHE=1), every pattern parsed and compiled."""
    code = (
        "import time, yaml, jsonschema, rapidfuzz.process, backtalk.knowledge.loader as L; "
        "import backtalk.knowledge.schemas as S; S._validator('exercises'); "
        "t = time.perf_counter(); L.load_knowledge(); print(time.perf_counter() - t)"
    )

    def once(env: dict[str, str]) -> float | None:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        try:
            return float(out.stdout.strip())
        except ValueError:
            return None

    def median_ms(samples: list[float | None]) -> float:
        got = [x for x in samples if x is not None]
        return statistics.median(got) * 1000 if got else float("nan")

    warm_env = {k: v for k, v in os.environ.items() if k != "BACKTALK_NO_CACHE"}
    cold_env = dict(os.environ, BACKTALK_NO_CACHE="1")
    once(warm_env)  # keeps the compiled patterns
    warm, cold = [], []
    for _ in range(runs):  # alternated, so a busy moment hurts both alike
        warm.append(once(warm_env))
        cold.append(once(cold_env))
    return {"load_validate_ms": median_ms(warm), "load_validate_cold_ms": median_ms(cold)}


def run_bench(
    quick: bool = False, progress: Callable[[str], None] = lambda s: None
) -> dict[str, Any]:
    import backtalk

    rounds = 20 if quick else 100
    bot = backtalk.load(use_cache=False)
    results: dict[str, Any] = {"messages": len(MESSAGES), "rounds": rounds}
    progress("reply latency (default knowledge)")
    results["reply"] = time_replies(bot.reply, MESSAGES, rounds)
    results["reply"]["topics"] = len(bot.kb.topics)
    scale = {}
    for size in (1_000, 10_000):
        progress(f"reply latency at {size:,} entries")
        big = Bot(synthetic(bot.kb, size))
        scale[str(size)] = time_replies(big.reply, MESSAGES, max(5, rounds // 5))
    results["scale"] = scale
    progress("naive baseline (difflib + keywords)")
    results["naive"] = time_replies(naive_baseline(bot.kb), MESSAGES, rounds)
    progress("ChatterBot peer (if installed)")
    peer = chatterbot_peer(bot.kb)
    if peer is not None:
        fn, pairs = peer
        results["chatterbot"] = time_replies(fn, MESSAGES, max(2, rounds // 20))
        results["chatterbot"]["pairs"] = pairs
    progress("knowledge load + validate")
    results["load"] = load_time(5 if quick else 15)
    progress("cold start of `backtalk ask`")
    results["cold_start"] = cold_start(5 if quick else 11)
    progress("memory")
    results["rss_mib"] = rss_mib()
    return results


def render(r: dict[str, Any]) -> str:
    rows = [("what", "p50 ms", "p95 ms", "p99 ms", "budget")]
    rep = r["reply"]
    rows.append(
        (
            f"reply, default knowledge ({rep['topics']} topics)",
            f"{rep['p50_ms']:.3f}",
            f"{rep['p95_ms']:.3f}",
            f"{rep['p99_ms']:.3f}",
            "p99 <= 2 ms (goal 0.5)",
        )
    )
    for size, s in r["scale"].items():
        rows.append(
            (
                f"reply, {int(size):,} entries",
                f"{s['p50_ms']:.3f}",
                f"{s['p95_ms']:.3f}",
                f"{s['p99_ms']:.3f}",
                "p99 <= 20 ms" if size == "10000" else "",
            )
        )
    n = r["naive"]
    rows.append(
        (
            "naive baseline: difflib + keywords",
            f"{n['p50_ms']:.3f}",
            f"{n['p95_ms']:.3f}",
            f"{n['p99_ms']:.3f}",
            "",
        )
    )
    if "chatterbot" in r:
        c = r["chatterbot"]
        rows.append(
            (
                f"ChatterBot 1.2, read-only, {c['pairs']} pairs",
                f"{c['p50_ms']:.1f}",
                f"{c['p95_ms']:.1f}",
                f"{c['p99_ms']:.1f}",
                "",
            )
        )
    width = [max(len(str(row[i])) for row in rows) for i in range(5)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, width, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in width))
    cs = r["cold_start"]
    lines += [
        "",
        f"ask cold start: {cs['ask_ms']:.0f} ms ({cs['beyond_python_ms']:.0f} ms beyond a bare "
        f"python -c pass at {cs['bare_python_ms']:.0f} ms; budget <= 250 ms); "
        f"with nothing kept (BACKTALK_NO_CACHE=1): {cs['ask_no_snapshot_ms']:.0f} ms",
        f"knowledge load + validate (in process): {r['load']['load_validate_ms']:.0f} ms "
        f"(budget <= 150 ms); with no compiled patterns kept: "
        f"{r['load']['load_validate_cold_ms']:.0f} ms",
        f"memory, CLI process after one reply: {r['rss_mib']:.1f} MiB RSS (budget <= 60 MiB)",
    ]
    ratio_naive = n["mean_ms"] / max(rep["mean_ms"], 1e-9)
    lines.append(
        f"mean reply: {ratio_naive:.1f}x {'faster' if ratio_naive >= 1 else 'slower'} than the "
        "naive baseline (baseline mean / backtalk mean)"
        if ratio_naive >= 1
        else f"mean reply: {1 / ratio_naive:.1f}x slower than the naive baseline"
    )
    if "chatterbot" in r:
        lines.append(
            f"mean reply: {r['chatterbot']['mean_ms'] / rep['mean_ms']:.0f}x faster than ChatterBot "
            "(ChatterBot mean / backtalk mean)"
        )
    else:
        lines.append("ChatterBot not installed: pip install -e '.[bench]' to compare with it")
    return "\n".join(lines)


def cli_bench(args: argparse.Namespace) -> int:
    def progress(step: str) -> None:
        print(f"… {step}", file=sys.stderr, flush=True)

    results = run_bench(quick=args.quick, progress=progress)
    print(json.dumps(results, indent=2) if args.json else render(results))
    return 0
