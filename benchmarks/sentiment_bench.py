"""Sentiment benchmark: accuracy, macro-F1, AUC and throughput of every backend, SnowNLP included.

Reads the evaluation sets in ``../shared/data`` (never used for training) and writes its section
of ``benchmarks/RESULTS.md`` between ``<!-- sentiment:start -->`` and ``<!-- sentiment:end -->``.

    python benchmarks/sentiment_bench.py                 # full run (SnowNLP on every comment)
    python benchmarks/sentiment_bench.py --quick         # 1,000 comments per set, for iterating
    python benchmarks/sentiment_bench.py --transformer DIR   # also a local HF model

Accuracy and F1 count a comment as positive when its polarity is > 0 (the binary sets have no
neutral class). Throughput is ``backend.score`` on already preprocessed comments, the same work
for every backend, timed in this run; preprocessing (normalise, mask, split) is timed apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from voc.sentiment import resolve_backend
from voc.text import preprocess

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parent.parent / "shared" / "data"
SETS = {
    "ChnSentiCorp": "chnsenticorp_htl_all.csv",
    "waimai_10k": "waimai_10k.csv",
    "shop_aftersales": "shop_aftersales_dev.csv",
}
BACKENDS = ("ensemble", "linear", "lexicon", "snownlp")
START, END = "<!-- sentiment:start -->", "<!-- sentiment:end -->"


def load(name: str, limit: int | None) -> tuple[list[str], np.ndarray]:
    frame = pd.read_csv(DATA / SETS[name], encoding="utf-8-sig").dropna(subset=["review"])
    if limit and len(frame) > limit:
        frame = frame.sample(n=limit, random_state=0)
    return frame["review"].astype(str).tolist(), frame["label"].astype(int).to_numpy()


def metrics(labels: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    predicted = (scores > 0).astype(int)
    return {
        "accuracy": float(accuracy_score(labels, predicted)),
        "macro_f1": float(f1_score(labels, predicted, average="macro")),
        "auc": float(roc_auc_score(labels, scores)),
    }


def load_cost(backend: str, runs: int = 3) -> dict[str, float]:
    """Median load time and peak memory of fresh processes that load ``backend`` and score one comment.

    ``load_s`` counts from before ``import voc`` (imports included) to the first comment scored.
    """
    # VmHWM (peak resident memory) of the child itself; ru_maxrss would include the parent's at fork.
    code = (
        "import time; t=time.perf_counter();"
        "from voc.sentiment import resolve_backend; from voc.text import preprocess;"
        f"b=resolve_backend({backend!r}); b.score([preprocess('师傅很专业')]);"
        "hwm=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1];"
        "print(time.perf_counter()-t, int(hwm)/1024)"
    )
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        samples.append((float(out[0]), float(out[1])))
    return {
        "load_s": float(np.median([s[0] for s in samples])),
        "rss_mb": max(s[1] for s in samples),
    }


class SnowNLPDocumentOnly:
    """SnowNLP's document score alone (no clause scores): the most favourable baseline speed."""

    name = "snownlp-doc"

    def score(self, docs: list) -> list[float]:
        from snownlp import SnowNLP

        return [SnowNLP(d.text).sentiments for d in docs if not d.is_empty]


def interleaved_speed(backends: list, docs: list, rounds: int = 3) -> dict[str, float]:
    """Comments/s of each backend on the same comments, alternating backends chunk by chunk so that
    the load of a shared machine falls on all of them alike."""
    spent = dict.fromkeys(backends, 0.0)
    chunks = [docs[i::rounds] for i in range(rounds)]
    for chunk in chunks:
        for name in backends:
            backend = SnowNLPDocumentOnly() if name == "snownlp-doc" else resolve_backend(name)
            backend.score(chunk[:2])
            started = time.perf_counter()
            backend.score(chunk)
            spent[name] += time.perf_counter() - started
    return {name: len(docs) / seconds for name, seconds in spent.items()}


