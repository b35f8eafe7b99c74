"""``textmine classify`` shows labels, scores and evidence sentences; a tampered model is refused."""

import json

from typer.testing import CliRunner

from tests.classify.fixtures import tiny_model_dir  # noqa: F401  (fixture)
from textmine.cli import app

runner = CliRunner()
TEXT = "The family moved to a new flat. The notes of the home visit were never written up.\n"


def test_classify_json(tmp_path, tiny_model_dir):
    doc = tmp_path / "review.txt"
    doc.write_text(TEXT)
    result = runner.invoke(app, ["classify", str(doc), "--model", str(tiny_model_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    issues = {p["label"]: p for p in row["practice_issues"]}
    assert "recording" in issues
    assert issues["recording"]["evidence"][0]["text"] == "The notes of the home visit were never written up."


def test_classify_table(tmp_path, tiny_model_dir):
    doc = tmp_path / "review.txt"
    doc.write_text(TEXT)
    result = runner.invoke(app, ["classify", str(doc), "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert "recording" in result.output and "never written up" in result.output


def test_classify_tampered_model(tmp_path, tiny_model_dir):
    model = tmp_path / "m"
    model.mkdir()
    for f in tiny_model_dir.iterdir():
        (model / f.name).write_bytes(f.read_bytes())
    (model / "classifier.skops").write_bytes(b"PK\x03\x04 not a model")
    doc = tmp_path / "review.txt"
    doc.write_text(TEXT)
    result = runner.invoke(app, ["classify", str(doc), "--model", str(model)])
    assert result.exit_code == 1
    assert "tampered" in result.stderr and result.stderr.count("\n") == 1
