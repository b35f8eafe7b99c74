"""``textmine redact PATH...``: documents with names, addresses and other identifiers pseudonymised."""

import json
import logging
import re
import sys
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track

import textmine
from textmine.cli._app import app, fail, report
from textmine.cli._inputs import IdColumn, MaxBytes, TextColumn
from textmine.io.readers import DEFAULT_MAX_BYTES
from textmine.io.writers import write_text_atomic

logger = logging.getLogger(__name__)
console = Console(stderr=True)
SUFFIX = ".redacted.txt"
UNSAFE_NAME_RE = re.compile(r"[^\w.-]+")


def _items(paths: list[Path], **read_options) -> list[textmine.Document | textmine.InputError]:
    """Every document of ``paths`` (documents or corpora) in order, and an InputError for each bad one."""
    items: list[textmine.Document | textmine.InputError] = []
    for path in paths:
        try:
            items.extend(textmine.iter_corpus(path, **read_options))
        except textmine.InputError as err:
            items.append(err)
    return items


def _file_name(document: textmine.Document, used: set[str]) -> str:
    """``<name>.redacted.txt`` for a document, unique among ``used`` and safe as one file name."""
    stem = UNSAFE_NAME_RE.sub("_", document.id).strip("._") or "document"
    name, n = stem + SUFFIX, 1
    while name in used:
        n += 1
        name = f"{stem}-{n}{SUFFIX}"
    used.add(name)
    return name


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, or exit with one line saying why it cannot be written."""
    try:
        write_text_atomic(path, text)
    except (FileExistsError, NotADirectoryError):
        fail(f"{path}: cannot write (a file stands where a folder of this path should be)")
    except OSError as err:
        fail(f"{path}: cannot write ({err.strerror or type(err).__name__})")


@app.command("redact")
def redact_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents (.txt .md .pdf .docx .html) or corpora (folder, glob, .jsonl, .csv)."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o",
            help=f"A file for one document, or a folder for several (one <name>{SUFFIX} each). "
            "Default: the terminal, for one document.",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="Also write the mapping original -> pseudonym of each document as JSON. WARNING: the key file "
            "re-identifies people: keep it apart from the redacted files and never send the two together.",
        ),
    ] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
) -> None:
    """Pseudonymise names, addresses, postcodes, phone, NHS and NI numbers, e-mails and dates of birth.

    Names become [Person A]... within each document ("Ms [Person A]"); roles and pseudonyms ("Child K") stay.
    """
    items = _items(paths, max_bytes=max_bytes, text_column=text_column, id_column=id_column)
    single = len(items) == 1
    if not single and out is None:
        fail("several documents: give --out FOLDER for the redacted files")
    if not single and out is not None and out.exists() and not out.is_dir():
        fail(f"{out}: several documents need a folder, and this is a file")
    to_folder = out is not None and (not single or out.is_dir())
    failures, keys, used = 0, {}, set()
    with closing(track(items, description="redact", console=console, transient=True, disable=single)) as documents:
        for item in documents:
            if isinstance(item, textmine.InputError):
                report(str(item))
                failures += 1
                continue
            try:
                redaction = textmine.redact(item)
            except textmine.TextmineError as err:
                report(str(err))
                failures += 1
                continue
            logger.info("%s: %d replacements", item.source, len(redaction.replacements))
            keys[item.source] = redaction.key()
            text = redaction.text if redaction.text.endswith("\n") else redaction.text + "\n"
            if to_folder:
                _write(out / _file_name(item, used), text)
            elif out is not None:
                _write(out, text)
            else:
                sys.stdout.write(text)
    if key is not None and keys:
        _write(key, json.dumps(keys, indent=2, ensure_ascii=False) + "\n")
    if to_folder:
        console.print(f"{len(keys)} redacted, {failures} skipped -> {out}")
    if failures:
        raise typer.Exit(code=1)
