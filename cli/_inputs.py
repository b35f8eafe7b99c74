"""Reading the inputs of a command: good items of every path, each bad one reported on its own line."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

import textmine
from textmine.cli._app import fail, report
from textmine.io.corpora import parse_reference_date


def good_items(
    paths: list[Path], read: Callable[[Path], Iterable], reference_date: str | None, failures: list[str]
) -> Iterator:
    """The items ``read`` gives for each path; an ``InputError`` or a failing path is reported and added to
    ``failures``; documents without a reference date get ``reference_date``."""
    for path in paths:
        try:
            for item in read(path):
                if isinstance(item, textmine.InputError):
                    report(str(item))
                    failures.append(str(item))
                elif isinstance(item, textmine.Document) and reference_date and not item.reference_date:
                    yield replace(item, reference_date=reference_date)
                else:
                    yield item
        except textmine.TextmineError as err:
            report(str(err))
            failures.append(str(err))


# Options several commands share, declared once.
ReferenceDate = Annotated[
    str | None, typer.Option("--reference-date", help="ISO date that 'yesterday' and 'last year' resolve against.")
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse documents larger than this many bytes.")]
TextColumn = Annotated[str, typer.Option("--text-column", help="Text column of a CSV/JSONL/dataset.")]
IdColumn = Annotated[str, typer.Option("--id-column", help="Id column of a CSV/JSONL/dataset.")]


def checked_reference_date(value: str | None) -> str | None:
    """The ``--reference-date`` value as an ISO date, or a one-line error naming the option."""
    try:
        return parse_reference_date(value)
    except ValueError as err:
        fail(f"--reference-date: {err}")
