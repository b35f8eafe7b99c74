"""``textmine extract PATH...``: the record of each document."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

import textmine
from textmine.cli._app import app, fail, report
from textmine.cli.show import show_records, write_output
from textmine.io.corpora import parse_reference_date
from textmine.io.readers import DEFAULT_MAX_BYTES


def _documents(
    paths: list[Path], reference_date: str | None, failures: list[str], **read_options
) -> Iterator[textmine.Document]:
    """Good documents of every path (documents or corpora); each bad one is reported and added to ``failures``."""
    for path in paths:
        try:
            for item in textmine.iter_corpus(path, **read_options):
                if isinstance(item, textmine.InputError):
                    report(str(item))
                    failures.append(str(item))
                elif reference_date and not item.reference_date:
                    yield replace(item, reference_date=reference_date)
                else:
                    yield item
        except textmine.TextmineError as err:
            report(str(err))
            failures.append(str(err))


@app.command("extract")
def extract_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents (.txt .md .pdf .docx .html) or corpora (folder, glob, .jsonl, .csv)."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")] = None,
    reference_date: Annotated[
        str | None, typer.Option("--reference-date", help="ISO date that 'yesterday' and 'last year' resolve against.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse documents larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    text_column: Annotated[str, typer.Option("--text-column", help="Text column of a CSV/JSONL/dataset.")] = "text",
    id_column: Annotated[str, typer.Option("--id-column", help="Id column of a CSV/JSONL/dataset.")] = "id",
) -> None:
    """Print the record of each document; a bad document is reported on one line and the others still printed."""
    if fmt not in {"table", "json", "jsonl"}:
        fail(f"--format must be table, json or jsonl, not '{fmt}'")
    try:
        reference_date = parse_reference_date(reference_date)
    except ValueError as err:
        fail(f"--reference-date: {err}")
    failures: list[str] = []
    documents = list(
        _documents(
            paths, reference_date, failures, max_bytes=max_bytes, text_column=text_column, id_column=id_column
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
