"""``textmine extract PATH...``: the record of each document."""

from pathlib import Path
from typing import Annotated

import typer

import textmine
from textmine.cli._app import app, fail
from textmine.cli._inputs import IdColumn, MaxBytes, ReferenceDate, TextColumn, checked_reference_date, good_items
from textmine.cli.show import show_records, write_output
from textmine.io.readers import DEFAULT_MAX_BYTES


@app.command("extract")
def extract_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents (.txt .md .pdf .docx .html) or corpora (folder, glob, .jsonl, .csv)."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")] = None,
    reference_date: ReferenceDate = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
) -> None:
    """Print the record of each document; a bad document is reported on one line and the others still printed."""
    if fmt not in {"table", "json", "jsonl"}:
        fail(f"--format must be table, json or jsonl, not '{fmt}'")
    reference_date = checked_reference_date(reference_date)
    failures: list[str] = []
    documents = list(
        good_items(
            paths,
            lambda path: textmine.iter_corpus(path, max_bytes=max_bytes, text_column=text_column, id_column=id_column),
            reference_date,
            failures,
        )
    )
    records = list(textmine.process(documents)) if documents else []
    if records:
        if fmt == "table" and out is None:
            show_records(records)
        else:
            write_output(records, "json" if fmt == "table" else fmt, out)
    if failures:
        raise typer.Exit(code=1)
