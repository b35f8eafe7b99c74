"""`annotate`: every output format read back, resume after crashes, bad documents, refusal to overwrite."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from spacy.tokens import DocBin
from typer.testing import CliRunner

import textmine
from textmine.annotate import annotate, estimate_total, read_records
from textmine.cli._app import app
from textmine.errors import InputError
from textmine.pipeline import load_tokenizer

SCHEMA = json.loads((Path(textmine.__file__).parent / "schema" / "record.schema.json").read_text())
NOTES = [
    "On 12 March 2019 the health visitor saw Baby R at home. No bruises were observed.",
    "12/03/2019 HV home visit. Mother said the baby was feeding well.\n14/03/2019 T/C from school re bruise to cheek.",
    "Findings\nRecording was poor and no chronology was kept. The father was never seen.",
    "The school made a referral to the MASH in May 2016. The case was closed with no further action.",
    "Child K was not brought to three paediatric appointments. Nobody followed this up.",
]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(24):
        (folder / f"note_{i:03d}.txt").write_text(NOTES[i % len(NOTES)] + f" Entry {i}.", encoding="utf-8")
    return folder


def _clean_run(corpus: Path, out: Path) -> bytes:
    annotate(corpus, out, workers=1, batch_size=4)
    return out.read_bytes()


def test_annotate_jsonl_validates_against_schema(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = annotate(corpus, out, workers=1, batch_size=5)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert summary.done == len(lines) == 24 and not summary.skipped
    assert [json.loads(line)["id"] for line in lines] == sorted(p.stem for p in corpus.iterdir())
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


@pytest.mark.parametrize("fmt, name", [("parquet", "out.parquet"), ("dataset", "out_ds"), ("docbin", "out.spacy")])
def test_annotate_formats_read_back(corpus, tmp_path, fmt, name):
    reference = [json.loads(line) for line in _clean_run(corpus, tmp_path / "ref.jsonl").decode().splitlines()]
    out = tmp_path / name
    annotate(corpus, out, workers=1, batch_size=5)
    assert list(read_records(out, fmt)) == reference
    assert not (tmp_path / f"{name}.partial.jsonl").exists()


def test_annotate_parquet_and_dataset_reload_natively(corpus, tmp_path):
    import pyarrow.parquet as pq
    from datasets import load_from_disk

    annotate(corpus, tmp_path / "o.parquet", workers=1)
    annotate(corpus, tmp_path / "o_ds", workers=1)
    table = pq.read_table(tmp_path / "o.parquet")
    dataset = load_from_disk(str(tmp_path / "o_ds"))
    assert table.num_rows == len(dataset) == 24
    assert dataset[0]["id"] == table.column("id")[0].as_py()


def test_annotate_docbin_loads_docs_with_extensions(corpus, tmp_path):
    out = tmp_path / "o.spacy"
    annotate(corpus, out, workers=1)
    docs = list(DocBin().from_disk(out).get_docs(load_tokenizer().vocab))
    assert len(docs) == 24
    assert docs[0]._.doc_id == "note_000" and docs[0]._.source.endswith("note_000.txt")
    assert "sections" in docs[2].spans and [s.label_ for s in docs[2].spans["sections"]] == ["Findings"]
    assert len(list(docs[1].sents)) >= 3


@pytest.mark.parametrize("cut", [0.0, 0.13, 0.5, 0.77, 0.999])
def test_annotate_resume_after_crash_matches_clean_run(corpus, tmp_path, cut):
    clean = _clean_run(corpus, tmp_path / "clean.jsonl")
    out = tmp_path / "crashed.jsonl"
    out.write_bytes(clean[: int(len(clean) * cut)])  # killed mid-line, or at a line boundary
    annotate(corpus, out, workers=1, batch_size=4, resume=True)
    assert out.read_bytes() == clean


def test_annotate_resume_with_workers_and_other_format(corpus, tmp_path):
    clean = _clean_run(corpus, tmp_path / "clean.jsonl")
    partial = tmp_path / "o.parquet.partial.jsonl"
    partial.write_bytes(clean[: len(clean) // 3])
    annotate(corpus, tmp_path / "o.parquet", workers=2, batch_size=3, resume=True)
    expected = [json.loads(line) for line in clean.decode().splitlines()]
    assert list(read_records(tmp_path / "o.parquet", "parquet")) == expected
    annotate(corpus, tmp_path / "o.parquet", resume=True)  # a finished run: nothing new, nothing lost
    assert list(read_records(tmp_path / "o.parquet", "parquet")) == expected


def test_annotate_refuses_to_overwrite(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text("precious\n")
    with pytest.raises(InputError, match="already exists"):
        annotate(corpus, out)
    assert out.read_text() == "precious\n"
    annotate(corpus, out, overwrite=True, workers=1)
    assert len(out.read_text().splitlines()) == 24


def test_annotate_bad_documents_skipped_and_reported(corpus, tmp_path):
    (corpus / "empty.txt").write_text("   \n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    summary = annotate(corpus, tmp_path / "o.jsonl", workers=1)
    assert summary.done == 24
    assert sorted(Path(where).name for where, _ in summary.skipped) == ["empty.txt", "image.txt"]


def test_annotate_duplicate_id_skipped_once(tmp_path):
    corpus = tmp_path / "rows.jsonl"
    rows = [{"id": "n1", "text": NOTES[0]}, {"id": "n2", "text": NOTES[1]}, {"id": "n1", "text": NOTES[2]}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = annotate(corpus, tmp_path / "o.jsonl", workers=1)
    assert summary.done == 2
    assert summary.skipped == [(f"{corpus}:3", f"duplicate id 'n1' (first used by {corpus}:1)")]


def test_annotate_estimate_total_counts_what_is_read(corpus):
    (corpus / "README.md").write_text("# Data card\n")
    (corpus / "notes.xlsx").write_bytes(b"PK")
    (corpus / ".hidden.txt").write_text("x")
    assert estimate_total(corpus) == 24
    (corpus / "rows.jsonl").write_text('{"text": "x"}\n')
    assert estimate_total(corpus) is None


def test_annotate_estimate_total_skips_saved_datasets(tmp_path):
    from datasets import Dataset, DatasetDict

    saved = tmp_path / "dd"
    DatasetDict({"train": Dataset.from_list([{"text": NOTES[0]}])}).save_to_disk(str(saved))
    assert estimate_total(saved) is None


def test_annotate_unordered_has_same_records(corpus, tmp_path):
    clean = _clean_run(corpus, tmp_path / "clean.jsonl")
    annotate(corpus, tmp_path / "u.jsonl", workers=2, ordered=False, batch_size=3)
    assert sorted((tmp_path / "u.jsonl").read_bytes().splitlines()) == sorted(clean.splitlines())


def test_annotate_dask_local_cluster(corpus, tmp_path):
    pytest.importorskip("distributed")
    clean = _clean_run(corpus, tmp_path / "clean.jsonl")
    out = tmp_path / "dask.jsonl"
    out.write_bytes(clean[: len(clean) // 2 + 7])
    annotate(corpus, out, engine="dask", workers=1, batch_size=4, resume=True)
    assert out.read_bytes() == clean


def test_annotate_cli_kill_and_resume(tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(200):
        (folder / f"n{i:04d}.txt").write_text((NOTES[i % 5] + " ") * 3, encoding="utf-8")
    clean, out = tmp_path / "clean.jsonl", tmp_path / "killed.jsonl"
    annotate(folder, clean, workers=1, batch_size=8)
    cmd = [sys.executable, "-m", "textmine.cli", "annotate", str(folder), "--out", str(out), "--workers", "1", "--batch-size", "8"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.stat().st_size < clean.stat().st_size // 4):
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert out.stat().st_size < clean.stat().st_size
    result = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == clean.read_bytes()


def test_annotate_cli_summary_and_refusal(corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["annotate", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "24 documents annotated" in result.output
    again = runner.invoke(app, ["annotate", str(corpus), "--out", str(out)])
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.parametrize("name", ["o.jsonl", "o.parquet"])
def test_annotate_cli_unwritable_out(corpus, tmp_path, name):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n")
    result = CliRunner().invoke(app, ["annotate", str(corpus), "--out", str(blocker / name), "--workers", "1"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"error: {blocker / name}: cannot write (")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt, name", [("parquet", "out.parquet"), ("dataset", "out_ds")])
def test_annotate_failed_finalize_leaves_no_temporary_files(tmp_path, fmt, name):
    from textmine.annotate.formats import finalize

    journal = tmp_path / "journal.jsonl"
    journal.write_text(json.dumps({"id": "a", "concerns": [], "sentences": [{"start": "x", "end": 3}]}) + "\n")
    with pytest.raises(Exception):
        finalize(journal, tmp_path / name, fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.jsonl"]


@pytest.mark.parametrize("content", ["precious\n", '{"x": 1}\n', "[1, 2]\n", "precious\nno newline at the end"])
def test_annotate_resume_refuses_a_file_of_other_lines(corpus, tmp_path, content):
    out = tmp_path / "o.jsonl"
    out.write_text(content)
    with pytest.raises(InputError, match=f"^{out}:1: not a textmine record"):
        annotate(corpus, out, resume=True, workers=1)
    assert out.read_text() == content


@pytest.mark.parametrize("name", ["o.parquet", "o.spacy"])
def test_annotate_resume_refuses_a_foreign_output(corpus, tmp_path, name):
    out = tmp_path / name
    out.write_bytes(b"not an output of textmine\n")
    with pytest.raises(InputError, match=f"^{out}: cannot be read as"):
        annotate(corpus, out, resume=True, workers=1)
    assert out.read_bytes() == b"not an output of textmine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["corpus", name])


@pytest.mark.parametrize("workers", [1, 2])
def test_annotate_missing_model_is_one_error(corpus, tmp_path, workers):
    with pytest.raises(textmine.TextmineError, match="nonexistent"):
        annotate(corpus, tmp_path / "o.jsonl", model=str(tmp_path / "nonexistent"), workers=workers, batch_size=4)


def test_annotate_failed_start_leaves_no_output(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    with pytest.raises(textmine.TextmineError):
        annotate(corpus, out, workers=1, model=str(tmp_path / "no-such-model"))
    assert not out.exists()
    annotate(corpus, out, workers=1)  # no --resume or --overwrite needed after a run that wrote nothing
    assert len(out.read_text().splitlines()) == 24
