"""``textmine extract PATH...``: the record of each document."""

from pathlib import Path
from typing import Annotated

import typer

import textmine
from textmine.cli._app import app, fail
from textmine.cli.show import show_records, write_output


@app.command("extract")
def extract_cli(
    paths: Annotated[list[Path], typer.Argument(help="Documents (.txt .md .pdf .docx .html).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or jsonl.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")] = None,
    reference_date: Annotated[
        str | None, typer.Option("--reference-date", help="ISO date that 'yesterday' and 'last year' resolve against.")
    ] = None,
) -> None:
    """Print the record of each document."""
    if fmt not in {"table", "json", "jsonl"}:
        fail(f"--format must be table, json or jsonl, not '{fmt}'")
    try:
        records = [textmine.extract(Path(p), reference_date=reference_date)[0] for p in paths]
    except textmine.TextmineError as err:
        fail(str(err))
    if fmt == "table" and out is None:
        show_records(records)
    else:
        write_output(records, "json" if fmt == "table" else fmt, out)
