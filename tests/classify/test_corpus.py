"""Loading, validating and splitting classification corpora."""

import json

import numpy as np
import pytest

from textmine.classify.corpus import assign_splits, grouped_folds, load_corpus, stratified_folds
from textmine.errors import CorpusError
from tests.classify.fixtures import tiny_model_dir, tiny_path  # noqa: F401  (fixtures)

GOOD = {"id": "a", "text": "The visit was never recorded.", "labels": ["recording"]}


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "rows, labels, message",
    [
        pytest.param([GOOD, "{not json"], None, ":2: not valid JSON", id="malformed-json"),
        pytest.param([GOOD, {"id": "b", "labels": []}], None, ":2: 'text' must be a non-empty string", id="no-text"),
        pytest.param([GOOD, {"id": "b", "text": "  ", "labels": []}], None, ":2: 'text' must be", id="blank-text"),
        pytest.param([GOOD, {"id": "b", "text": "x", "labels": "recording"}], None, ":2: 'labels' must be a list", id="labels-not-list"),
        pytest.param([GOOD, {"id": "b", "text": "x", "labels": [1]}], None, ":2: 'labels' must be a list", id="label-not-str"),
        pytest.param([GOOD, ["a", "list"]], None, ":2: a row must be an object", id="row-not-object"),
        pytest.param([GOOD, {"id": "a", "text": "x", "labels": []}], None, ":2: duplicate id 'a'", id="duplicate-id"),
        pytest.param([GOOD, {"id": "b", "text": "x", "labels": [], "split": "holdout"}], None, ":2: 'split' must be", id="bad-split"),
        pytest.param([GOOD, {"id": "b", "text": "x", "labels": ["sharing"]}], ["recording"], ":2: unknown label 'sharing'", id="unknown-label"),
        pytest.param([GOOD], ["recording", "sharing"], "label 'sharing' has no positive passages", id="no-positives"),
        pytest.param([], None, "empty corpus", id="empty"),
        pytest.param([{"id": "b", "text": "x", "labels": []}], None, "no passage carries a label", id="no-labels-at-all"),
    ],
)
def test_corpus_bad_rows_name_file_and_row(tmp_path, rows, labels, message):
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    with pytest.raises(CorpusError) as err:
        load_corpus(path, labels)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_corpus_missing_file(tmp_path):
    with pytest.raises(CorpusError, match="corpus not found"):
        load_corpus(tmp_path / "nope.jsonl")


def test_corpus_drop_unlisted_keeps_listed_labels(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [GOOD, {"id": "b", "text": "x", "labels": ["recording", "other"]}])
    corpus = load_corpus(path, ["recording"], drop_unlisted=True)
    assert corpus.dataset["labels"] == [["recording"], ["recording"]]


def test_corpus_jsonl_csv_and_saved_dataset_agree(tmp_path, tiny_path):
    jsonl = load_corpus(tiny_path)
    wide = tmp_path / "wide.csv"
    lines = ["id,text," + ",".join(jsonl.labels)]
    for row in jsonl.dataset:
        text = row["text"].replace('"', '""')
        lines.append(f'{row["id"]},"{text}",' + ",".join("1" if lb in row["labels"] else "0" for lb in jsonl.labels))
    wide.write_text("\n".join(lines) + "\n", encoding="utf-8")
    narrow = tmp_path / "narrow.csv"
    narrow.write_text("id,text,labels\n" + "".join(
        f'{r["id"]},"{r["text"]}",{";".join(r["labels"])}\n' for r in jsonl.dataset), encoding="utf-8")
    saved = tmp_path / "saved"
    jsonl.dataset.save_to_disk(str(saved))
    for other in (load_corpus(wide), load_corpus(narrow), load_corpus(saved)):
        assert other.labels == jsonl.labels
        assert other.fingerprint() == jsonl.fingerprint()


def test_corpus_csv_label_column_must_be_binary(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,recording\nA visit.,yes\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c.csv:2: column 'recording' must be 0 or 1"):
        load_corpus(path)


def test_corpus_taxonomy_labels_keep_taxonomy_order(tmp_path):
    rows = [{"id": "1", "text": "x", "labels": ["missed_appointments"]}, {"id": "2", "text": "y", "labels": ["record_keeping"]}]
    assert load_corpus(write_jsonl(tmp_path / "c.jsonl", rows)).labels == ["record_keeping", "missed_appointments"]


def test_stratified_folds_keep_label_shares():
    rng = np.random.default_rng(1)
    Y = (rng.random((300, 5)) < [0.05, 0.1, 0.2, 0.3, 0.02]).astype(int)
    folds = stratified_folds(Y, [0.7, 0.15, 0.15], seed=0)
    assert sorted(set(folds)) == [0, 1, 2]
    for j in range(Y.shape[1]):
        total = Y[:, j].sum()
        share = Y[folds == 0, j].sum() / total
        assert abs(share - 0.7) <= 0.15
    assert abs((folds == 0).mean() - 0.7) < 0.05


def test_assign_splits_is_reproducible(tiny_path):
    corpus = load_corpus(tiny_path)
    assert assign_splits(corpus, seed=3) == assign_splits(corpus, seed=3)
    assert set(assign_splits(corpus)) == {"train", "dev", "test"}


def test_grouped_folds_keep_a_group_together_and_stratify():
    rng = np.random.default_rng(2)
    groups = [f"doc{i // 6}" for i in range(360)]  # 60 documents of six sentences
    Y = (rng.random((360, 4)) < [0.05, 0.1, 0.2, 0.3]).astype(int)
    folds = grouped_folds(Y, groups, [1.0] * 5, seed=0)
    for g in set(groups):
        assert len({folds[i] for i, h in enumerate(groups) if h == g}) == 1
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]
    ungrouped = [str(i) for i in range(360)]
    assert (grouped_folds(Y, ungrouped, [1.0] * 5, seed=0) == stratified_folds(Y, [1.0] * 5, seed=0)).all()


def test_corpus_group_field_gives_splits_by_group(tmp_path):
    rows = [{"id": f"{d}.{s}", "text": f"sentence {s} of {d}", "labels": ["a"] if s == 0 else [], "group": d}
            for d in [f"d{k}" for k in range(20)] for s in range(3)]
    rows.append({"id": "lone", "text": "a passage of its own", "labels": ["a"]})
    corpus = load_corpus(write_jsonl(tmp_path / "c.jsonl", rows))
    assert corpus.groups[0] == "d0" and corpus.groups[-1] != ""
    splits = assign_splits(corpus)
    for k in range(20):
        assert len({splits[i] for i, g in enumerate(corpus.groups) if g == f"d{k}"}) == 1
