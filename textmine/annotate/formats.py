"""Output formats of ``annotate``: JSONL records, Parquet, a saved ``datasets`` dataset and a spaCy DocBin.

Every run first appends records to a JSONL journal (durable, resumable); the other formats are built from it
at the end, streamed in batches, and written atomically. Reading them back lets ``--resume`` continue a
finished or interrupted run in any format.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from textmine.errors import InputError
from textmine.io.writers import usual_mode
from textmine.records import Record

FORMATS = ("jsonl", "parquet", "dataset", "docbin")
SUFFIXES = {".jsonl": "jsonl", ".parquet": "parquet", ".spacy": "docbin", ".docbin": "docbin"}
TRIGGER_KEYS = ("negated", "uncertain", "historical", "hypothetical", "experiencer", "reported_by")
ROWS_PER_CHUNK = 512


def infer_format(out: Path, fmt: str | None) -> str:
    """The output format: ``fmt`` when given, else from OUT's extension (a folder name means a dataset)."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"{out}: unknown output format '{fmt}' (use one of {', '.join(FORMATS)})")
        return fmt
    return SUFFIXES.get(out.suffix.lower(), "dataset" if out.suffix == "" else "jsonl")


def record_features():
    """``datasets`` Features of a record row (metadata and concern triggers as fixed-shape fields)."""
    from datasets import Features, List, Value

    offsets = {"start": Value("int64"), "end": Value("int64")}
    event = {
        "date": Value("string"), "date_text": Value("string"), "text": Value("string"), **offsets,
        "actors": List(Value("string")), "concerns": List(Value("string")), "after": Value("string"),
    }
    return Features({
        "id": Value("string"), "source": Value("string"), "text": Value("string"),
        "reference_date": Value("string"), "metadata": Value("string"),
        "sentences": List(offsets),
        "sections": List({"title": Value("string"), **offsets}),
        "entities": List({"text": Value("string"), "label": Value("string"), **offsets}),
        "abbreviations": List({"short": Value("string"), "long": Value("string"), **offsets, "glossary": Value("bool")}),
        "dates": List({
            "text": Value("string"), "value": Value("string"), "time": Value("string"), **offsets,
            "relative": Value("bool"),
            "type": Value("string"), "granularity": Value("string"), "qualifier": Value("string"),
            "anchor_start": Value("int64"), "anchor_end": Value("int64"), "context": Value("bool"),
        }),
        "concerns": List({
            "text": Value("string"), "category": Value("string"), **offsets, "negated": Value("bool"),
            "uncertain": Value("bool"), "historical": Value("bool"), "hypothetical": Value("bool"),
            "experiencer": Value("string"), "reported_by": Value("string"),
            "triggers": {k: Value("string") for k in TRIGGER_KEYS},
        }),
        "practice_issues": List({
            "label": Value("string"), "score": Value("float64"),
            "evidence": List({"text": Value("string"), **offsets, "score": Value("float64")}),
        }),
        "chronology": List(event),
        "context_events": List(event),
    })


def record_to_row(record: dict) -> dict:
    """A JSON record as a fixed-shape row."""
    row = dict(record, metadata=json.dumps(record.get("metadata") or {}, ensure_ascii=False))
    row["concerns"] = [dict(c, triggers={k: (c.get("triggers") or {}).get(k) for k in TRIGGER_KEYS}) for c in record["concerns"]]
    return row


def row_to_record(row: dict) -> dict:
    """The JSON record of a fixed-shape row."""
    record = dict(row, metadata=json.loads(row.get("metadata") or "{}"))
    record["concerns"] = [dict(c, triggers={k: v for k, v in (c.get("triggers") or {}).items() if v is not None}) for c in row["concerns"]]
    return record


def _journal_rows(journal: Path) -> Iterator[dict]:
    with journal.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield record_to_row(json.loads(line))


def _chunks(rows: Iterable[dict], size: int = ROWS_PER_CHUNK) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _replace(tmp: Path, out: Path) -> None:
    """Move a finished temporary file or folder onto ``out``."""
    if out.is_dir() and not out.is_symlink():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


@contextmanager
def _staged(out: Path, folder: bool = False) -> Iterator[Path]:
    """A temporary file (or folder) beside ``out`` that replaces it when the block succeeds and is removed if not."""
    if folder:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        tmp = Path(name)
    usual_mode(tmp, out)
    try:
        yield tmp
    except BaseException:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise
    _replace(tmp, out)


def finalize(journal: Path, out: Path, fmt: str) -> None:
    """Build OUT in ``fmt`` from the journal, atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = record_features().arrow_schema
        with _staged(out) as tmp, pq.ParquetWriter(str(tmp), schema) as writer:
            for chunk in _chunks(_journal_rows(journal)):
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    elif fmt == "dataset":
        from datasets import Dataset
        from datasets.utils.logging import disable_progress_bar

        disable_progress_bar()
        cache = Path(tempfile.mkdtemp(prefix=".cache.", dir=out.parent))
        try:
            with _staged(out, folder=True) as tmp:
                dataset = Dataset.from_generator(
                    _journal_rows, gen_kwargs={"journal": journal}, features=record_features(), cache_dir=str(cache)
                )
                dataset.save_to_disk(str(tmp))
                del dataset
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    elif fmt == "docbin":
        from spacy.tokens import DocBin

        from textmine.io.records import record_to_doc
        from textmine.pipeline import load_tokenizer

        nlp = load_tokenizer()
        docbin = DocBin(store_user_data=True)
        with journal.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    docbin.add(record_to_doc(Record.model_validate_json(line), nlp))
        with _staged(out) as tmp:
            tmp.write_bytes(docbin.to_bytes())


def read_records(out: Path, fmt: str) -> Iterator[dict]:
    """JSON records from an existing OUT in ``fmt`` (for resuming a finished run)."""
    if fmt == "jsonl":
        with out.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(out).iter_batches(batch_size=ROWS_PER_CHUNK):
            yield from (row_to_record(r) for r in batch.to_pylist())
    elif fmt == "dataset":
        from datasets import load_from_disk

        for row in load_from_disk(str(out)):
            yield row_to_record(row)
    elif fmt == "docbin":
        from spacy.tokens import DocBin

        from textmine.io.records import doc_to_record
        from textmine.pipeline import load_tokenizer

        nlp = load_tokenizer()
        for doc in DocBin().from_disk(out).get_docs(nlp.vocab):
            yield json.loads(doc_to_record(doc).model_dump_json())
