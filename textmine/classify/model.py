"""The practice-issue classifier: text features, one linear model per label, calibration, per-label thresholds."""

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from textmine.classify.features import (CompactTfidfVectorizer, CueCounter, ShortfallWords, char_wb_4grams,
                                        tfidf_transform)

FAMILIES = ("logreg", "linear_svm")


def _linear_model(family: str, C: float | None, seed: int):
    if family == "logreg":
        # the dual problem: far fewer passages than features, so it converges much sooner (same solution); a
        # tolerance of 1e-3 takes a third less time than 1e-4 for margins within 1e-3 of it
        return LogisticRegression(C=C or 8.0, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000,
                                  tol=1e-3, random_state=seed)
    if family == "linear_svm":
        return LinearSVC(C=C or 0.3, class_weight="balanced", random_state=seed)
    raise ValueError(f"unknown model family {family!r} (expected one of {', '.join(FAMILIES)})")


def build_classifier(
    cues: dict[str, list[str]] | None = None,
    *,
    family: str = "logreg",
    C: float | None = None,
    seed: int = 0,
    jobs: int | None = None,
) -> Pipeline:
    """A multi-label text classifier: word (+ shortfall copy) and character TF-IDF + cue counts, then linear models.

    Its ``decision_function`` gives one margin per label; ``LabelModel`` turns margins into calibrated
    probabilities and decisions.

    Args:
        cues: cue phrases per label for ``CueCounter`` (None: the packaged practice-issue lexicon).
        family: ``logreg`` (logistic regression) or ``linear_svm`` (linear SVM).
        C: inverse regularisation strength (None: the family's default).
        seed: random state of the estimators that use one.
        jobs: processes fitting the feature views and the per-label models (None: one; -1: one per core).
    """
    features = FeatureUnion(
        [
            # word n-grams, again for sentences that state a shortfall (topic words count most there)
            ("word", ShortfallWords(CompactTfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                                           max_features=40000))),
            # word-bounded 4-grams only: the cheapest character view that still catches spelling variants
            ("char", CompactTfidfVectorizer(analyzer=char_wb_4grams, min_df=3, sublinear_tf=True, max_features=30000)),
            ("cues", CueCounter(cues)),
        ],
        n_jobs=jobs,  # the three views fitted side by side in training
    )
    return Pipeline([("features", features), ("model", OneVsRestClassifier(_linear_model(family, C, seed), n_jobs=jobs))])


def cue_presence(counter: CueCounter, counts: sparse.csr_matrix, labels: list[str]) -> np.ndarray:
    """Whether each text has a cue phrase of each of ``labels`` (False for labels without cues), from the
    counter's output ``counts``."""
    present = np.zeros((counts.shape[0], len(labels)), bool)
    found = counts.toarray() > 0  # one column per cue label: small
    columns = {label: j for j, label in enumerate(counter.labels_)}
    for j, label in enumerate(labels):
        if label in columns:
            present[:, j] = found[:, columns[label]]
    return present


def cue_floors(cued: np.ndarray, Y: np.ndarray, min_cued: int = 20) -> list[float]:
    """Per label, the share of training texts with one of its cue phrases that carry the label (0 where fewer
    than ``min_cued`` texts have one).

    Used as the label's probability floor for a text with a cue phrase: the cues are the taxonomy's wording of
    each failing, and carry over to other writers' text better than the word weights fitted on the corpus (on
    review text written by others a cue alone is right ~0.9 of the time), which a model fitted on the corpus
    alone cannot learn.
    """
    floors = []
    for j in range(Y.shape[1]):
        n = int(cued[:, j].sum())
        floors.append(round(float(Y[cued[:, j], j].mean()), 4) if n >= min_cued else 0.0)
    return floors


