"""``textmine extract`` through CliRunner: records for good documents, one error line per bad one, exit 1 if any."""

import json

import pytest
from typer.testing import CliRunner

from tests.io import files
from textmine.cli import app

runner = CliRunner()


@pytest.fixture
def shared_pipeline(nlp, monkeypatch):
    """Let the command use the session pipeline instead of building its own."""
    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)

# read_document refuses a folder or a .jsonl file; extract reads them as corpora.
CLI_BAD_INPUTS = [row for row in files.BAD_INPUTS if row[0] != "corpus-file"]


@pytest.mark.parametrize("build", [pytest.param(b, id=i) for i, b, _ in CLI_BAD_INPUTS])
def test_extract_bad_document_one_line_exit_1(tmp_path, build):
    path = build(tmp_path)
    limit = "100" if path.name == "huge.txt" else "50000000"
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl", "--max-bytes", limit])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_extract_good_pdf_and_bad_files_together(tmp_path, shared_pipeline):
    good = files.review_pdf(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.docx"
    result = runner.invoke(app, ["extract", str(empty), str(good), str(missing), "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["text"]) for r in records] == [("review", files.PDF_EXPECTED)]
    assert result.stderr.splitlines() == [f"error: {empty}: empty file", f"error: {missing}: no such file or folder"]


def test_extract_jsonl_corpus_skips_bad_rows(tmp_path, shared_pipeline):
    corpus = tmp_path / "notes.jsonl"
    corpus.write_text(
        json.dumps({"id": "n1", "text": "12/03/2019 HV home visit. Mother said she was fine.", "reference_date": "2019-03-12"})
        + "\n{not json\n"
        + json.dumps({"id": "n3"})
        + "\n"
        + json.dumps({"id": "n4", "text": "Yesterday the school rang the MASH."})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(corpus), "--format", "jsonl", "--reference-date", "2020-01-15"])
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["reference_date"]) for r in records] == [("n1", "2019-03-12"), ("n4", "2020-01-15")]
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [f"{corpus}:2", f"{corpus}:3"]


def test_extract_csv_text_column(tmp_path, shared_pipeline):
    corpus = tmp_path / "notes.csv"
    corpus.write_bytes("case,note\nA1,Mother’s rent arrears were £40.\n".encode("cp1252"))
    result = runner.invoke(app, ["extract", str(corpus), "-f", "jsonl", "--text-column", "note", "--id-column", "case"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["id"], record["text"], record["source"]) == ("A1", "Mother’s rent arrears were £40.", f"{corpus}:2")


def test_extract_good_document_exit_0(tmp_path, shared_pipeline):
    path = tmp_path / "review_child_k.txt"
    path.write_text("Background\n\nOn 16 May 2013 the health visitor saw Child K at home.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["id"], record["source"]) == ("review_child_k", str(path))
    assert result.stderr == ""


def test_extract_bad_reference_date(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Seen yesterday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--reference-date", "15/01/2020"])
    assert result.exit_code == 1
    assert result.stderr == "error: --reference-date: reference_date '15/01/2020' is not an ISO date (YYYY-MM-DD)\n"


def test_extract_unwritable_out(tmp_path, shared_pipeline):
    path = tmp_path / "notes.txt"
    path.write_text("Seen on 12 March 2019.", encoding="utf-8")
    folder = tmp_path / "taken"
    folder.mkdir()
    result = runner.invoke(app, ["extract", str(path), "--format", "json", "--out", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder}: cannot write the file (Is a directory)\n"
    assert sorted(tmp_path.iterdir()) == sorted([folder, path])  # no temporary file left behind


def test_extract_table_shows_a_time_with_its_day(tmp_path, shared_pipeline):
    path = tmp_path / "note.txt"
    path.write_text("12.03.19 14:30 T/C from school about bruising on her arm.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "2019-03-12 14:30" in result.stdout
