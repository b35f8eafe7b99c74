"""Practice issues: a trained classifier scores each sentence; document labels come with evidence sentences.

Reads the sentences (``token.is_sent_start``; without a segmenter the text is split by the segmenter's pure
function). Writes ``doc._.practice_issues`` (dicts shaped like ``records.PracticeIssue``, best first) and
``doc.cats`` (every label's best sentence or sentence-pair score). The model is a directory written by
``textmine train`` (default: the shipped ``models/practice-issues``); ``to_disk`` copies it into the saved
pipeline so that the pipeline directory stands alone.
"""

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

import textmine
from textmine.components.doc_arrays import sentence_char_spans, token_texts
from textmine.classify.evidence import aggregate, scoring_units, sentence_spans, unit_texts
from textmine.classify.model import LabelModel, combine_scores
from textmine.classify.persist import CARD_FILE, META_FILE, MODEL_FILE, load_model

DEFAULT_MODEL = "practice-issues"


def default_model_dir() -> Path:
    """The shipped practice-issue model: ``models/practice-issues`` in the repository."""
    return Path(textmine.__file__).resolve().parents[1] / "models" / DEFAULT_MODEL


def section_titles(doc: Doc, sentences: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of the sentences that are section titles (each section span of the segmenter starts with its title,
    a sentence of its own)."""
    sections = doc.spans.get("sections") if doc.spans else None
    if not sections:
        return frozenset()
    starts = {start: k for k, (start, _end) in enumerate(sentences)}
    return frozenset(starts[s.start_char] for s in sections if s.start_char in starts)


@Language.factory(
    "textmine_practice_issues",
    requires=["token.is_sent_start"],
    assigns=["doc.cats", "doc._.practice_issues"],
    default_config={"model": None, "windows": False, "max_evidence": 3},
)
def make_practice_issues(
    nlp: Language, name: str, model: str | None, windows: bool, max_evidence: int
) -> "PracticeIssueTagger":
    return PracticeIssueTagger(name, model=model, windows=windows, max_evidence=max_evidence)


class PracticeIssueTagger:
    """Scores sentences (and adjacent pairs) of a batch of docs in one classifier call.

    Args:
        name: component name.
        model: a model directory; None for the shipped default model.
        windows: also score each pair of adjacent sentences (for a model trained with ``unit="window"``).
        max_evidence: evidence sentences kept per label.
    """

    def __init__(self, name: str, *, model: str | None = None, windows: bool = False, max_evidence: int = 3) -> None:
        self.name = name
        self.model_dir = Path(model) if model else default_model_dir()
        self.windows = windows
        self.max_evidence = max_evidence
        self._model: LabelModel | None = None

    @property
    def model(self) -> LabelModel:
        """The classifier, loaded from ``model_dir`` on first use."""
        if self._model is None:
            self._model = load_model(self.model_dir)
        return self._model

    @property
    def labels(self) -> list[str]:
        """The model's labels."""
        return list(self.model.labels)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the model now (once: spaCy has usually asked for the labels already), so that a missing or altered
        model fails when the pipeline is built."""
        self.model  # noqa: B018

    def _plan(self, doc: Doc, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        if len(doc) and doc.has_annotation("SENT_START"):
            sentences = sentence_char_spans(doc, text)
        else:
            sentences = sentence_spans(text)
        return sentences, scoring_units(sentences, self.windows)

    def _tag(self, docs: list[Doc]) -> None:
        plans, batch = [], []
        for doc in docs:
            text = token_texts(doc)[1]  # ``doc.text`` would build a Token object per token, on every access
            sentences, units = self._plan(doc, text)
            plans.append((text, sentences, units, len(batch)))
            batch.extend(unit_texts(text, sentences, units, section_titles(doc, sentences)))
        model = self.model
        proba = model.predict_proba(batch)
        labels, thresholds = list(model.labels), list(model.thresholds)
        for doc, (text, sentences, units, offset) in zip(docs, plans):
            rows = proba[offset : offset + len(units)]
            combine = getattr(model, "combine", None)
            doc._.practice_issues = aggregate(text, sentences, units, rows, labels, thresholds, self.max_evidence, combine)
            best = combine_scores(rows, combine) if len(rows) else np.zeros(len(labels))
            doc.cats = {label: round(float(score), 4) for label, score in zip(labels, best)}

    def __call__(self, doc: Doc) -> Doc:
        self._tag([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Tag docs in batches: one classifier call per batch."""
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                self._tag(batch)
                yield from batch
                batch = []
        if batch:
            self._tag(batch)
            yield from batch

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the model directory (classifier, metadata, card) into ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model  # noqa: B018  (fail here, not in the copy, when the model is unusable)
        for name in (MODEL_FILE, META_FILE, CARD_FILE):
            source = self.model_dir / name
            if source.is_file() and source.resolve() != (path / name).resolve():
                shutil.copyfile(source, path / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "PracticeIssueTagger":
        """Load the model saved by ``to_disk``."""
        self.model_dir = Path(path)
        self._model = load_model(self.model_dir)
        return self
