"""Training: cross-validated probabilities, per-label thresholds, a comparison of model families, the final fit."""

import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from joblib import parallel_config
from scipy import sparse
from sklearn.base import clone

from textmine.classify.corpus import Corpus, grouped_folds, load_corpus
from textmine.classify.evaluate import evaluate, group_rows, label_scores
from textmine.classify.evidence import scoring_units, sentence_spans, unit_texts
from textmine.classify.features import CueCounter
from textmine.classify.model import FAMILIES, LabelModel, build_classifier, cue_floors, cue_presence, fit_sigmoid
from textmine.classify.persist import record_evaluation, save_model
from textmine.errors import CorpusError

log = logging.getLogger(__name__)

MIN_POSITIVES = 3
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
# On the packaged corpus the two families' mean CV F1 differ by under 0.0015 and which is ahead changes with the
# fold seed (seeds 0-2), so a lead smaller than this does not decide.
FAMILY_MARGIN = 0.005

Progress = Callable[[str], None]


def choose_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability threshold with the best F1 for one label (middle of the best plateau)."""
    y = y.astype(bool)
    best, plateau = -1.0, []
    for t in THRESHOLD_GRID:
        d = p >= t
        tp = int((y & d).sum())
        denom = int(y.sum()) + int(d.sum())
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best + 1e-9:
            best, plateau = f1, [t]
        elif abs(f1 - best) <= 1e-9:
            plateau.append(t)
    return float(plateau[len(plateau) // 2])


def capped_at_floors(thresholds: list[float], floors: list[float]) -> list[float]:
    """Thresholds no higher than the labels' cue floors (0: no floor), so that a cue phrase alone labels a text."""
    return [min(t, f) if f else t for t, f in zip(thresholds, floors, strict=True)]


UNITS = ("sentence", "window", "passage")


