"""What every command shares: error reporting, output paths, and progress display."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from voc.errors import InputError, VocError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit (2: usage or input error, 1: unexpected failure)."""
    # The message is user data (column names, paths): never let Rich read brackets in it as markup.
    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def user_errors(debug: bool = False) -> Iterator[None]:
    """Turn voc's errors into one line and an exit code; unexpected errors too, unless --debug."""
    try:
        yield
    except typer.Exit:
        raise
    except VocError as exc:
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, getattr(exc, "exit_code", 1))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - the CLI promises no tracebacks
        if debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        fail(f"unexpected {type(exc).__name__}: {first} (run with --debug for the traceback)", 1)


def default_output(input_path: Path, suffix: str, fmt: str) -> Path:
    """``comments.xlsx`` → ``comments.voc.xlsx`` (never the input itself)."""
    return input_path.with_name(f"{input_path.stem}{suffix}.{fmt}")


def resolve_output(input_path: Path | None, out: Path | None, fmt: str | None, allowed: tuple[str, ...], suffix: str) -> tuple[Path, str]:
    """Decide output path and format from --out/--format; refuse to overwrite the input."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt not in allowed:
            raise InputError(f"--format '{fmt}': expected one of {', '.join(allowed)}")
    if out is None:
        if input_path is None:
            raise InputError("--out is required when reading from stdin with --format other than csv")
        fmt = fmt or allowed[0]
        out = default_output(input_path, suffix, fmt)
    else:
        ext = out.suffix.lower().lstrip(".")
        if fmt is None:
            fmt = ext if ext in allowed else allowed[0]
            if ext and ext not in allowed:
                raise InputError(f"--out '{out.name}': cannot tell the format from '.{ext}'; use --format ({', '.join(allowed)})")
    if input_path is not None and out.resolve() == input_path.resolve():
        raise InputError(f"--out is the input file ({out}); voc never overwrites its input, choose another path")
    if out.exists() and out.is_dir():
        raise InputError(f"--out is a directory: {out}; give a file path")
    return out, fmt


@contextlib.contextmanager
def progress_display(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
