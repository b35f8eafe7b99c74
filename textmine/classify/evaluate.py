"""Scoring a multi-label classifier against a gold corpus: per-label and averaged P/R/F1, confusions, errors."""

from collections import Counter

import numpy as np

from textmine.classify.corpus import Corpus, load_corpus
from textmine.classify.evidence import scoring_units, sentence_spans, unit_texts
from textmine.classify.model import LabelModel, combine_scores
from textmine.errors import CorpusError, ModelError

UNITS = ("sentence", "passage")


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def label_scores(Y: np.ndarray, D: np.ndarray, labels: list[str]) -> dict:
    """Per-label, micro and macro precision/recall/F1 of decisions ``D`` against gold ``Y`` (both n x labels).

    Macro averages the labels that have gold positives; ``exact`` is the share of passages whose whole label set
    is right.
    """
    Y, D = Y.astype(bool), D.astype(bool)
    per_label = {}
    for j, label in enumerate(labels):
        tp = int((Y[:, j] & D[:, j]).sum())
        fp = int((~Y[:, j] & D[:, j]).sum())
        fn = int((Y[:, j] & ~D[:, j]).sum())
        per_label[label] = {**_prf(tp, fp, fn), "support": int(Y[:, j].sum()), "predicted": int(D[:, j].sum())}
    micro = _prf(int((Y & D).sum()), int((~Y & D).sum()), int((Y & ~D).sum()))
    scored = [s for s in per_label.values() if s["support"]]
    macro = {k: round(float(np.mean([s[k] for s in scored])) if scored else 0.0, 4) for k in ("precision", "recall", "f1")}
    exact = round(float((Y == D).all(axis=1).mean()) if len(Y) else 0.0, 4)
    return {"labels": per_label, "micro": micro, "macro": macro, "exact": exact, "passages": int(len(Y))}


def group_rows(values: np.ndarray, groups: list[str], combine: int | None = None) -> np.ndarray:
    """Per group (in order of first appearance), each column over its rows: the highest value, or the
    ``combine_scores`` of its ``combine`` best (probabilities of one document's sentences)."""
    index: dict[str, int] = {}
    of_row = np.fromiter((index.setdefault(g, len(index)) for g in groups), int, len(groups))
    if combine and combine > 1:
        order = np.argsort(of_row, kind="stable")
        bounds = np.searchsorted(of_row[order], np.arange(len(index) + 1))
        return np.vstack([combine_scores(values[order[a:b]], combine) for a, b in zip(bounds[:-1], bounds[1:])])
    out = np.full((len(index), values.shape[1]), -np.inf)
    np.maximum.at(out, of_row, values)
    return out


def confusions(Y: np.ndarray, D: np.ndarray, labels: list[str]) -> list[dict]:
    """Pairs (missed gold label, wrongly predicted label) seen in the same passage, most frequent first."""
    counts: Counter = Counter()
    for gold, pred in zip(Y.astype(bool), D.astype(bool)):
        missed = [labels[j] for j in np.flatnonzero(gold & ~pred)]
        extra = [labels[j] for j in np.flatnonzero(~gold & pred)]
        for m in missed:
            for e in extra:
                counts[(m, e)] += 1
    return [{"gold": m, "predicted": e, "count": c} for (m, e), c in counts.most_common()]


def predict_matrix(model: LabelModel, texts: list[str], unit: str = "sentence", windows: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(decisions, scores) for ``texts``: whole passages, or sentences aggregated as inside the pipeline."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    if unit == "passage":
        proba = model.predict_proba(texts)
        return model.decide(proba), proba
    bounds, batch = [0], []
    for text in texts:
        sentences = sentence_spans(text)
        batch.extend(unit_texts(text, sentences, scoring_units(sentences, windows)))
        bounds.append(len(batch))
    proba = model.predict_proba(batch) if batch else np.zeros((0, len(model.labels)))
    combine = getattr(model, "combine", None)
    scores = np.vstack([combine_scores(proba[a:b], combine) if b > a else np.zeros(len(model.labels))
                        for a, b in zip(bounds[:-1], bounds[1:])]) if texts else np.zeros((0, len(model.labels)))
    return model.decide(scores), scores


def check_labels(model: LabelModel, found: list[str], where: str) -> None:
    """Fail when a corpus uses labels the model was not trained with."""
    unknown = [label for label in found if label not in model.labels]
    if unknown:
        raise ModelError(
            f"{where}: the model was trained with a different label set ({', '.join(model.labels)}); "
            f"the corpus also uses: {', '.join(unknown)}"
        )


def evaluate(
    model: LabelModel,
    corpus: Corpus,
    *,
    unit: str = "sentence",
    windows: bool = False,
    max_errors: int | None = None,
) -> dict:
    """Scores of ``model`` on ``corpus``: per label, micro, macro, exact match, confusions and the errors.

    Passages of one group (the sentences of one document) are scored as one document: gold labels are their
    union, the decision and score of a label their best.

    Args:
        model: a fitted ``LabelModel``.
        corpus: the gold passages (their labels must all be known to the model).
        unit: ``sentence`` scores each sentence and aggregates as the pipeline does; ``passage`` scores whole passages.
        windows: with ``unit="sentence"``, also score pairs of adjacent sentences.
        max_errors: keep at most this many error rows (None: all).
    """
    check_labels(model, corpus.labels, corpus.path)
    labels = list(model.labels)
    gold = Corpus(corpus.dataset, labels, corpus.path).indicator()
    texts, ids, groups = corpus.texts, corpus.ids, corpus.groups
    decisions, scores = predict_matrix(model, texts, unit, windows)
    if len(set(groups)) < len(groups):
        gold = group_rows(gold.astype(float), groups)
        scores = group_rows(scores, groups, getattr(model, "combine", None))
        decisions = model.decide(scores)
        members: dict[str, list[int]] = {}
        for i, g in enumerate(groups):
            members.setdefault(g, []).append(i)
        ids = [ids[rows[0]] if len(rows) == 1 else g for g, rows in members.items()]
        texts = [" ".join(texts[i] for i in rows) for rows in members.values()]
    result = label_scores(gold, decisions, labels)
    result["unit"] = unit
    result["confusions"] = confusions(gold, decisions, labels)
    errors = []
    for i, (doc_id, text) in enumerate(zip(ids, texts)):
        g = {labels[j] for j in np.flatnonzero(gold[i])}
        p = {labels[j] for j in np.flatnonzero(decisions[i])}
        if g != p:
            errors.append({
                "id": doc_id, "text": text, "gold": sorted(g), "predicted": sorted(p),
                "missed": sorted(g - p), "extra": sorted(p - g),
                "scores": {labels[j]: round(float(scores[i, j]), 3) for j in range(len(labels)) if scores[i, j] >= 0.05},
            })
    result["errors"] = errors if max_errors is None else errors[:max_errors]
    result["n_errors"] = len(errors)
    return result


def evaluate_path(model: LabelModel, path: str, *, split: str | None = None, unit: str = "sentence",
                  windows: bool = False) -> dict:
    """Evaluate on a corpus file; ``split`` keeps only that split when the corpus has a ``split`` field."""
    corpus = load_corpus(path, require_positives=False)
    check_labels(model, corpus.labels, str(path))
    if split:
        corpus = corpus.select({split})
        if not len(corpus):
            raise CorpusError(f"{path}: no passage in split {split!r}")
    corpus = Corpus(corpus.dataset, list(model.labels), corpus.path)
    return evaluate(model, corpus, unit=unit, windows=windows)