def passage_units(texts: list[str], unit: str) -> list[list[str]]:
    """What the model scores for each passage: its sentences (``window``: and adjacent pairs), or itself."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if unit == "passage":
        return [[text] for text in texts]
    units = []
    for text in texts:
        sentences = sentence_spans(text)
        units.append(unit_texts(text, sentences, scoring_units(sentences, windows=unit == "window")) or [text])
    return units


def group_max(margins: np.ndarray, sizes: list[int]) -> np.ndarray:
    """Per group of consecutive rows (one group per passage), the highest margin of each label."""
    bounds = np.cumsum([0] + sizes)
    return np.vstack([margins[a:b].max(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])


def in_canonical_order(X):
    """``X`` (a sparse matrix) with sorted, summed indices. Each per-label fit checks this and sorts a copy that
    lacks it: in worker processes, once per label (a third of logistic regression's training time)."""
    if sparse.issparse(X):
        X.sum_duplicates()
    return X


def fitted(pipeline, texts: list[str], Y: np.ndarray):
    """``pipeline`` (features, then per-label models) fitted on ``texts``, its feature matrix in canonical order."""
    X = in_canonical_order(pipeline.named_steps["features"].fit_transform(texts, Y))
    pipeline.named_steps["model"].fit(X, Y)
    return pipeline


def cross_val_margins(pipelines: dict[str, object], texts: list[str], Y: np.ndarray, folds: int, seed: int,
                      progress: Progress | None = None, unit: str = "sentence",
                      groups: list[str] | None = None) -> dict[str, np.ndarray]:
    """Out-of-fold margins per pipeline (best unit per passage), from one stratified multi-label split.

    Passages of one group (e.g. the sentences of one document) stay in one fold.

    The pipelines share their feature step (``build_classifier`` with the same cues), so features are fitted
    once per fold and each family's linear models are fitted on them.
    """
    fold_of = grouped_folds(Y, groups or [str(i) for i in range(len(texts))], [1.0] * folds, seed)
    units = passage_units(texts, unit)
    margins = {name: np.zeros(Y.shape, dtype=float) for name in pipelines}
    first = next(iter(pipelines.values()))
    for k in range(folds):
        test = np.flatnonzero(fold_of == k)
        train = np.flatnonzero(fold_of != k)
        features = clone(first.named_steps["features"])
        X_train = in_canonical_order(features.fit_transform([texts[i] for i in train]))
        test_units = [units[i] for i in test]
        X_test = features.transform([u for group in test_units for u in group])
        for name, pipeline in pipelines.items():
            model = clone(pipeline.named_steps["model"]).fit(X_train, Y[train])
            unit_margins = np.asarray(model.decision_function(X_test)).reshape(X_test.shape[0], -1)
            margins[name][test] = group_max(unit_margins, [len(group) for group in test_units])
        if progress:
            progress(f"fold {k + 1}/{folds}")
    return margins


def passage_cues(cues: dict[str, list[str]] | None, texts: list[str], labels: list[str], unit: str) -> np.ndarray:
    """Whether each passage has a cue phrase of each label in one of the units the model scores."""
    units = passage_units(texts, unit)
    counter = CueCounter(cues).fit([])
    flat = cue_presence(counter, counter.transform([u for group in units for u in group]), labels)
    return group_max(flat.astype(int), [len(group) for group in units]).astype(bool)


def calibrate(margins: np.ndarray, Y: np.ndarray) -> tuple[list[list[float]], np.ndarray]:
    """Per-label Platt scaling fitted on out-of-fold margins; returns it and the calibrated probabilities."""
    calibration = [list(fit_sigmoid(margins[:, j], Y[:, j])) for j in range(Y.shape[1])]
    slope, intercept = np.asarray(calibration).T
    return calibration, 1.0 / (1.0 + np.exp(-(margins * slope + intercept)))


def check_trainable(corpus: Corpus) -> None:
    """Fail when a label has too few positive (or negative) passages to train and cross-validate."""
    Y = corpus.indicator()
    for j, label in enumerate(corpus.labels):
        pos = int(Y[:, j].sum())
        if pos == 0:
            raise CorpusError(f"{corpus.path}: label {label!r} has no positive passages")
        if pos < MIN_POSITIVES:
            raise CorpusError(f"{corpus.path}: label {label!r} has {pos} positive passages; training needs {MIN_POSITIVES}")
        if len(Y) - pos < MIN_POSITIVES:
            raise CorpusError(f"{corpus.path}: label {label!r} is on almost every passage; training needs negatives too")


def chosen_family(comparison: dict[str, dict], families: tuple[str, ...]) -> str:
    """The first family, unless another beats its mean of cross-validated micro and macro F1 by ``FAMILY_MARGIN``:
    smaller differences flip sign with the fold seed."""
    def mean_f1(family: str) -> float:
        scores = comparison[family]["scores"]
        return (scores["micro"]["f1"] + scores["macro"]["f1"]) / 2

    first = families[0]
    best = max(comparison, key=mean_f1)
    return best if mean_f1(best) - mean_f1(first) > FAMILY_MARGIN else first


def training_steps(folds: int) -> int:
    """Number of progress steps ``train`` reports."""
    return folds + 1


def train(
    corpus: Corpus,
    *,
    families: tuple[str, ...] = FAMILIES,
    folds: int = 5,
    seed: int = 0,
    cues: dict[str, list[str]] | None = None,
    unit: str = "sentence",
    decisive_cues: bool = True,
    combine: int = 3,
    jobs: int | None = -1,
    progress: Progress | None = None,
) -> tuple[LabelModel, dict]:
    """Train a ``LabelModel`` on every passage of ``corpus`` and report its cross-validated scores.

    Each model family is cross-validated; each label's margins are calibrated (Platt scaling) on the out-of-fold
    predictions of passages, and its threshold chosen on those of groups (a document's sentences, combined as the
    pipeline combines them, see ``combine``; an ungrouped passage is its own group); the family with the best mean
    of micro and macro F1 is refitted on all passages and keeps that calibration and those thresholds.

    Args:
        corpus: the training passages (exclude the test split before calling).
        families: model families to compare (see ``model.FAMILIES``).
        folds: cross-validation folds (fewer when the rarest label has fewer positives).
        seed: seed of the fold assignment.
        cues: cue phrases per label (None: the packaged practice-issue cues).
        unit: ``sentence`` calibrates and thresholds each passage's best sentence, the way the pipeline
            decides; ``window`` also scores pairs of adjacent sentences (the component's ``windows``);
            ``passage`` calibrates whole passages.
        decisive_cues: give a passage with one of a label's cue phrases at least the share of such passages
            that carry the label (``model.cue_floors``), before thresholds are chosen, and keep each label's
            threshold at or below its floor, so that a cue phrase alone labels a sentence.
        combine: a document's score combines its this many best sentences (``model.combine_scores``; 1: its best
            alone); thresholds are chosen on scores combined this way.
        jobs: processes fitting the per-label models (-1: one per core; None: one).
        progress: called with a short message after each step.

    Returns:
        The fitted model and a report: per-label CV precision/recall/F1/threshold, micro, macro, the family
        comparison, passages, folds and training seconds.
    """
    if jobs == 0:
        raise ValueError("jobs must be a number of processes, -1 for one per core, or None for one")
    check_trainable(corpus)
    started = time.perf_counter()
    texts, Y, labels = corpus.texts, corpus.indicator(), list(corpus.labels)
    folds = int(min(folds, Y.sum(axis=0).min()))
    comparison = {}
    pipelines = {family: build_classifier(cues, family=family, seed=seed, jobs=jobs) for family in families}
    groups = corpus.groups
    Y_groups = group_rows(Y, groups).astype(int)
    floors = None
    if decisive_cues:
        cued = passage_cues(cues, texts, labels, unit)
        floors = cue_floors(cued, Y)
    # the per-label models are fitted in worker processes, each seeding its own generator (threads would share
    # liblinear's, and differ from run to run); features are sent whole: liblinear cannot train on a read-only map
    with parallel_config(backend="loky", max_nbytes=None):
        for family, margins in cross_val_margins(pipelines, texts, Y, folds, seed, progress, unit, groups).items():
            calibration, proba = calibrate(margins, Y)
            if floors is not None:
                proba = np.maximum(proba, cued * np.asarray(floors)[None, :])
            proba = group_rows(proba, groups, combine)
            thresholds = [choose_threshold(Y_groups[:, j], proba[:, j]) for j in range(len(labels))]
            if floors is not None:
                thresholds = capped_at_floors(thresholds, floors)
            scores = label_scores(Y_groups, proba >= np.asarray(thresholds)[None, :], labels)
            comparison[family] = {"calibration": calibration, "thresholds": thresholds, "scores": scores}
            log.info("%s: CV micro-F1 %.3f macro-F1 %.3f", family, scores["micro"]["f1"], scores["macro"]["f1"])
        chosen = chosen_family(comparison, families)
        pipeline = fitted(build_classifier(cues, family=chosen, seed=seed, jobs=jobs), texts, Y)
    model = LabelModel(pipeline, labels, comparison[chosen]["calibration"], comparison[chosen]["thresholds"], floors,
                       combine)
    model.classes_ = np.asarray(labels)
    if progress:
        progress(f"final {chosen} fit")
    best = comparison[chosen]
    report = {
        "family": chosen,
        "labels": labels,
        "thresholds": dict(zip(labels, best["thresholds"])),
        "cue_floors": dict(zip(labels, floors)) if floors is not None else None,
        "cv": best["scores"],
        "comparison": {f: {"micro": c["scores"]["micro"], "macro": c["scores"]["macro"]} for f, c in comparison.items()},
        "passages": len(texts),
        "folds": folds,
        "unit": unit,
        "combine": combine,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return model, report


def train_corpus(
    path: str | Path,
    out: str | Path,
    *,
    labels: list[str] | None = None,
    drop_unlisted: bool = False,
    families: tuple[str, ...] = FAMILIES,
    folds: int = 5,
    seed: int = 0,
    unit: str = "sentence",
    decisive_cues: bool = True,
    jobs: int | None = -1,
    notes: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Train on a corpus file, save the model and its card to ``out``, and score it on the test split if any.

    Passages whose ``split`` is ``test`` are held out from training; when there are some, the saved model is
    evaluated on them and the result is written to the model card (``notes``: Markdown for its Notes section).

    Returns:
        ``{"report": training report, "test": evaluation or None, "out": model directory}``.
    """
    corpus = load_corpus(path, labels, drop_unlisted=drop_unlisted)
    training = corpus.select(exclude={"test"})
    held_out = corpus.select({"test"})
    if not len(training):
        raise CorpusError(f"{path}: every passage is in the test split; nothing to train on")
    model, report = train(training, families=families, folds=folds, seed=seed, unit=unit,
                          decisive_cues=decisive_cues, jobs=jobs, progress=progress)
    splits = sorted({s or "train" for s in training.column("split")})
    info = {"path": str(path), "sha256": corpus.fingerprint(), "passages": len(training), "splits": splits,
            "label_counts": dict(zip(training.labels, map(int, training.indicator().sum(axis=0))))}
    save_model(model, out, report=report, corpus=info, notes=notes)
    test = None
    if len(held_out):
        test = evaluate(model, held_out, unit="passage" if unit == "passage" else "sentence", windows=unit == "window")
        record_evaluation(out, test, corpus=str(path), split="test")
    return {"report": report, "test": test, "out": str(out)}
