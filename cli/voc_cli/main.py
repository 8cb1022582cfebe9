"""The ``voc`` command: analyze, score, and the sub-commands other modules add."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from voc_cli._common import err_console, progress_display, resolve_output, user_errors
from voc_cli.review import review_app
from voc_cli.train import train_app

app = typer.Typer(
    name="voc",
    help="Turn after-sales customer feedback into numbers: sentiment, pain points, flags, topics, drivers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ANALYZE_FORMATS = ("xlsx", "html", "csv", "jsonl", "parquet")
SCORE_FORMATS = ("csv", "jsonl", "parquet")

InputArg = Annotated[Path, typer.Argument(help="Survey table: .xlsx, .csv/.tsv, .jsonl or .parquet.", show_default=False)]
InputsArg = Annotated[
    list[Path],
    typer.Argument(help="Survey table, transcript files/folders (.txt/.md/.docx), ticket log, or voc-project.toml; several are joined on the customer id.", show_default=False),
]
KindOpt = Annotated[str | None, typer.Option("--kind", help="survey, transcript or tickets (default: detected per input).")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: next to the input).")]
TextColOpt = Annotated[list[str] | None, typer.Option("--text-col", help="Free-text column (repeatable); detected if omitted.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")]
BackendOpt = Annotated[str | None, typer.Option("--sentiment-backend", help="Sentiment backend by name (see voc --about).")]
SentimentModelOpt = Annotated[Path | None, typer.Option("--sentiment-model", exists=True, file_okay=False, help="Sentiment model directory from 'voc train sentiment' (or a local HF model for --sentiment-backend transformer).")]
TaxonomyOpt = Annotated[
    Path | None,
    typer.Option("--taxonomy", exists=True, dir_okay=False, help="Pain-point taxonomy TOML (default: voc's; format in corpora/taxonomy/README.md)."),
]
PainPointModelOpt = Annotated[
    str | None,
    typer.Option("--painpoint-model", help="Pain-point model directory from 'voc train painpoints', or 'none' for the rules alone (default: voc's model with voc's taxonomy)."),
]


def _about() -> None:
    from voc.about import about_text

    typer.echo(about_text())


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    about: Annotated[bool, typer.Option("--about", help="Version, models and lexicons with their licences.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
) -> None:
    """voc — voice of the customer for after-sales service."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if about:
        _about()
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _scoring_options(
    sentiment_backend: str | None, taxonomy: Path | None = None, sentiment_model: Path | None = None, painpoint_model: str | None = None
) -> dict:
    options: dict = {}
    if painpoint_model is not None:
        if painpoint_model.strip().lower() == "none":
            options["painpoint_model"] = None
        else:
            from voc.painpoints.model import PainPointModel

            PainPointModel.load(painpoint_model)  # validate now: a wrong directory is a usage error
            options["painpoint_model"] = painpoint_model
    if sentiment_backend:
        options["sentiment_backend"] = sentiment_backend
    if sentiment_model is not None:
        options["sentiment_model"] = str(sentiment_model)
    if taxonomy is not None:
        from voc.painpoints import load_taxonomy

        load_taxonomy(taxonomy)  # validate now: a malformed file is a usage error, not a crash mid-run
        options["taxonomy"] = str(taxonomy)
    return options


