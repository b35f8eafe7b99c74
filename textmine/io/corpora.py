"""Corpora: a folder, a glob, a JSONL or CSV file, or a saved ``datasets`` dataset, read as Documents.

A bad item (an unreadable file, a malformed row, a row without text) is yielded as an InputError naming the file
and line, so the caller reports it, skips it and carries on with the good ones (SPEC §6).
"""

import csv
import glob
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from textmine.errors import InputError, first_line
from textmine.io.document import Document
from textmine.io.encoding import decode_bytes
from textmine.io.jsonl import jsonl_lines
from textmine.io.normalise import normalise_text
from textmine.io.readers import (
    CORPUS_SUFFIXES,
    DEFAULT_MAX_BYTES,
    DOCUMENT_READERS,
    describe_size,
    read_document,
)

DATASET_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")
GLOB_CHARS = frozenset("*?[")
# Files in a corpus folder that describe it rather than belong to it (SPEC §5: every corpus has a data card).
DATA_CARD_STEMS = frozenset({"readme", "datacard", "data_card"})
REFERENCE_DATE = "reference_date"
ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_reference_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a row value, or None when absent; raises ValueError otherwise.

    ``datetime``/``date`` values and ISO date-times are accepted and cut to their date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise ValueError(f"{REFERENCE_DATE} {value!r} is not an ISO date (YYYY-MM-DD)")


