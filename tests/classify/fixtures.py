"""Shared fixtures (import them into a test module): a tiny three-label corpus (tests/classify/data/tiny.jsonl, sentences written for these tests) and a model
trained on it once per session."""

from pathlib import Path

import pytest

from textmine.classify import load_corpus, save_model, train

TINY = Path(__file__).parent / "data" / "tiny.jsonl"


@pytest.fixture(scope="session")
def tiny_path() -> Path:
    return TINY


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    corpus = load_corpus(TINY)
    model, report = train(corpus, families=("logreg",), folds=3)
    out = tmp_path_factory.mktemp("models") / "tiny"
    save_model(model, out, report=report, corpus={"path": str(TINY), "sha256": corpus.fingerprint(), "passages": len(corpus)})
    return out