@app.command()
def analyze(
    input: InputsArg,
    out: OutOpt = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="xlsx, html, csv, jsonl or parquet (default from --out, else xlsx).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet name or 0-based index (default: the first).")] = None,
    text_col: TextColOpt = None,
    score_col: Annotated[list[str] | None, typer.Option("--score-col", help="Numeric score column (repeatable).")] = None,
    id_col: Annotated[str | None, typer.Option("--id-col", help="Respondent/ticket id column.")] = None,
    segment_col: Annotated[list[str] | None, typer.Option("--segment-col", help="Segment column (repeatable).")] = None,
    date_col: Annotated[str | None, typer.Option("--date-col", help="Date column for trends.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Workbook/report language: zh or en.")] = "zh",
    survey: Annotated[Path | None, typer.Option("--survey", exists=True, dir_okay=False, help="Survey config (TOML/YAML): score columns, scales, dimensions, weights, targets; format in corpora/survey/default.toml.")] = None,
    sentiment_backend: BackendOpt = None,
    sentiment_model: SentimentModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    painpoint_model: PainPointModelOpt = None,
    kind: KindOpt = None,
    customer_speaker: Annotated[list[str] | None, typer.Option("--customer-speaker", help="Transcript speaker label of the customer (repeatable); detected if omitted.")] = None,
    sla: Annotated[Path | None, typer.Option("--sla", exists=True, dir_okay=False, help="Ticket service-level thresholds TOML (default: corpora/tickets/sla.toml).")] = None,
    ticket_col: Annotated[list[str] | None, typer.Option("--ticket-col", help="Ticket column role, e.g. created=报修时间 (repeatable; roles: see voc.tickets.ROLES).")] = None,
    no_topics: Annotated[bool, typer.Option("--no-topics", help="Skip topic modelling.")] = False,
    topic_model: Annotated[Path | None, typer.Option("--topic-model", exists=True, file_okay=False, help="Reuse a topic model saved from an earlier wave: topics keep ids and labels; complaints it cannot place are reported.")] = None,
    save_topic_model: Annotated[Path | None, typer.Option("--save-topic-model", file_okay=False, help="Save this run's topic model to DIR for reuse with --topic-model.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed of the topic model (default 42).")] = None,
    debug: DebugOpt = False,
) -> None:
    """Analyse a survey file and write the workbook (or the format asked for).

    Also takes interview transcripts (.txt/.md/.docx or a folder) and ticket logs; several inputs,
    or a voc-project.toml listing them, are analysed together and joined on the customer id.
    """
    import time

    with user_errors(debug):
        inputs, input = input, input[0]
        if _is_multi_source(inputs, kind):
            survey_options = {
                "text_cols": text_col, "score_cols": score_col, "id_col": id_col, "segment_cols": segment_col, "sheet": sheet,
                "date_col": date_col, "survey": survey, "topics": not no_topics, "topic_model": topic_model,
                "save_topic_model": save_topic_model, "seed": seed,
            }
            survey_options = {k: v for k, v in survey_options.items() if v is not None and v != []}
            _analyze_sources(inputs, kind, out, format, lang, survey_options, customer_speaker, sla, ticket_col, _scoring_options(sentiment_backend, taxonomy, sentiment_model, painpoint_model))
            return
        from voc.pipeline.analyze import analyze as run_analysis

        started = time.perf_counter()
        out_path, fmt = resolve_output(input, out, format, ANALYZE_FORMATS, ".voc")
        with progress_display(True) as progress:
            result = run_analysis(
                input,
                text_cols=text_col,
                score_cols=score_col,
                id_col=id_col,
                segment_cols=segment_col,
                sheet=sheet,
                date_col=date_col,
                survey=survey,
                progress=progress,
                topics=not no_topics,
                topic_model=topic_model,
                save_topic_model=save_topic_model,
                seed=seed,
                **_scoring_options(sentiment_backend, taxonomy, sentiment_model, painpoint_model),
            )
        cfg = result.config
        err_console.print(
            f"columns: text={', '.join(cfg['text_cols'])} | scores={', '.join(cfg['score_cols']) or '-'} | "
            f"id={cfg['id_col'] or '(row number)'} | segments={', '.join(cfg['segment_cols']) or '-'}"
            + (f" | date={cfg['date_col']}" if cfg.get("date_col") else ""),
            markup=False,
        )
        for note in result.notes:
            err_console.print(f"warning: {note}", markup=False)
        written = result.save(out_path, fmt=fmt, lang=lang)
        elapsed = time.perf_counter() - started
        typer.echo(f"wrote {written} ({len(result.comments)} comments, {elapsed:.1f} s)")
        if fmt == "xlsx":  # the HTML report goes beside the workbook
            typer.echo(f"wrote {result.save(out_path.with_suffix('.html'), fmt='html', lang=lang)}")


def _is_multi_source(inputs: list[Path], kind: str | None) -> bool:
    """True unless the run is one survey table (which keeps the single-survey path)."""
    if len(inputs) > 1 or kind not in (None, "survey"):
        return True
    if kind == "survey":
        return False
    from voc.errors import InputError
    from voc.pipeline.sources import detect_kind

    try:
        return detect_kind(inputs[0]) != "survey"
    except InputError:  # missing or unknown file: the survey reader says so, as it always did
        return False