def batch_equals_single(backend_name: str, docs: list) -> bool:
    backend = resolve_backend(backend_name)
    batched = [round(r.score, 4) for r in backend.score(docs)]
    single = [round(backend.score([d])[0].score, 4) for d in docs]
    chunked = [
        round(r.score, 4)
        for start in range(0, len(docs), 7)
        for r in backend.score(docs[start : start + 7])
    ]
    return batched == single == chunked


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 comments per set")
    parser.add_argument(
        "--snownlp-limit",
        type=int,
        default=0,
        help="score SnowNLP on at most N comments per set (0: all)",
    )
    parser.add_argument(
        "--transformer", type=Path, help="a local HF sequence-classification model to add"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only, leave RESULTS.md alone"
    )
    args = parser.parse_args()
    limit = 1000 if args.quick else None
    backends = list(BACKENDS) + (["transformer"] if args.transformer else [])

    rows: list[dict[str, object]] = []
    speed: dict[str, list[tuple[int, float]]] = {b: [] for b in backends}
    prep: list[tuple[int, float]] = []
    for set_name in SETS:
        texts, labels = load(set_name, limit)
        started = time.perf_counter()
        docs = [preprocess(t) for t in texts]
        prep.append((len(docs), time.perf_counter() - started))
        for name in backends:
            backend = resolve_backend(name, args.transformer if name == "transformer" else None)
            backend.score(docs[:2])  # load models before timing
            idx = list(range(len(docs)))
            if name == "snownlp" and args.snownlp_limit and len(idx) > args.snownlp_limit:
                idx = sorted(random.Random(0).sample(idx, args.snownlp_limit))
            subset = [docs[i] for i in idx]
            started = time.perf_counter()
            results = backend.score(subset)
            elapsed = time.perf_counter() - started
            speed[name].append((len(subset), elapsed))
            scores = np.array([0.0 if np.isnan(r.score) else r.score for r in results])
            row = {
                "set": set_name,
                "backend": name,
                "n": len(subset),
                **metrics(labels[idx], scores),
                "per_s": len(subset) / elapsed,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)

    table = pd.DataFrame(rows)
    # Same comments for every backend: 300 per set, alternated (see interleaved_speed).
    speed_docs = [preprocess(t) for name in SETS for t in load(name, 300)[0]]
    throughput = interleaved_speed(
        [b for b in backends if b != "transformer"] + ["snownlp-doc"], speed_docs
    )
    if "transformer" in backends:
        throughput["transformer"] = sum(n for n, _ in speed["transformer"]) / sum(
            t for _, t in speed["transformer"]
        )
    snow = throughput["snownlp"]
    sample = [preprocess(t) for t in load("shop_aftersales", 300)[0]]
    costs = {b: load_cost(b) for b in ("ensemble", "linear", "lexicon")}
    identical = {b: batch_equals_single(b, sample) for b in ("ensemble", "linear", "lexicon")}
    preprocess_rate = sum(n for n, _ in prep) / sum(t for _, t in prep)

    lines = [
        START,
        "## Sentiment",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()} (shared with other jobs).",
        f"Command: `python benchmarks/sentiment_bench.py{' --quick' if args.quick else ''}"
        f"{f' --snownlp-limit {args.snownlp_limit}' if args.snownlp_limit else ''}`. "
        "Positive = polarity > 0. None of these sets is used for training.",
        "",
        "| backend | "
        + " | ".join(f"{s} acc / F1 / AUC" for s in SETS)
        + " | comments/s | × SnowNLP backend | × SnowNLP document-only |",
        "|---|" + "---|" * len(SETS) + "---|---|---|",
    ]
    for name in backends:
        cells = []
        for set_name in SETS:
            r = table[(table.backend == name) & (table.set == set_name)].iloc[0]
            sub = "" if r["n"] == len(load(set_name, limit)[1]) else f" (n={r['n']})"
            cells.append(f"{r['accuracy']:.3f} / {r['macro_f1']:.3f} / {r['auc']:.3f}{sub}")
        default = " (default)" if name == "ensemble" else ""
        lines.append(
            f"| {name}{default} | "
            + " | ".join(cells)
            + f" | {throughput[name]:,.0f} | {throughput[name] / snow:.1f}× | {throughput[name] / throughput['snownlp-doc']:.1f}× |"
        )
    lines += [
        "",
        f"- × SnowNLP: against voc's `snownlp` backend (which also scores each clause) and against SnowNLP's "
        f"document score alone ({throughput['snownlp-doc']:,.0f} comments/s), the fairer baseline.\n"
        f"- Throughput: `backend.score` on the same {len(speed_docs)} preprocessed comments (300 drawn from each "
        "set), backends alternated chunk by chunk in one process so the load of the shared machine falls on all alike. "
        f"Preprocessing (normalise, PII mask, clauses), done once per comment for every stage, runs at "
        f"{preprocess_rate:,.0f} comments/s on its own. Rates over each whole set, same run: "
        + "; ".join(
            f"{s_name} "
            + ", ".join(
                f"{r['backend']} {r['per_s']:,.0f}/s"
                for _, r in table[table.set == s_name].iterrows()
            )
            for s_name in SETS
        )
        + ".",
        "- Load (fresh process, from `import voc` to the first comment scored; median of 3) and peak memory: "
        + "; ".join(f"{b} {c['load_s']:.2f} s, {c['rss_mb']:.0f} MB" for b, c in costs.items())
        + ".",
        "- Identical scores one at a time, in one batch and in chunks of 7 (300 comments): "
        + ", ".join(f"{b} {'yes' if ok else 'NO'}" for b, ok in identical.items())
        + ".",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if args.no_write:
        return
    results = ROOT / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text, encoding="utf-8")
    print(f"wrote {results}")


if __name__ == "__main__":
    main()
