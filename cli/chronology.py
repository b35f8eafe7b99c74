"""``textmine chronology PATH``: the dated events of a document, in order."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import textmine
from textmine.cli._app import app, fail
from textmine.cli._inputs import ReferenceDate, checked_reference_date
from textmine.cli.show import write_text


def _table(record: textmine.Record) -> None:
    console = Console()
    table = Table("date", "written", "event", "actors", "concerns", title=f"Chronology: {record.id}", title_justify="left")
    for e in record.chronology:
        when = e.date or (f"after {e.after}" if e.after else "—")
        table.add_row(when, e.date_text, " ".join(e.text.split()), ", ".join(e.actors), ", ".join(e.concerns))
    console.print(table)
    if record.context_events:
        context = Table("date", "written", "context (not an event)", title="Context", title_justify="left")
        for e in record.context_events:
            context.add_row(e.date or "—", e.date_text, " ".join(e.text.split()))
        console.print(context)


@app.command("chronology")
def chronology_cli(
    path: Annotated[Path, typer.Argument(help="A document (.txt .md .pdf .docx .html).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, json or html.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")] = None,
    reference_date: ReferenceDate = None,
) -> None:
    """Print the dated events of a document in order, with context dates flagged."""
    if fmt not in {"table", *textmine.CHRONOLOGY_FORMATS}:
        fail(f"--format must be table, csv, json or html, not '{fmt}'")
    reference_date = checked_reference_date(reference_date)
    try:
        record = textmine.extract(Path(path), reference_date=reference_date)[0]
    except textmine.TextmineError as err:
        fail(str(err))
    if fmt == "table" and out is None:
        _table(record)
        return
    write_text(textmine.render_chronology(record, "json" if fmt == "table" else fmt), out)
