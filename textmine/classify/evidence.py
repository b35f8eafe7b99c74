"""Document labels from sentence scores: each label with the sentences that show it.

The classifier scores every sentence (and, optionally, every pair of adjacent sentences, so that a finding
spread over two sentences is still seen; off by default, as it doubles the cost). A document gets a label when
its score reaches the label's threshold: its best unit's probability, or, for a model trained that way, the
combination of its few best (``model.combine_scores``). The evidence is the sentences that reach the threshold on
their own, or the best units that together reach it when none does.
"""

import re

import numpy as np

from textmine.classify.model import LabelModel, combine_scores
from textmine.components.segment import sentence_starts


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence of ``text``, trailing whitespace trimmed (as the segmenter splits)."""
    starts = sentence_starts(text)
    spans = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        end = start + len(text[start:end].rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def scoring_units(sentences: list[tuple[int, int]], windows: bool) -> list[tuple[int, int]]:
    """Units to score, as (first, last) sentence indices: every sentence, then every adjacent pair."""
    units = [(i, i) for i in range(len(sentences))]
    if windows:
        units += [(i, i + 1) for i in range(len(sentences) - 1)]
    return units


# A condition hung on a modal ("a referral would be made if appointments were missed") says what might happen, not
# what did: it is left out of the text a unit is scored on, up to the clause's end or a contrast ("however").
CONDITION_RE = re.compile(
    r"(\b(?:would|will|should|could|might)\b[^.;:?!]*?)\b(?:if|unless|in the event (?:that|of))\b[^.;:?!]*?"
    r"(?=,?\s*\b(?:but|however|although|though|whereas)\b|[.;:?!]|$)",
    re.I,
)


def without_conditions(text: str) -> str:
    """``text`` with modal conditions ("... would be made if X") cut to their main clause."""
    return CONDITION_RE.sub(r"\1", text) if "if" in text or "unless" in text or "event" in text else text


HEADING_WORDS = 3  # a line of at most this many words without a closing stop is a heading ("Weight concerns")


def is_heading(sentence: str) -> bool:
    """Whether a sentence is a short heading line, which names a topic and states no finding."""
    return len(sentence.split()) <= HEADING_WORDS and not sentence.rstrip().endswith((".", "!", "?", '"', "\u201d"))


def unit_texts(text: str, sentences: list[tuple[int, int]], units: list[tuple[int, int]],
               headings: frozenset[int] = frozenset()) -> list[str]:
    """The text of each unit, conditions left out (see ``without_conditions``); a heading on its own (a short
    line, or a sentence index in ``headings``: section titles found by the segmenter) scores as empty text: it
    names a topic, and its topic words alone would decide."""
    texts = []
    for a, b in units:
        unit = text[sentences[a][0] : sentences[b][1]]
        texts.append("" if a == b and (a in headings or is_heading(unit)) else without_conditions(unit))
    return texts


def aggregate(
    text: str,
    sentences: list[tuple[int, int]],
    units: list[tuple[int, int]],
    proba: np.ndarray,
    labels: list[str],
    thresholds: list[float],
    max_evidence: int = 3,
    combine: int | None = None,
) -> list[dict]:
    """Document practice issues (dicts shaped like ``records.PracticeIssue``) from unit probabilities.

    Args:
        text: the document text (evidence offsets point into it).
        sentences: (start, end) of each sentence.
        units: (first, last) sentence indices of each scored unit; ``proba`` has one row per unit.
        proba: probabilities, shape (n_units, n_labels).
        labels: label names, in column order.
        thresholds: per-label decision thresholds.
        max_evidence: evidence sentences kept per label, best first.
        combine: best units combined into the document's score (``combine_scores``; None: the best alone).
    """
    issues = []
    if not len(units):
        return issues
    firsts = np.array([a for a, _ in units])
    singles = np.flatnonzero(firsts == np.array([b for _, b in units]))  # units of one sentence
    scores = combine_scores(proba, combine)
    for j, label in enumerate(labels):
        column = proba[:, j]
        score = float(scores[j])
        if score < thresholds[j]:
            continue
        shown = singles[column[singles] >= thresholds[j]]
        if not shown.size:  # no sentence alone: the fewest best units that together reach it
            picked, missing = [], 1.0
            for u in np.argsort(-column, kind="stable")[: max(1, combine or 1)]:
                picked.append(u)
                missing *= 1.0 - column[u]
                if 1.0 - missing >= thresholds[j]:
                    break
            shown = np.array(picked)
        chosen = shown[np.lexsort((firsts[shown], -column[shown]))][:max_evidence]  # best first, then earliest
        shown_at: dict[int, float] = {}  # sentence -> the best score of a chosen unit holding it
        for u in chosen:
            for index in range(units[u][0], units[u][1] + 1):
                shown_at[index] = max(shown_at.get(index, 0.0), float(column[u]))
        evidence = [
            {"text": text[sentences[i][0] : sentences[i][1]], "start": sentences[i][0], "end": sentences[i][1],
             "score": round(s, 4)}
            for i, s in sorted(shown_at.items())
        ]
        issues.append({"label": label, "score": round(score, 4), "evidence": evidence})
    issues.sort(key=lambda issue: -issue["score"])
    return issues


def classify_texts(model: LabelModel, texts: list[str], *, windows: bool = False, max_evidence: int = 3) -> list[list[dict]]:
    """Practice issues of each text, scoring all sentences of all texts in one call (as the pipeline does)."""
    plans, batch = [], []
    for text in texts:
        sentences = sentence_spans(text)
        units = scoring_units(sentences, windows)
        plans.append((sentences, units, len(batch)))
        batch.extend(unit_texts(text, sentences, units))
    proba = model.predict_proba(batch)
    results = []
    for text, (sentences, units, offset) in zip(texts, plans):
        rows = proba[offset : offset + len(units)]
        results.append(aggregate(text, sentences, units, rows, list(model.labels), list(model.thresholds), max_evidence,
                                 getattr(model, "combine", None)))
    return results
