"""The sample corpus reads cleanly and its data card describes what is really there."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from textmine.io import Document, iter_corpus

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
CARD_ROW_RE = re.compile(r"^\| `(?P<file>[^`]+)` \|[^|]+\|[^|]+\| (?P<words>\d+)", re.M)


@pytest.fixture(scope="module")
def items() -> list:
    return list(iter_corpus(SAMPLE))


def test_sample_corpus_reads_without_errors(items):
    assert all(isinstance(item, Document) for item in items), [str(i) for i in items if not isinstance(i, Document)]
    assert [d.id for d in items] == [
        "case_notes_family_m", "learning_briefing_child_k", "news_review_baby_q",
        "note-001", "note-002", "note-003", "note-004", "note-005", "review_child_k",
    ]


def test_sample_corpus_document_lengths(items):
    for document in items:
        if not document.id.startswith("note-"):
            assert 300 <= len(document.text.split()) <= 700, document.id


def test_sample_corpus_notes_have_reference_dates(items):
    notes = [d for d in items if d.id.startswith("note-")]
    assert notes and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.reference_date) for d in notes)
    assert all(set(d.metadata) == {"agency", "author"} for d in notes)


def test_sample_corpus_data_card_word_counts(items):
    words: dict[str, int] = defaultdict(int)
    for document in items:
        words[Path(document.source.split(":")[0]).name] += len(document.text.split())
    card = {m["file"]: int(m["words"]) for m in CARD_ROW_RE.finditer((SAMPLE / "README.md").read_text("utf-8"))}
    assert card == dict(words)
