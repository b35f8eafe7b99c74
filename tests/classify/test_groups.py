"""Grouped corpora: the sentences of one document are trained on one by one but thresholded and scored as a document."""

import json

import numpy as np
import pytest

from tests.classify.fixtures import TINY
from textmine.classify import load_corpus, train
from textmine.classify.evaluate import evaluate, group_rows


def grouped_corpus(tmp_path):
    """The tiny corpus, its rows grouped in threes as if each three sentences were one document."""
    rows = [json.loads(line) for line in TINY.read_text(encoding="utf-8").splitlines() if line.strip()]
    for k, row in enumerate(rows):
        row["group"] = f"doc{k // 3:02d}"
    path = tmp_path / "grouped.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return load_corpus(path), rows


def test_group_rows_takes_each_columns_best():
    values = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.3]])
    assert group_rows(values, ["a", "b", "a"]).tolist() == [[0.3, 0.9], [0.7, 0.2]]


def test_group_rows_combines_a_documents_best_sentences():
    values = np.array([[0.4, 0.9], [0.7, 0.2], [0.4, 0.1]])
    assert group_rows(values, ["a", "b", "a"], combine=3) == pytest.approx(np.array([[0.64, 0.91], [0.7, 0.2]]))


def test_training_thresholds_documents_not_sentences(tmp_path):
    corpus, rows = grouped_corpus(tmp_path)
    model, report = train(corpus, families=("logreg",), folds=3)
    documents = len({r["group"] for r in rows})
    assert report["cv"]["passages"] == documents
    assert len(model.thresholds) == len(corpus.labels)


@pytest.fixture
def grouped_evaluation(tmp_path):
    corpus, rows = grouped_corpus(tmp_path)
    model, _ = train(load_corpus(TINY), families=("logreg",), folds=3)
    return evaluate(model, corpus), rows


def test_evaluation_scores_each_document_once(grouped_evaluation):
    result, rows = grouped_evaluation
    groups = {r["group"] for r in rows}
    assert result["passages"] == len(groups)
    gold_positives = sum(len({l for r in rows if r["group"] == g for l in r["labels"]}) for g in groups)
    assert sum(s["support"] for s in result["labels"].values()) == gold_positives
    for error in result["errors"]:
        assert error["id"] in groups
        members = [r["text"] for r in rows if r["group"] == error["id"]]
        assert error["text"] == " ".join(members)
        assert set(error["gold"]) == {l for r in rows if r["group"] == error["id"] for l in r["labels"]}
