"""Train -> save -> load gives the same predictions; missing, altered and unsafe model files are refused."""

import hashlib
import json
import numpy as np
import pytest
import skops.io as sio
from sklearn.base import clone

from textmine.classify import load_corpus, load_model, read_meta, train
from textmine.classify.model import build_classifier
from textmine.classify.persist import MODEL_FILE, TRUSTED_TYPES
from textmine.classify.train import fitted, in_canonical_order
from textmine.errors import ModelError
from tests.classify.fixtures import tiny_model_dir, tiny_path  # noqa: F401  (fixtures)


def test_save_load_same_predictions(tiny_model_dir, tiny_path):
    texts = load_corpus(tiny_path).texts
    model = load_model(tiny_model_dir)
    again = load_model(tiny_model_dir)
    assert np.allclose(model.predict_proba(texts), again.predict_proba(texts))
    assert model.predict(["The notes of the visit were never written up."]) == [["recording"]]


def test_model_card_and_meta(tiny_model_dir):
    meta = read_meta(tiny_model_dir)
    assert meta["labels"] == ["attendance", "recording", "sharing"]
    assert set(meta["thresholds"]) == set(meta["labels"])
    assert meta["versions"]["scikit-learn"]
    card = (tiny_model_dir / "README.md").read_text(encoding="utf-8")
    for needle in ("Cross-validated scores", "`recording`", meta["corpus"]["sha256"], "scikit-learn", "threshold", "cue floor"):
        assert needle in card


def test_model_file_uses_only_listed_types(tiny_model_dir):
    assert set(sio.get_untrusted_types(file=tiny_model_dir / MODEL_FILE)) <= set(TRUSTED_TYPES)


class Smuggled:
    """Stands for any object a crafted model file might carry."""


def copy_model(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_missing_model_dir(tmp_path):
    with pytest.raises(ModelError, match="model directory not found"):
        load_model(tmp_path / "nothing")


def test_missing_model_file(tiny_model_dir, tmp_path):
    model = copy_model(tiny_model_dir, tmp_path / "m")
    (model / MODEL_FILE).unlink()
    with pytest.raises(ModelError, match="model file not found"):
        load_model(model)


def test_altered_model_file(tiny_model_dir, tmp_path):
    model = copy_model(tiny_model_dir, tmp_path / "m")
    data = bytearray((model / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="tampered"):
        load_model(model)


def test_untrusted_type_refused_even_with_matching_checksum(tiny_model_dir, tmp_path):
    model = copy_model(tiny_model_dir, tmp_path / "m")
    path = model / MODEL_FILE
    sio.dump({"labels": ["x"], "payload": Smuggled()}, path)  # a type nobody listed
    meta = json.loads((model / "meta.json").read_text())
    meta["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (model / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="untrusted types: .*Smuggled"):
        load_model(model)


def test_not_a_model_dir(tmp_path):
    with pytest.raises(ModelError, match="model metadata not found"):
        load_model(tmp_path)


@pytest.mark.parametrize("family", ["logreg", "linear_svm"])
def test_parallel_training_gives_the_same_model(tiny_path, family):
    corpus = load_corpus(tiny_path)
    one, _ = train(corpus, families=(family,), folds=3, jobs=None)
    many, _ = train(corpus, families=(family,), folds=3, jobs=2)
    assert one.thresholds == many.thresholds
    np.testing.assert_allclose(one.predict_proba(corpus.texts), many.predict_proba(corpus.texts))


def test_zero_jobs_refused(tiny_path):
    with pytest.raises(ValueError, match="jobs must be"):
        train(load_corpus(tiny_path), families=("logreg",), folds=3, jobs=0)


def test_fitted_pipeline_is_the_plain_fit_with_canonical_features(tiny_path):
    corpus = load_corpus(tiny_path)
    texts, Y = corpus.texts, corpus.indicator()
    plain = clone(build_classifier(None, seed=0)).fit(texts, Y)
    ours = fitted(clone(build_classifier(None, seed=0)), texts, Y)
    np.testing.assert_allclose(ours.decision_function(texts), plain.decision_function(texts), atol=1e-6)
    X = plain.named_steps["features"].transform(texts)
    assert in_canonical_order(X) is X and X.has_canonical_format
