"""Topic benchmarks: run time, outliers, NPMI coherence and diversity on real Chinese reviews.

Data (evaluation only, never shipped): ``shop_aftersales_dev.csv`` (1,263 after-sales reviews) and
``waimai_10k.csv`` (11,987 food-delivery reviews, the 10,000+ volume run) from ``../shared/data``.
Comments are scored first (``voc.score``: clause sentiment decides what is a complaint), then
:class:`voc.topics.TopicModeler` is fitted; only the fit is the "topic run time".

Usage: python benchmarks/topics_bench.py [--data DIR] [--sets dev,waimai] [--no-write]
Writes its section of benchmarks/RESULTS.md between ``<!-- topics:start -->`` and ``<!-- topics:end -->``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
SETS = {"dev": "shop_aftersales_dev.csv", "waimai": "waimai_10k.csv"}
TOP_N = 10


def score_unique(texts: list[str]) -> tuple[pd.DataFrame, float]:
    """``voc.score`` each distinct text once (scoring is per comment, so duplicates share a result)."""
    import voc

    unique = list(dict.fromkeys(texts))
    started = time.perf_counter()
    scored = voc.score(unique)
    elapsed = time.perf_counter() - started
    position = {t: i for i, t in enumerate(unique)}
    return scored.iloc[[position[t] for t in texts]].reset_index(drop=True), elapsed


def npmi(topics: list[list[str]], docs: list[set[str]]) -> float:
    """Mean NPMI of word pairs within each topic's top words, documents as co-occurrence windows."""
    n = len(docs)
    vocabulary = {w for words in topics for w in words}
    index: dict[str, set[int]] = {w: set() for w in vocabulary}
    for d, words in enumerate(docs):
        for w in words & vocabulary:
            index[w].add(d)
    scores = []
    for words in topics:
        pairs = []
        for a, b in itertools.combinations(words, 2):
            pa, pb, pab = len(index[a]) / n, len(index[b]) / n, len(index[a] & index[b]) / n
            if pa == 0 or pb == 0:
                continue
            pairs.append(-1.0 if pab == 0 else (1.0 if pab == 1 else math.log(pab / (pa * pb)) / -math.log(pab)))
        if pairs:
            scores.append(float(np.mean(pairs)))
    return float(np.mean(scores)) if scores else float("nan")


def diversity(topics: list[list[str]]) -> float:
    """Share of unique words among all topics' top words (1.0: no word shared by two topics)."""
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words) if words else float("nan")


def run_set(name: str, path: Path, seed: int) -> dict[str, Any]:
    from voc.text import preprocess
    from voc.topics import TopicModeler
    from voc.topics._words import is_label_word, topic_words

    frame = pd.read_csv(path, encoding="utf-8-sig")
    texts = [str(t) for t in frame["review"].fillna("")]
    scored, score_s = score_unique(texts)
    clause_scores = [json.loads(v) if isinstance(v, str) and v else None for v in scored["sentiment_clauses"]]
    docs_in = [preprocess(t) for t in scored["text"]]  # voc.analyze hands the topic step preprocessed docs
    started = time.perf_counter()
    model = TopicModeler(random_state=seed).fit(docs_in, clause_scores=clause_scores, sentiments=scored["sentiment"].tolist())
    fit_s = time.perf_counter() - started
    a = model.assignment_
    issue_units = np.array([p == "issue" for p in a.units.pool])
    issue_comments = np.zeros(len(texts), dtype=bool)
    issue_comments[a.units.comment[issue_units]] = True
    top = [[w for w in t.words[:TOP_N]] for t in model.topics_]
    docs = [set(topic_words(t)) for t in scored["text"]]
    # "其他" (other) opens the label of a mixed topic; every other label word must be a real word.
    labels_ok = all(all(w == "其他" or is_label_word(w) for w in t.label.split(" [")[0].split("、")) for t in model.topics_)
    sizes = pd.Series(a.topic_ids).value_counts()
    mixed = [t.topic_id for t in model.topics_ if t.mixed]
    return {
        "set": name,
        "comments": len(texts),
        "clauses": len(a.units),
        "issue_clauses": int(issue_units.sum()),
        "score_s": round(score_s, 1),
        "fit_s": round(fit_s, 1),
        "topics_issue": sum(t.kind == "issue" for t in model.topics_),
        "topics_praise": sum(t.kind == "praise" for t in model.topics_),
        "outliers_comments": round(float((a.topic_ids < 0).mean()), 4),
        "outliers_complaints": round(float((a.topic_ids[issue_comments] < 0).mean()), 4) if issue_comments.any() else float("nan"),
        "outliers_clauses": round(float((a.unit_topics < 0).mean()), 4),
        "mixed_share": round(float(np.isin(a.topic_ids, mixed).mean()), 4),
        "npmi": round(npmi(top, docs), 4),
        "diversity": round(diversity(top), 4),
        "labels_real_words": labels_ok,
        "top": sorted(((t.label, int(sizes.get(t.topic_id, 0))) for t in model.topics_ if t.kind == "issue"), key=lambda p: -p[1])[:12],
        "codes": sum(bool(t.code) for t in model.topics_ if t.kind == "issue"),
    }


