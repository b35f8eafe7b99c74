"""`textmine redact`: one document to the terminal or a file, several to a folder, bad files reported, the key file."""

import json

import pytest
from typer.testing import CliRunner

from textmine.cli._app import app

runner = CliRunner()

NOTE = "Sarah Jones (DOB 12/03/2010) lives at 14 Elm Road, Coventry CV1 2AB. Ms Jones rang on 07700 900123.\n"
REDACTED = "[Person A] (DOB [DOB]) lives at [Address 1]. Ms [Person A] rang on [Phone 1].\n"
CASE_NOTE = "12/05/2019 HV visit. Mother told SW2 that Tom Walker, date of birth 4 May 2015, was unwell. Tom slept.\n"
CASE_NOTE_REDACTED = (
    "12/05/2019 HV visit. Mother told SW2 that [Person A], date of birth [DOB], was unwell. [Person A] slept.\n"
)


@pytest.fixture(autouse=True)
def shared_pipeline(nlp, monkeypatch):
    """Let the command use the session pipeline instead of building its own."""
    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)


@pytest.fixture
def folder(tmp_path):
    """Two good documents, a binary file and an empty file."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(NOTE, encoding="utf-8")
    (docs / "b.md").write_text(CASE_NOTE, encoding="utf-8")
    (docs / "c.txt").write_bytes(b"\x00\x01\x02\x03binary\x00")
    (docs / "d.txt").write_bytes(b"")
    return docs


def test_redact_single_document_to_terminal(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["redact", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == REDACTED


def test_redact_single_document_to_file(tmp_path):
    path, out = tmp_path / "note.txt", tmp_path / "out" / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["redact", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == REDACTED
    assert sorted(p.name for p in out.parent.iterdir()) == ["note.txt"]  # no temporary file left behind


def test_redact_single_document_into_existing_folder(tmp_path):
    path, out = tmp_path / "note.txt", tmp_path / "out"
    path.write_text(NOTE, encoding="utf-8")
    out.mkdir()
    result = runner.invoke(app, ["redact", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "note.redacted.txt").read_text(encoding="utf-8") == REDACTED


@pytest.mark.parametrize("as_paths", [False, True], ids=["folder", "paths"])
def test_redact_several_documents_with_bad_ones(tmp_path, folder, as_paths):
    out = tmp_path / "redacted"
    inputs = sorted(str(p) for p in folder.iterdir()) if as_paths else [str(folder)]
    result = runner.invoke(app, ["redact", *inputs, "--out", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {folder / 'c.txt'}: binary data, not text", f"error: {folder / 'd.txt'}: empty file"]
    assert sorted(p.name for p in out.iterdir()) == ["a.redacted.txt", "b.redacted.txt"]
    assert (out / "a.redacted.txt").read_text(encoding="utf-8") == REDACTED
    assert (out / "b.redacted.txt").read_text(encoding="utf-8") == CASE_NOTE_REDACTED


def test_redact_key_file(tmp_path, folder):
    key = tmp_path / "secret" / "key.json"
    paths = [str(folder / "a.txt"), str(folder / "b.md")]
    result = runner.invoke(app, ["redact", *paths, "-o", str(tmp_path / "out"), "--key", str(key)])
    assert result.exit_code == 0, result.output
    assert json.loads(key.read_text(encoding="utf-8")) == {
        str(folder / "a.txt"): {
            "Sarah Jones": "[Person A]", "12/03/2010": "[DOB]", "14 Elm Road, Coventry CV1 2AB": "[Address 1]",
            "Jones": "[Person A]", "07700 900123": "[Phone 1]",
        },
        str(folder / "b.md"): {"Tom Walker": "[Person A]", "4 May 2015": "[DOB]", "Tom": "[Person A]"},
    }


def test_redact_several_documents_need_a_folder(tmp_path, folder):
    result = runner.invoke(app, ["redact", str(folder / "a.txt"), str(folder / "b.md")])
    assert result.exit_code == 1
    assert result.stderr == "error: several documents: give --out FOLDER for the redacted files\n"
    taken = tmp_path / "taken.txt"
    taken.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(folder / "a.txt"), str(folder / "b.md"), "--out", str(taken)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {taken}: several documents need a folder, and this is a file\n"


@pytest.mark.parametrize(
    "name, content, message",
    [("empty.txt", b"", "empty file"), ("bin.txt", b"\x00\x01\x02binary", "binary data, not text")],
)
def test_redact_single_bad_document(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["redact", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: {message}\n"
    assert result.stdout == ""


def test_redact_logs_no_document_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    options = ["--out", str(tmp_path / "out.txt"), "--key", str(tmp_path / "k.json")]
    result = runner.invoke(app, ["--verbose", "redact", str(path), *options])
    assert result.exit_code == 0, result.output
    assert "Jones" not in result.stderr and "07700" not in result.stderr


@pytest.mark.parametrize("option", ["--out", "--key"])
def test_redact_unwritable_output(tmp_path, option):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    target = path / "x.txt"  # a file stands where the folder should be
    result = runner.invoke(app, ["redact", str(path), option, str(target)])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"error: {target}: cannot write (a file stands where a folder of this path should be)\n"
    )