def _analyze_sources(
    inputs: list[Path],
    kind: str | None,
    out: Path | None,
    format: str | None,
    lang: str,
    survey_options: dict,
    customer_speakers: list[str] | None,
    sla: Path | None,
    ticket_cols: list[str] | None,
    scoring: dict,
) -> None:
    """Transcripts, ticket logs, or several sources joined on the customer id."""
    import time

    from voc.errors import InputError
    from voc.pipeline.sources import analyze_sources, collect_sources

    started = time.perf_counter()
    roles = [item.partition("=") for item in ticket_cols or []]
    if any(not role or not sep or not column for role, sep, column in roles):
        raise InputError("--ticket-col expects ROLE=COLUMN, e.g. --ticket-col created=报修时间")
    sources = collect_sources(inputs, kind)
    out_path, fmt = resolve_output(inputs[0], out, format, ANALYZE_FORMATS, ".voc")
    for name in sources.kinds:
        paths = getattr(sources, name)
        err_console.print(f"{name}: {', '.join(str(p) for p in paths)}", markup=False)
    with progress_display(True) as progress:
        result = analyze_sources(
            sources,
            customer_col=survey_options.pop("id_col", None),
            customer_speakers=customer_speakers or None,
            sla=sla,
            ticket_columns={role.strip(): column.strip() for role, _, column in roles} or None,
            survey_options=survey_options,
            progress=progress,
            **scoring,
        )
    for note in result.notes:
        err_console.print(f"warning: {note}", markup=False)
    written = result.save(out_path, fmt=fmt, lang=lang)
    if fmt == "xlsx":  # the HTML report goes beside the workbook, as for a survey
        report = result.save(out_path.with_suffix(".html"), fmt="html", lang=lang)
        typer.echo(f"wrote {report}")
    elapsed = time.perf_counter() - started
    typer.echo(f"wrote {written} ({len(result.comments)} comments, {elapsed:.1f} s)")


@app.command()
def score(
    input: Annotated[str, typer.Argument(help="Survey table, or - to read one text per line from stdin.", show_default=False)],
    out: OutOpt = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = None,
    text_col: TextColOpt = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet name or index.")] = None,
    sentiment_backend: BackendOpt = None,
    sentiment_model: SentimentModelOpt = None,
    taxonomy: TaxonomyOpt = None,
    painpoint_model: PainPointModelOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Score each comment (sentiment, emotion, pain points, flags): no topics, no survey join."""
    with user_errors(debug):
        from voc.errors import InputError
        from voc.io.detect import detect_columns
        from voc.io.writers import write_table
        from voc.pipeline.analyze import load_frame, long_comments
        from voc.pipeline.scorer import Scorer

        scorer = Scorer(**_scoring_options(sentiment_backend, taxonomy, sentiment_model, painpoint_model))
        if input == "-":
            lines = [line.rstrip("\r\n") for line in sys.stdin]
            table = scorer.score(lines, source_col="stdin")
            if out is None:
                fmt = (format or "csv").lower()
                if fmt == "parquet":
                    raise InputError("parquet cannot go to stdout: give --out FILE")
                _write_stdout(table, fmt)
                return
            out_path, fmt = resolve_output(None, out, format, SCORE_FORMATS, ".scores")
        else:
            input_path = Path(input)
            out_path, fmt = resolve_output(input_path, out, format, SCORE_FORMATS, ".scores")
            frame = load_frame(input_path, sheet)
            spec = detect_columns(frame, text_cols=text_col or None, score_cols=[], segment_cols=[])
            err_console.print(f"columns: text={', '.join(spec.text_cols)} | id={spec.id_col or '(row number)'}", markup=False)
            long = long_comments(frame, spec)
            if long.empty:
                raise InputError(f"no comments to score: the text columns ({', '.join(spec.text_cols)}) are all blank")
            with progress_display(True) as progress:
                callback = (lambda d, t: progress("scoring comments", d, t)) if progress else None
                table = scorer.score(long["raw"].tolist(), ids=long["id"].tolist(), progress=callback)
            table["source_col"] = long["source_col"].to_numpy()
        write_table(table, out_path, fmt)
        typer.echo(f"wrote {out_path} ({len(table)} comments)")


def _write_stdout(table, fmt: str) -> None:  # type: ignore[no-untyped-def]
    import json

    if fmt == "csv":
        out = table.copy()
        out["escalate"] = out["escalate"].map({True: "true", False: "false"})
        out.to_csv(sys.stdout, index=False)
    elif fmt == "jsonl":
        for record in table.to_dict(orient="records"):
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    else:
        raise typer.BadParameter(f"unknown format {fmt}")


app.add_typer(review_app, name="review")
app.add_typer(train_app, name="train")


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
