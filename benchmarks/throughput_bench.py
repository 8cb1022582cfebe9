"""Throughput benchmark: text in → score out, against SnowNLP on the same raw comments, same run.

Issue 3 asks the default sentiment backend for ≥ 30× SnowNLP's throughput. The sentiment bench
times backends on already preprocessed comments; this one times what a user waits for, from the
raw text, so preprocessing (normalise, PII mask, clauses, language) counts:

- ``snownlp``: ``SnowNLP(text).sentiments`` on the raw text (its own preprocessing included);
- ``preprocess``: :func:`voc.text.preprocess` alone;
- ``preprocess+ensemble``: preprocess, then the default backend's ``score``;
- ``scorer``: the whole per-comment pipeline (:class:`voc.Scorer`: sentiment, emotion, pain
  points, flags, ECI), as ``voc.score`` runs it.

The methods are alternated chunk by chunk (``--rounds``) on the same comments, so the load of a
shared machine falls on all of them alike; quote the ratios, not the absolute rates. Time is this
process's CPU time by default (``--clock cpu``): on a machine shared with other jobs, wall time
also counts the time the process waits for a core. All four methods are single-threaded.

    python benchmarks/throughput_bench.py               # 600 reviews per set, writes RESULTS.md
    python benchmarks/throughput_bench.py --n 200 --no-write
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

import pandas as pd
from _results import SHARED_DATA, write_section

from voc.pipeline.scorer import Scorer
from voc.sentiment import resolve_backend
from voc.text import preprocess

SECTION = "throughput"
SETS = {
    "ChnSentiCorp": "chnsenticorp_htl_all.csv",
    "waimai_10k": "waimai_10k.csv",
    "shop_aftersales": "shop_aftersales_dev.csv",
}
METHODS = ("snownlp", "preprocess", "preprocess+ensemble", "scorer")
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def load(file_name: str, n: int, seed: int) -> list[str]:
    """A seeded sample of ``n`` non-blank reviews from one evaluation set."""
    frame = pd.read_csv(SHARED_DATA / file_name, encoding="utf-8-sig").dropna(subset=["review"])
    reviews = frame["review"].astype(str)
    reviews = reviews[reviews.str.strip() != ""]
    if len(reviews) > n:
        reviews = reviews.sample(n=n, random_state=seed)
    return reviews.tolist()


def methods() -> dict[str, Callable[[Sequence[str]], object]]:
    """Each timed method, built and warmed up (models and lexicons loaded) before any timing."""
    from snownlp import SnowNLP

    backend = resolve_backend("ensemble")
    scorer = Scorer()

    def snownlp(texts: Sequence[str]) -> object:
        return [SnowNLP(t).sentiments for t in texts]

    def preprocess_only(texts: Sequence[str]) -> object:
        return [preprocess(t) for t in texts]

    def preprocess_ensemble(texts: Sequence[str]) -> object:
        return backend.score([preprocess(t) for t in texts])

    table = {
        "snownlp": snownlp,
        "preprocess": preprocess_only,
        "preprocess+ensemble": preprocess_ensemble,
        "scorer": scorer.score,
    }
    for run in table.values():
        run(["师傅很专业，一次就修好了", "等了三周还没修好!"])
    return table


def interleaved(
    texts: Sequence[str],
    runs: dict[str, Callable[[Sequence[str]], object]],
    rounds: int,
    clock: Callable[[], float] = time.process_time,
) -> dict[str, float]:
    """Comments/s of each method on ``texts``, alternating methods chunk by chunk.

    Each method's rate is the median over the rounds, so that a burst of load from another job
    during one chunk does not decide the ratio.
    """
    per_round: dict[str, list[float]] = {name: [] for name in runs}
    for offset in range(rounds):
        chunk = texts[offset::rounds]
        for name, run in runs.items():
            started = clock()
            run(chunk)
            per_round[name].append(len(chunk) / (clock() - started))
    return {name: statistics.median(rates) for name, rates in per_round.items()}


def markdown(rates: dict[str, dict[str, float]], n: int, rounds: int, clock: str) -> str:
    """The results as a table: comments/s per set and overall, each with its ratio to SnowNLP."""
    columns = list(rates)
    lines = [
        "## Throughput: text in → score out",
        "",
        f"Command: `python benchmarks/throughput_bench.py --n {n} --rounds {rounds} --clock {clock}`. "
        f"{n} reviews per set, methods alternated in {rounds} rounds in one process; "
        f"comments per {clock} second, median over the rounds (× SnowNLP in the same run).",
        "",
        "| method | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for method in METHODS:
        cells = [
            f"{rates[c][method]:,.0f} ({rates[c][method] / rates[c]['snownlp']:.1f}×)"
            for c in columns
        ]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="reviews sampled per set")
    parser.add_argument("--rounds", type=int, default=5, help="chunks the methods alternate over")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--clock", choices=("cpu", "wall"), default="cpu", help="process CPU time or wall time"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only, leave RESULTS.md alone"
    )
    args = parser.parse_args()

    runs = methods()
    rates: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for set_name, file_name in SETS.items():
        texts = load(file_name, args.n, args.seed)
        counts[set_name] = len(texts)
        rates[set_name] = interleaved(texts, runs, args.rounds, CLOCKS[args.clock])
        print(set_name, {k: round(v) for k, v in rates[set_name].items()}, flush=True)
    # All sets together: the mean time per comment over the sets, weighted by their sizes.
    rates["all"] = {
        m: sum(counts.values()) / sum(counts[s] / rates[s][m] for s in counts) for m in METHODS
    }
    section = markdown(rates, args.n, args.rounds, args.clock)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
