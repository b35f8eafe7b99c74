"""``annotate``: a whole corpus into records, resumable and streaming."""

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from textmine.annotate import engines
from textmine.annotate.formats import finalize, infer_format, read_records
from textmine.annotate.journal import Journal, repair, written_ids
from textmine.annotate.worker import Result, as_payload
from textmine.errors import InputError, first_line
from textmine.io import iter_corpus
from textmine.io.corpora import folder_files, is_saved_dataset
from textmine.io.readers import CORPUS_SUFFIXES

AUTO_PARALLEL_BATCHES = 4  # fewer batches than this in the corpus: one process is faster than starting workers


@dataclass
class Summary:
    """What a run did."""

    done: int = 0
    already_done: int = 0
    words: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    workers: int = 1

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def journal_path(out: Path, fmt: str) -> Path:
    """Where records are appended while the run is going on."""
    return out if fmt == "jsonl" else out.with_name(f"{out.name}.partial.jsonl")


def _prepare(out: Path, fmt: str, resume: bool, overwrite: bool) -> tuple[Path, set[str]]:
    journal = journal_path(out, fmt)
    exists = out.exists() or journal.exists()
    if exists and overwrite:
        journal.unlink(missing_ok=True)  # for JSONL this is OUT; other formats are replaced when finished
    elif exists and not resume:
        raise InputError(f"{out}: already exists (use --resume to continue it or --overwrite to replace it)")
    if resume and fmt != "jsonl" and out.exists() and not journal.exists():
        sink = Journal(journal)  # a finished run in another format: continue from its records
        try:
            sink.append(json.dumps(r, ensure_ascii=False) for r in read_records(out, fmt))
        except Exception as err:  # pyarrow, datasets and spaCy raise many types for a foreign or damaged file
            sink.close()
            journal.unlink(missing_ok=True)
            raise InputError(f"{out}: cannot be read as {fmt} output to resume ({first_line(err)})") from None
        sink.close()
    done = written_ids(journal) if resume else set()  # checked first: a file of other lines is left untouched
    repair(journal)
    return journal, done


def _batches(corpus, done: set[str], summary: Summary, batch_size: int, on_skip, **read_options) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for item in iter_corpus(corpus, **read_options):  # a repeated id arrives as an InputError
        if isinstance(item, InputError):
            where, _, reason = str(item).partition(": ")
            summary.skipped.append((where, reason or str(item)))
            on_skip(where, reason)
            continue
        if item.id in done:
            summary.already_done += 1
            continue
        batch.append(as_payload(item))
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def annotate(
    corpus: str | Path,
    out: str | Path,
    *,
    fmt: str | None = None,
    workers: int | None = None,
    ordered: bool = True,
    resume: bool = False,
    overwrite: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    model: str | None = None,
    batch_size: int = 32,
    on_progress: Callable[[int, int], None] = lambda docs, words: None,
    on_skip: Callable[[str, str], None] = lambda where, reason: None,
    **read_options,
) -> Summary:
    """Annotate every document of ``corpus`` into ``out`` (JSONL, Parquet, a saved dataset or a DocBin).

    Args:
        workers: processes (or Dask workers); None picks what is fastest here: one per core for a corpus
            large enough to amortise starting them, else one.
        ordered: keep corpus order (False: write batches as they finish).
        resume: continue an interrupted or finished run, skipping ids already in ``out``.
        overwrite: replace an existing ``out``; without it or ``resume`` an existing ``out`` is an error.
        engine: "local" (this machine's processes) or "dask" (``scheduler`` address, or a local cluster).
        read_options: passed to ``iter_corpus`` (e.g. ``text_column``).
    """
    out = Path(out)
    fmt = infer_format(out, fmt)
    if engine not in {"local", "dask"}:
        raise InputError(f"unknown engine '{engine}' (use local or dask)")
    journal_file, done = _prepare(out, fmt, resume, overwrite)
    summary = Summary()
    start = time.perf_counter()
    batches = _batches(corpus, done, summary, batch_size, on_skip, **read_options)
    head = list(islice(batches, AUTO_PARALLEL_BATCHES))
    if workers is None:
        workers = (os.cpu_count() or 1) if len(head) == AUTO_PARALLEL_BATCHES else 1
    summary.workers = workers
    stream = _chain(head, batches)
    if engine == "dask":
        results = engines.run_dask(stream, model, workers, ordered, scheduler)
    elif workers > 1:
        results = engines.run_processes(stream, model, workers, ordered)
    else:
        results = engines.run_serial(stream, model)
    journal = Journal(journal_file)
    try:
        for batch in results:
            journal.append(r.record for r in batch if r.record is not None)
            _count(batch, summary, on_skip)
            on_progress(summary.done, summary.words)
        journal.finish()
    finally:
        journal.close()
    if fmt != "jsonl":
        finalize(journal_file, out, fmt)
        journal_file.unlink()
    summary.seconds = time.perf_counter() - start
    return summary


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _count(batch: list[Result], summary: Summary, on_skip) -> None:
    for result in batch:
        if result.record is None:
            summary.skipped.append((result.source, result.error or "failed"))
            on_skip(result.source, result.error or "failed")
        else:
            summary.done += 1
            summary.words += result.words


def estimate_total(corpus: str | Path) -> int | None:
    """A cheap count of the corpus's documents for progress display (None when it would cost a full read)."""
    path = Path(corpus)
    if path.is_file() and path.suffix.lower() in {".jsonl", ".csv"}:
        with path.open("rb") as handle:
            lines = sum(1 for line in handle if line.strip())
        return lines - (1 if path.suffix.lower() == ".csv" else 0)
    if path.is_file():
        return 1
    if path.is_dir() and not is_saved_dataset(path):
        try:
            files = folder_files(path)  # the files iter_corpus reads: no data cards, hidden or unsupported files
        except InputError:
            return None
        if any(p.suffix.lower() in CORPUS_SUFFIXES for p in files):
            return None  # rows of JSONL/CSV files inside the folder are not counted cheaply
        return len(files)
    return None
