"""``voc review``: the QA review queue — import flagged comments, serve the page, export decisions, manage reviewers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from voc_cli._common import err_console, user_errors

review_app = typer.Typer(
    help="QA review of flagged complaints: a persistent queue and a local web page.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
users_app = typer.Typer(help="Reviewer accounts (passwords are stored as salted scrypt hashes).", no_args_is_help=True)
review_app.add_typer(users_app, name="users")

DEFAULT_DB = "voc-review.db"
DbOpt = Annotated[str, typer.Option("--db", help="Review store: a SQLite file, or a SQLAlchemy URL (postgresql+psycopg://…).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")]


def _open(db: str, create: bool):  # type: ignore[no-untyped-def]
    from voc.review.store import ReviewStore

    return ReviewStore(db, create=create)


@review_app.command("import")
def import_(
    result: Annotated[Path, typer.Argument(help="A `voc analyze` result: workbook, .parquet/.jsonl/.csv, or a result directory.", show_default=False)],
    db: DbOpt = DEFAULT_DB,
    all_: Annotated[bool, typer.Option("--all", help="Import every comment, not only the flagged ones.")] = False,
    survey: Annotated[Path | None, typer.Option("--survey", help="The original survey file, for scores and other answers (default: the run's recorded input).")] = None,
    flag_model: Annotated[Path | None, typer.Option("--flag-model", help="A model from `voc train flags`: ranks items by the learned probability of a real complaint.")] = None,
    debug: DebugOpt = False,
) -> None:
    """Add flagged comments (escalate, severity ≥ 2, score/text mismatch) to the queue; re-importing adds nothing twice."""
    with user_errors(debug):
        from voc.review.importer import import_result

        with _open(db, create=True) as store:
            summary = import_result(store, result, include_all=all_, survey=survey, flag_model=flag_model)
        typer.echo(f"imported {result}: {summary.new} new item(s), {summary.seen} already in the queue (store: {db})")


@review_app.command()
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless others must reach it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=1, max=65535)] = 8765,
    debug: DebugOpt = False,
) -> None:
    """Serve the review page (login required) until Ctrl+C."""
    with user_errors(debug):
        from voc.review.web.server import bind_warning
        from voc.review.web.server import serve as run_server

        warning = bind_warning(host)
        if warning:
            err_console.print(f"warning: {warning}", markup=False)
        with _open(db, create=False) as store:
            run_server(store, host=host, port=port, on_ready=lambda url: typer.echo(f"review page: {url} (Ctrl+C to stop)"))


@review_app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .xlsx or .csv (with --labels: .csv, .jsonl or .parquet).")],
    db: DbOpt = DEFAULT_DB,
    labels: Annotated[bool, typer.Option("--labels", help="Write labelled data (text, label) for `voc train flags` instead.")] = False,
    format: Annotated[str | None, typer.Option("--format", "-f", help="Format, if not given by the extension of --out.")] = None,
    debug: DebugOpt = False,
) -> None:
    """Export the decisions (or labelled data); written to a temporary file and renamed when complete."""
    with user_errors(debug):
        from voc.review.export import export_decisions, export_labels

        with _open(db, create=False) as store:
            written = export_labels(store, out, format) if labels else export_decisions(store, out, format)
        typer.echo(f"wrote {written}")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Reviewer name (shown on decisions).", show_default=False)],
    db: DbOpt = DEFAULT_DB,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="Set a new password for an existing reviewer.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Add a reviewer; the password is prompted for (not echoed) unless --password-stdin."""
    with user_errors(debug):
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
        with _open(db, create=True) as store:
            store.add_reviewer(name, password, replace=replace)
        typer.echo(f"reviewer '{name}' {'updated' if replace else 'added'} (store: {db})")


@users_app.command("list")
def users_list(db: DbOpt = DEFAULT_DB, debug: DebugOpt = False) -> None:
    """List the active reviewers."""
    with user_errors(debug):
        with _open(db, create=False) as store:
            names = store.reviewer_names()
        typer.echo("\n".join(names) if names else "(no reviewers)")
