"""``textmine evaluate`` prints per-label scores, averages, confusions and errors, and writes JSON."""

import json

from typer.testing import CliRunner

from tests.classify.fixtures import tiny_model_dir, tiny_path  # noqa: F401  (fixtures)
from textmine.classify import read_meta
from textmine.cli import app

runner = CliRunner()


def test_evaluate_prints_and_writes_json(tmp_path, tiny_model_dir, tiny_path):
    out = tmp_path / "scores.json"
    result = runner.invoke(app, ["evaluate", str(tiny_model_dir), str(tiny_path), "--json", str(out), "--record"])
    assert result.exit_code == 0, result.output
    assert "micro-F1" in result.output and "macro-F1" in result.output
    scores = json.loads(out.read_text())
    assert set(scores["labels"]) == {"attendance", "recording", "sharing"}
    assert scores["passages"] == 40
    for error in scores["errors"]:
        assert error["text"] and set(error["missed"]) | set(error["extra"])
    assert read_meta(tiny_model_dir)["evaluations"][-1]["micro"] == scores["micro"]


def test_evaluate_passage_unit(tiny_model_dir, tiny_path):
    result = runner.invoke(app, ["evaluate", str(tiny_model_dir), str(tiny_path), "--unit", "passage"])
    assert result.exit_code == 0, result.output
    assert "unit: passage" in result.output


def test_evaluate_other_label_set_is_an_error(tmp_path, tiny_model_dir):
    corpus = tmp_path / "other.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": "The plan drifted.", "labels": ["drift_delay"]}) + "\n")
    result = runner.invoke(app, ["evaluate", str(tiny_model_dir), str(corpus)])
    assert result.exit_code == 1
    assert "trained with a different label set" in result.stderr
    assert "drift_delay" in result.stderr


def test_evaluate_missing_model(tmp_path, tiny_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "none"), str(tiny_path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'none'}: model directory not found\n"