def numba_warmup() -> float:
    """Time the once-per-process cost: importing BERTopic/UMAP and numba-compiling UMAP on tiny data."""
    from voc.topics._model import _import_topic_libraries
    from voc.topics._reduce import PrecomputedCosineUMAP

    started = time.perf_counter()
    _import_topic_libraries()
    vectors = np.random.default_rng(0).random((60, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    PrecomputedCosineUMAP(n_neighbors=5, n_components=2, random_state=0, n_jobs=1).fit(vectors)
    return time.perf_counter() - started


def render(rows: list[dict[str, Any]], warmup: float, command: str) -> str:
    lines = [
        "## Topics (BERTopic over complaint clauses)",
        "",
        f"`{command}` — load average at the end {os.getloadavg()[0]:.1f} (other engineers' jobs share the cores). "
        f"Once per process: importing BERTopic/UMAP + numba JIT {warmup:.1f} s, not included in the fit times below "
        "(a cold `voc analyze` pays it once).",
        "",
        "| set | comments | clauses clustered (complaint) | topics issue/praise | scoring s | **topic fit s** | outliers: comments / complaint comments / clauses | in 其他 (mixed) topics | NPMI | diversity | labels real words |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['set']} | {r['comments']:,} | {r['clauses']:,} ({r['issue_clauses']:,}) | {r['topics_issue']}/{r['topics_praise']} | "
            f"{r['score_s']} | **{r['fit_s']}** | {r['outliers_comments']:.1%} / {r['outliers_complaints']:.1%} / {r['outliers_clauses']:.1%} | {r['mixed_share']:.1%} | "
            f"{r['npmi']:.3f} | {r['diversity']:.2f} | {'yes' if r['labels_real_words'] else 'NO'} |"
        )
    lines += [
        "",
        "Targets: 10,000+ comments in < 120 s, outliers ≤ 20 % after reduction, labels made of real words. "
        "Topic fit = embeddings (TF-IDF→SVD, offline) + guided BERTopic (UMAP + HDBSCAN, ≤ 4,000 clauses per pool; "
        "the rest placed by centroid similarity) + outlier reduction + c-TF-IDF words. NPMI over the jieba-tokenised "
        "comments (document co-occurrence, top 10 words per topic); diversity = unique share of all topics' top-10 words.",
        "",
    ]
    for r in rows:
        lines.append(f"Largest complaint topics, {r['set']} ({r['codes']} of {r['topics_issue']} matched to a taxonomy code): " + "; ".join(f"{label} ({n})" for label, n in r["top"]))
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("VOC_EVAL_DATA", DEFAULT_DATA)))
    parser.add_argument("--sets", default="dev,waimai")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    warmup = numba_warmup()
    rows = []
    for name in args.sets.split(","):
        row = run_set(name, args.data / SETS[name], args.seed)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    command = "python benchmarks/topics_bench.py" + (f" --sets {args.sets}" if args.sets != "dev,waimai" else "")
    section = render(rows, warmup, command)
    print(section)
    if not args.no_write:
        from _results import write_section  # the shared writer: replaces only the topics section

        write_section("topics", section)


if __name__ == "__main__":
    main()
