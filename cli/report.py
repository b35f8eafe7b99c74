"""``textmine report PATH... --out report.html``: a self-contained HTML report of documents or annotations."""

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track

import textmine
from textmine.cli._app import app, fail
from textmine.cli._inputs import ReferenceDate, TextColumn, checked_reference_date, good_items
from textmine.cli.show import write_text

console = Console(stderr=True)


def _read(text_column: str):
    """Records of an annotation file, Documents of anything else."""
    def read(path: Path):
        if textmine.is_annotations(path):
            return textmine.read_annotations(path)
        return textmine.iter_corpus(path, text_column=text_column)
    return read


@app.command("report")
def report_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents, corpora (folder, glob, .jsonl, .csv) or annotation JSONL files."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    title: Annotated[str | None, typer.Option("--title", help="Page heading (default: document id or corpus size).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing OUT.")] = False,
    reference_date: ReferenceDate = None,
    text_column: TextColumn = "text",
) -> None:
    """Write a self-contained HTML report: highlighted text, concerns, practice issues, chronology; corpus charts.

    A .jsonl whose first line is a textmine record (from `annotate` or `extract --format jsonl`) is read as
    annotations, not processed again. A bad document or line is reported and skipped, the report is still
    written from the good ones, and the exit code is then 1.
    """
    if out.exists() and not overwrite:
        fail(f"{out}: already exists (use --overwrite to replace it)")
    reference_date = checked_reference_date(reference_date)
    failures: list[str] = []
    items = list(good_items(paths, _read(text_column), reference_date, failures))
    documents = [item for item in items if isinstance(item, textmine.Document)]
    try:
        # closed at once: a progress display left open would be finished later, at garbage collection
        with closing(track(textmine.process(documents), total=len(documents), description="report",
                           console=console, transient=True, disable=len(documents) < 2)) as processed:
            records = [next(processed) if isinstance(item, textmine.Document) else item for item in items]
    except textmine.TextmineError as err:
        fail(str(err))
    if not records:
        if failures:
            raise typer.Exit(code=1)  # every input was bad, and each was reported on its own line
        fail(f"{', '.join(map(str, paths))}: no documents to report")
    write_text(textmine.render_report(records, title=title), out)
    skipped = f", {len(failures)} skipped" if failures else ""
    console.print(f"report of {len(records)} document{'s' if len(records) != 1 else ''}{skipped} -> {out}")
    if failures:
        raise typer.Exit(code=1)
