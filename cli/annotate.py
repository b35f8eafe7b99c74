"""``textmine annotate CORPUS --out OUT``: a whole corpus into JSONL, Parquet, a dataset or a DocBin."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from textmine import TextmineError
from textmine.annotate import FORMATS, annotate, estimate_total
from textmine.cli._app import app, fail
from textmine.cli._inputs import TextColumn

console = Console(stderr=True)


@app.command("annotate")
def annotate_cli(
    corpus: Annotated[str, typer.Argument(help="Folder, glob, JSONL, CSV or saved datasets dataset.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output: .jsonl, .parquet, .spacy (DocBin) or a folder (dataset).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)} (default: from OUT).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Processes (default: fastest here).")] = None,
    unordered: Annotated[bool, typer.Option("--unordered", help="Write batches as they finish, not in corpus order.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue: skip documents already in OUT.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing OUT.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler, e.g. tcp://host:8786.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Pipeline directory (default: bundled).")] = None,
    text_column: TextColumn = "text",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Documents per batch.")] = 32,
) -> None:
    """Annotate every document of a corpus; resumable, in parallel, or on a Dask cluster."""
    if resume and overwrite:
        fail("--resume and --overwrite cannot be used together")
    total = estimate_total(corpus)
    progress = Progress(
        TextColumn("[bold]annotate"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:,.1f} docs/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=console, transient=False,
    )
    with progress:
        task = progress.add_task("annotate", total=total, rate=0.0)

        def on_progress(docs: int, words: int) -> None:
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, completed=docs, rate=docs / elapsed)

        def on_skip(where: str, reason: str) -> None:
            progress.console.print(f"[yellow]skipped[/yellow] {where}: {reason}")

        try:
            summary = annotate(
                corpus, out, fmt=fmt, workers=workers, ordered=not unordered, resume=resume, overwrite=overwrite,
                engine=engine, scheduler=scheduler, model=model, batch_size=batch_size,
                on_progress=on_progress, on_skip=on_skip, text_column=text_column,
            )
        except TextmineError as err:
            progress.stop()
            fail(str(err))
        except OSError as err:  # OUT cannot be created or written
            progress.stop()
            where = f"{err.filename}: " if err.filename and str(err.filename) != str(out) else ""
            fail(f"{out}: cannot write ({where}{err.strerror or type(err).__name__})")
    console.print(
        f"{summary.done} documents annotated"
        + (f", {summary.already_done} already done" if summary.already_done else "")
        + f", {len(summary.skipped)} skipped; {summary.words:,} words at {summary.words_per_second:,.0f} words/s"
        + f" with {summary.workers} worker{'s' if summary.workers != 1 else ''} -> {out}"
    )
    for where, reason in summary.skipped:
        console.print(f"  skipped {where}: {reason}")
    if summary.done == 0 and summary.skipped and not summary.already_done:
        raise typer.Exit(code=1)
