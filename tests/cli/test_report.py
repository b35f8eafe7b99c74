"""``textmine report``: documents, corpora and annotation files into one HTML page; bad items reported, exit 1."""

import json

import pytest
from typer.testing import CliRunner

import textmine
from textmine.cli import app

runner = CliRunner()

NOTES = {
    "a.txt": "On 12 March 2019 the health visitor saw bruises on the baby. The GP was not told.",
    "b.txt": "There were no bruises on the baby when the social worker visited on 3 April 2019.",
}


@pytest.fixture(autouse=True)
def shared_pipeline(nlp, monkeypatch):
    """Let the command use the session pipeline instead of building its own."""
    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)


def _notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _details(page: str) -> int:
    return page.count('<details class="document"')


@pytest.mark.parametrize(
    "inputs, documents",
    [(["notes/a.txt"], 0), (["notes/a.txt", "notes/b.txt"], 2), (["notes"], 2), (["notes/*.txt"], 2)],
    ids=["one-document", "two-documents", "folder", "glob"],
)
def test_report_cli_documents(tmp_path, monkeypatch, inputs, documents):
    _notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", *inputs, "--out", "out/report.html", "--title", "Case notes"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<h1>Case notes</h1>" in page and _details(page) == documents
    assert 'class="concern c-physical_injury"' in page
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html"]  # no temporary file left


def test_report_cli_annotations_bad_line_reported_rest_rendered(tmp_path):
    records = textmine.extract(sorted(_notes(tmp_path).iterdir()))
    annotations = tmp_path / "ann.jsonl"
    lines = [records[0].model_dump_json(), '{"id": broken', records[1].model_dump_json()]
    annotations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(annotations), "--out", str(out)])
    assert result.exit_code == 1  # a skipped item makes the exit code 1, as in `extract`
    assert result.stderr.splitlines()[0] == f"error: {annotations}:2: not a textmine record (not valid JSON)"
    assert "1 skipped" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert _details(page) == 2
    assert "<title>Corpus of 2 documents</title>" in page


def test_report_cli_corpus_jsonl_is_processed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": name, "text": text} for name, text in NOTES.items()]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _details(out.read_text(encoding="utf-8")) == 2


def test_report_cli_missing_file_one_line(tmp_path):
    missing = tmp_path / "missing.txt"
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(missing), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: no such file or folder\n"
    assert not out.exists()


def test_report_cli_bad_document_skipped_good_written(tmp_path):
    folder = _notes(tmp_path)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {folder / 'empty.txt'}: ")
    assert _details(out.read_text(encoding="utf-8")) == 2


@pytest.mark.parametrize("overwrite, code", [(False, 1), (True, 0)], ids=["refused", "overwrite"])
def test_report_cli_existing_out(tmp_path, overwrite, code):
    note = _notes(tmp_path) / "a.txt"
    out = tmp_path / "report.html"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["report", str(note), "--out", str(out), *(["--overwrite"] if overwrite else [])])
    assert result.exit_code == code, result.output
    if overwrite:
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    else:
        assert result.stderr == f"error: {out}: already exists (use --overwrite to replace it)\n"
        assert out.read_text(encoding="utf-8") == "keep me"