def iter_corpus(
    spec: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "id",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    """The documents of a corpus, in order; each bad item is yielded as its InputError.

    Args:
        spec: a document file, a folder (every supported file under it, sorted; data cards such as README.md
            and hidden files skipped), a glob ("reviews/**/*.pdf"), a .jsonl or .csv file (one document per
            row), or a folder saved by ``datasets`` (``save_to_disk``).
        text_column: the row field holding the text (JSONL, CSV, datasets).
        id_column: the row field holding the id; without it a row's id is "<file name>:<line>".
        max_bytes: documents (files or row texts) larger than this are reported and skipped.

    Raises:
        InputError: when ``spec`` itself is unusable (missing, no supported files, a CSV without the text
            column...), raised when iteration starts.
    """
    seen: dict[str, str] = {}
    for item in _items(spec, text_column, id_column, max_bytes):
        if isinstance(item, Document):
            if item.id in seen:
                item = InputError(f"{item.source}: duplicate id '{item.id}' (first used by {seen[item.id]})")
            else:
                seen[item.id] = item.source
        yield item


def _items(spec: str | Path, text_column: str, id_column: str, max_bytes: int) -> Iterator[Document | InputError]:
    path = Path(spec)
    options = {"text_column": text_column, "id_column": id_column, "max_bytes": max_bytes}
    if path.is_dir():
        if is_saved_dataset(path):
            yield from dataset_rows(path, **options)
        else:
            yield from _files(folder_files(path), path, options)
    elif path.is_file():
        yield from _files([path], path.parent, options)
    elif GLOB_CHARS & set(str(spec)):
        matches = [Path(p) for p in sorted(glob.glob(str(spec), recursive=True))]
        files = [p for p in matches if p.is_file() and _is_corpus_member(p)]
        if not files:
            raise InputError(f"{spec}: no supported files match this pattern")
        root = Path(os.path.commonpath([str(p.parent) for p in files]))
        yield from _files(files, root, options)
    else:
        raise InputError(f"{spec}: no such file or folder")


def is_saved_dataset(path: Path) -> bool:
    """Whether ``path`` is a folder written by ``Dataset.save_to_disk`` or ``DatasetDict.save_to_disk``."""
    return any((path / marker).is_file() for marker in DATASET_MARKERS)


def _is_corpus_member(path: Path) -> bool:
    """A supported file that is not hidden and not an Office lock file ("~$report.docx")."""
    suffix = path.suffix.lower()
    return (suffix in DOCUMENT_READERS or suffix in CORPUS_SUFFIXES) and not path.name.startswith((".", "~$"))


def folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, sorted by relative path, without hidden files and data cards."""
    files = []
    try:
        for path in folder.rglob("*"):
            relative = path.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            if _is_corpus_member(path) and path.stem.lower() not in DATA_CARD_STEMS:
                files.append(path)
    except OSError as err:
        raise InputError(f"{err.filename or folder}: cannot list the folder ({err.strerror})") from None
    if not files:
        expected = ", ".join(sorted(set(DOCUMENT_READERS) | CORPUS_SUFFIXES))
        raise InputError(f"{folder}: no supported files in this folder (expected {expected})")
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _files(files: list[Path], root: Path, options: dict) -> Iterator[Document | InputError]:
    """Documents of ``files``: one per document file, one per row of each JSONL/CSV file.

    A document's id is its file stem, or its path relative to ``root`` when two files share a stem.
    """
    stems = Counter(p.stem for p in files if p.suffix.lower() not in CORPUS_SUFFIXES)
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from _reported(jsonl_rows(path, **options))
        elif suffix == ".csv":
            yield from _reported(csv_rows(path, **options))
        else:
            try:
                document = read_document(path, max_bytes=options["max_bytes"])
            except InputError as err:
                yield err
                continue
            if stems[path.stem] > 1:
                document = replace(document, id=_relative_id(path, root))
            yield document


def _relative_id(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _reported(rows: Iterable[Document | InputError]) -> Iterator[Document | InputError]:
    """Rows of one corpus file inside a larger corpus: a whole-file error becomes one bad item, not the end."""
    try:
        yield from rows
    except InputError as err:
        yield err


def _row_document(
    row: dict, where: str, default_id: str, *, text_column: str, id_column: str, max_bytes: int
) -> Document | InputError:
    """The Document of one corpus row, or the InputError saying why the row is unusable."""
    text = row.get(text_column)
    if text is not None and not isinstance(text, str):
        return InputError(f"{where}: the '{text_column}' field must be a string, not {type(text).__name__}")
    text = normalise_text(text or "")
    if not text.strip():
        return InputError(f"{where}: no text (the '{text_column}' field is missing or empty)")
    if len(text) * 4 > max_bytes and len(text.encode("utf-8")) > max_bytes:
        size = describe_size(len(text.encode("utf-8")))
        return InputError(f"{where}: text is {size}, over the {describe_size(max_bytes)} size limit")
    raw_id = row.get(id_column)
    if raw_id is not None and not isinstance(raw_id, (str, int)):
        return InputError(f"{where}: the '{id_column}' field must be a string or a number")
    try:
        reference_date = parse_reference_date(row.get(REFERENCE_DATE))
    except ValueError as err:
        return InputError(f"{where}: {err}")
    metadata = {k: v for k, v in row.items() if k not in {text_column, id_column, REFERENCE_DATE}}
    return Document(
        id=str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else default_id,
        source=where,
        text=text,
        reference_date=reference_date,
        metadata=metadata,
    )


def jsonl_rows(path: Path, *, text_column: str, id_column: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document per line of a UTF-8 JSONL file; blank lines are skipped, bad lines yielded as errors."""
    options = {"text_column": text_column, "id_column": id_column, "max_bytes": max_bytes}
    rows = 0
    for lineno, line in jsonl_lines(path):
        rows += 1
        where = f"{path}:{lineno}"
        if isinstance(line, UnicodeDecodeError):
            yield InputError(f"{where}: not UTF-8 (undecodable byte at column {line.start + 1})")
            continue
        try:
            row = json.loads(line.strip())
        except json.JSONDecodeError as err:
            yield InputError(f"{where}: malformed JSON ({err.msg.removesuffix(' at')} at column {err.colno})")
            continue
        if not isinstance(row, dict):
            yield InputError(f"{where}: expected a JSON object, found a {type(row).__name__}")
            continue
        yield _row_document(row, where, f"{path.name}:{lineno}", **options)
    if not rows:
        raise InputError(f"{path}: empty corpus (no rows)")


def csv_rows(path: Path, *, text_column: str, id_column: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document per data row of a CSV file with a header line; the encoding is detected like a .txt file's."""
    options = {"text_column": text_column, "id_column": id_column, "max_bytes": max_bytes}
    try:
        content = normalise_text(decode_bytes(path.read_bytes()))
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror})") from None
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))  # review texts outgrow the 128 kB default
    reader = csv.DictReader(io.StringIO(content, newline=""))
    columns = reader.fieldnames
    if not columns:
        raise InputError(f"{path}: empty corpus (no header line)")
    if text_column not in columns:
        raise InputError(
            f"{path}: no '{text_column}' column (columns: {', '.join(columns)}); choose one with --text-column"
        )
    rows = 0
    start = reader.line_num + 1
    while True:
        line = start
        where = f"{path}:{line}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield InputError(f"{where}: malformed CSV ({err}); the rest of the file is skipped")
            return
        rows += 1
        start = reader.line_num + 1
        if None in row:
            yield InputError(f"{where}: {len(columns) + len(row[None])} fields, but the header has {len(columns)}")
            continue
        yield _row_document(row, where, f"{path.name}:{line}", **options)
    if not rows:
        raise InputError(f"{path}: empty corpus (no rows)")


def dataset_rows(path: Path, *, text_column: str, id_column: str, max_bytes: int) -> Iterator[Document | InputError]:
    """One Document per row of a saved ``datasets`` Dataset (or of each split of a DatasetDict, in order).

    A row's place is its index in the dataset: "<folder>:<index>", or "<folder>[<split>]:<index>".
    """
    import datasets  # slow to import: only when a saved dataset is read

    options = {"text_column": text_column, "id_column": id_column, "max_bytes": max_bytes}
    try:
        loaded = datasets.load_from_disk(str(path))
    except Exception as err:  # datasets raises several types for a damaged or foreign folder
        raise InputError(f"{path}: cannot load the saved dataset ({first_line(err)})") from None
    splits = list(loaded.items()) if isinstance(loaded, datasets.DatasetDict) else [(None, loaded)]
    for split, dataset in splits:
        if text_column not in dataset.column_names:
            columns = ", ".join(dataset.column_names)
            raise InputError(f"{path}: no '{text_column}' column (columns: {columns}); choose one with --text-column")
        label = f"[{split}]" if split else ""
        for index, row in enumerate(dataset):
            if split:
                row = {**row, "split": row.get("split", split)}
            yield _row_document(row, f"{path}{label}:{index}", f"{path.name}{label}:{index}", **options)
