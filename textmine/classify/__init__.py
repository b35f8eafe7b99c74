"""Practice-issue classifiers: corpora, the scikit-learn model, training, evaluation and safe persistence."""

from textmine.classify.corpus import Corpus, assign_splits, load_corpus
from textmine.classify.evaluate import evaluate, evaluate_path
from textmine.classify.evidence import classify_texts
from textmine.classify.features import CueCounter, load_cues
from textmine.classify.model import LabelModel, build_classifier
from textmine.classify.persist import load_model, read_meta, record_evaluation, save_model
from textmine.classify.pipeline import classifier_pipeline
from textmine.classify.train import train, train_corpus

__all__ = [
    "Corpus",
    "CueCounter",
    "LabelModel",
    "assign_splits",
    "build_classifier",
    "classifier_pipeline",
    "classify_texts",
    "evaluate",
    "evaluate_path",
    "load_corpus",
    "load_cues",
    "load_model",
    "read_meta",
    "record_evaluation",
    "save_model",
    "train",
    "train_corpus",
]
