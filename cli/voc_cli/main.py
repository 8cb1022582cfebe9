"""The ``voc`` command: analyze, score, and the sub-commands other modules add."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from voc_cli._common import err_console, progress_display, resolve_output, user_errors

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
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: next to the input).")]
TextColOpt = Annotated[list[str] | None, typer.Option("--text-col", help="Free-text column (repeatable); detected if omitted.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")]
BackendOpt = Annotated[str | None, typer.Option("--sentiment-backend", help="Sentiment backend by name (see voc --about).")]


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


def _scoring_options(sentiment_backend: str | None) -> dict:
    options: dict = {}
    if sentiment_backend:
        options["sentiment_backend"] = sentiment_backend
    return options


@app.command()
def analyze(
    input: InputArg,
    out: OutOpt = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="xlsx, html, csv, jsonl or parquet (default from --out, else xlsx).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet name or 0-based index (default: the first).")] = None,
    text_col: TextColOpt = None,
    score_col: Annotated[list[str] | None, typer.Option("--score-col", help="Numeric score column (repeatable).")] = None,
    id_col: Annotated[str | None, typer.Option("--id-col", help="Respondent/ticket id column.")] = None,
    segment_col: Annotated[list[str] | None, typer.Option("--segment-col", help="Segment column (repeatable).")] = None,
    date_col: Annotated[str | None, typer.Option("--date-col", help="Date column for trends.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Workbook/report language: zh or en.")] = "zh",
    sentiment_backend: BackendOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Analyse a survey file and write the workbook (or the format asked for)."""
    import time

    with user_errors(debug):
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
                progress=progress,
                **_scoring_options(sentiment_backend),
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


@app.command()
def score(
    input: Annotated[str, typer.Argument(help="Survey table, or - to read one text per line from stdin.", show_default=False)],
    out: OutOpt = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = None,
    text_col: TextColOpt = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Worksheet name or index.")] = None,
    sentiment_backend: BackendOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Score each comment (sentiment, emotion, pain points, flags): no topics, no survey join."""
    with user_errors(debug):
        from voc.errors import InputError
        from voc.io.writers import write_table
        from voc.pipeline.analyze import long_comments, load_frame
        from voc.io.detect import detect_columns
        from voc.pipeline.scorer import Scorer

        scorer = Scorer(**_scoring_options(sentiment_backend))
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


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
