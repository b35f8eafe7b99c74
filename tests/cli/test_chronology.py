"""`textmine chronology`: bad options and unwritable outputs give one error line and exit 1."""

import pytest
from typer.testing import CliRunner

from textmine.cli._app import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def shared_pipeline(nlp, monkeypatch):
    """Let the command use the session pipeline instead of building its own."""
    monkeypatch.setattr("textmine.api._DEFAULT_NLP", nlp)
NOTE = "On 12 March 2019 the HV visited. The following day the GP saw the baby.\n"


@pytest.mark.parametrize("value", ["garbage", "2019-02-30", "12/03/2019"])
def test_chronology_bad_reference_date(tmp_path, value):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["chronology", str(path), "--reference-date", value])
    assert result.exit_code == 1
    assert result.stderr == f"error: --reference-date: reference_date '{value}' is not an ISO date (YYYY-MM-DD)\n"


@pytest.mark.parametrize("fmt", ["csv", "json", "html"])
def test_chronology_unwritable_out(tmp_path, fmt):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    folder = tmp_path / "taken"
    folder.mkdir()
    result = runner.invoke(app, ["chronology", str(path), "--format", fmt, "--out", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder}: cannot write the file (Is a directory)\n"
    assert sorted(tmp_path.iterdir()) == sorted([folder, path])  # no temporary file left behind
