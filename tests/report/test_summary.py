"""Corpus figures: documents per practice issue, per affirmed concern category, and issues found together."""

import pytest

from textmine.records import PRACTICE_ISSUES, Concern, PracticeIssue, Record
from textmine.report.summary import concern_prevalence, is_affirmed, issue_cooccurrence, issue_labels, issue_prevalence


def record(issues: list[str], concerns: list[dict] | None = None) -> Record:
    return Record(
        id="r", source="test", text="x",
        practice_issues=[PracticeIssue(label=label, score=0.9) for label in issues],
        concerns=[Concern(text="x", start=0, end=1, **c) for c in concerns or []],
    )


@pytest.mark.parametrize(
    "flags, affirmed",
    [({}, True), ({"uncertain": True}, True), ({"historical": True}, True), ({"negated": True}, False),
     ({"hypothetical": True}, False)],
    ids=["present", "uncertain", "historical", "negated", "hypothetical"],
)
def test_summary_affirmed(flags, affirmed):
    assert is_affirmed(Concern(text="x", category="neglect", start=0, end=1, **flags)) is affirmed


def test_summary_issue_prevalence_counts_documents_not_mentions():
    records = [record(["escalation", "assessment"]), record(["assessment"]), record([])]
    counts = issue_prevalence(records)
    assert list(counts)[:2] == ["assessment", "escalation"]  # most frequent first
    assert counts["assessment"] == 2 and counts["escalation"] == 1 and counts["voice_of_child"] == 0
    assert set(counts) == set(PRACTICE_ISSUES)


@pytest.mark.parametrize(
    "issues, labels",
    [
        ([["escalation"], ["my_label"]], [*PRACTICE_ISSUES, "my_label"]),
        ([["risk"], ["harm", "risk"]], ["harm", "risk"]),
        ([[]], list(PRACTICE_ISSUES)),
    ],
    ids=["taxonomy-plus-own", "own-label-set", "none"],
)
def test_summary_issue_labels(issues, labels):
    assert issue_labels([record(i) for i in issues]) == labels


def test_summary_concern_prevalence_counts_affirmed_only():
    records = [
        record([], [{"category": "neglect"}, {"category": "neglect"}]),
        record([], [{"category": "neglect", "uncertain": True}, {"category": "self_harm", "negated": True}]),
        record([], [{"category": "self_harm", "hypothetical": True}, {"category": "death", "historical": True}]),
    ]
    counts = concern_prevalence(records)
    assert {k: v for k, v in counts.items() if v} == {"neglect": 2, "death": 1}
    assert counts["self_harm"] == 0


def test_summary_cooccurrence_matrix():
    records = [record(["a", "b"]), record(["a", "b", "c"]), record(["a"]), record([])]
    labels, matrix = issue_cooccurrence(records)
    assert labels == ["a", "b", "c"]
    assert matrix == [[3, 2, 1], [2, 2, 1], [1, 1, 1]]