def fit_sigmoid(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (slope, intercept) so that ``1 / (1 + exp(-(slope * score + intercept)))`` fits ``y``."""
    y = np.asarray(y).astype(int)
    if y.min() == y.max():
        return 0.0, (10.0 if y[0] else -10.0)
    platt = LogisticRegression(C=1e4, solver="lbfgs").fit(np.asarray(scores).reshape(-1, 1), y)
    # a higher margin must never mean a lower probability (documents take the best sentence's margin)
    return max(float(platt.coef_[0, 0]), 1e-6), float(platt.intercept_[0])


def combine_scores(proba: np.ndarray, top: int | None) -> np.ndarray:
    """A document's score per label from its sentences' probabilities (rows): the chance that at least one of its
    ``top`` best sentences shows the label, taking them as independent (1 - the product of 1 - p); its best
    sentence's alone when ``top`` is None or 1. Two sentences that each half-state a failing count for more than
    one, while a long document cannot add up its many weak sentences."""
    if not len(proba):
        return np.zeros(proba.shape[1] if proba.ndim == 2 else 0)
    if not top or top <= 1 or len(proba) == 1:
        return proba.max(axis=0)
    best = -np.partition(-proba, top - 1, axis=0)[:top] if len(proba) > top else proba
    return 1.0 - np.prod(1.0 - best, axis=0)


class LabelModel(BaseEstimator):
    """A fitted multi-label pipeline with label names, per-label calibration and decision thresholds.

    Args:
        pipeline: a fitted pipeline from ``build_classifier`` (its columns follow ``labels``).
        labels: label names, in column order.
        calibration: per label, the (slope, intercept) mapping its margin to a probability.
        thresholds: probability at or above which each label is predicted.
        cue_floors: per label, the probability a text has at least when it contains one of the label's cue
            phrases (0: no floor); see ``cue_floors``.
        combine: how many of a document's best sentences its score combines (see ``combine_scores``; None or 1:
            its best sentence alone). The thresholds were chosen on scores combined this way.
    """

    def __init__(self, pipeline: Pipeline | None = None, labels: list[str] | None = None,
                 calibration: list[list[float]] | None = None, thresholds: list[float] | None = None,
                 cue_floors: list[float] | None = None, combine: int | None = None):
        self.pipeline = pipeline
        self.labels = labels
        self.calibration = calibration
        self.thresholds = thresholds
        self.cue_floors = cue_floors
        self.combine = combine

    def fit(self, X, y):
        """Fit the pipeline on texts ``X`` and the indicator matrix ``y`` (calibration and thresholds as given)."""
        Y = np.asarray(y)
        self.pipeline.fit(list(X), Y)
        self._weights = None
        if self.calibration is None:
            self.calibration = [[1.0, 0.0]] * Y.shape[1]
        if self.thresholds is None:
            self.thresholds = [0.5] * Y.shape[1]
        self.classes_ = np.asarray(self.labels)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Margins of each label's linear model: an array (n_texts, n_labels)."""
        return self._margins(X)[0]

    def _margins(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Margins (n_texts, n_labels) and whether each text has a cue phrase of each label (same shape).

        The feature union's parts are called directly (sklearn's parallel dispatch costs more than the work on the
        few sentences of a document) and each is multiplied by its block of the stacked weights, so the word
        n-grams' shortfall copy is never built."""
        check_is_fitted(self, "classes_")
        texts = list(X)
        if not texts:
            return np.zeros((0, len(self.labels))), np.zeros((0, len(self.labels)), bool)
        union = self.pipeline.named_steps["features"]
        scale = union.transformer_weights or {}
        weights, bias = self._stacked()
        margins = np.tile(bias, (len(texts), 1))
        cued = np.zeros((len(texts), len(self.labels)), bool)
        offset = 0
        for name, step in union.transformer_list:
            if step == "drop":
                continue
            if isinstance(step, ShortfallWords):
                width = step.n_features()
                margins += step.weighted(texts, weights[offset : offset + width]) * scale.get(name, 1.0)
            else:
                part = tfidf_transform(step, texts) if isinstance(step, TfidfVectorizer) else step.transform(texts)
                if isinstance(step, CueCounter):
                    cued = cue_presence(step, part, self.labels)
                width = part.shape[1]
                margins += np.asarray(part @ weights[offset : offset + width]) * scale.get(name, 1.0)
            offset += width
        return margins, cued

    def _stacked(self) -> tuple[np.ndarray, np.ndarray]:
        """All labels' weights as one (n_features, n_labels) matrix, so one product scores every label."""
        cached = getattr(self, "_weights", None)
        if cached is None:
            estimators = self.pipeline.named_steps["model"].estimators_
            weights = np.column_stack([np.ravel(e.coef_) for e in estimators])
            bias = np.array([float(np.ravel(e.intercept_)[0]) for e in estimators])
            cached = self._weights = (weights, bias)
        return cached

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_weights", None)  # derived from the pipeline; never saved
        return state

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of each label for each text, raised to the label's cue floor where the text has
        one of its cue phrases: an array (n_texts, n_labels)."""
        margins, cued = self._margins(X)
        slope, intercept = np.asarray(self.calibration, dtype=float).T
        proba = 1.0 / (1.0 + np.exp(-(margins * slope[None, :] + intercept[None, :])))
        floors = getattr(self, "cue_floors", None)  # absent from models saved before floors existed
        if floors is not None:
            proba = np.maximum(proba, cued * np.asarray(floors, dtype=float)[None, :])
        return proba

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Boolean decisions of a probability array under the per-label thresholds."""
        return proba >= np.asarray(self.thresholds)[None, :]

    def predict(self, X) -> list[list[str]]:
        """The labels predicted for each text."""
        decisions = self.decide(self.predict_proba(X))
        return [[label for label, on in zip(self.labels, row) if on] for row in decisions]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
