"""Corpus figures for the report: theme prevalence and practice-issue co-occurrence, counted in documents."""

from textmine.records import CONCERN_CATEGORIES, PRACTICE_ISSUES, Concern, Record


def is_affirmed(concern: Concern) -> bool:
    """Whether a concern is stated as present: neither negated nor hypothetical (uncertain ones count)."""
    return not (concern.negated or concern.hypothetical)


def issue_labels(records: list[Record]) -> list[str]:
    """Practice-issue labels to chart: the taxonomy's (zeros included) plus any other label the records carry.

    Records scored with a user's own label set, sharing no label with the taxonomy, chart only their own labels.
    """
    seen = {p.label for r in records for p in r.practice_issues}
    if seen and not seen & set(PRACTICE_ISSUES):
        return sorted(seen)
    return [*PRACTICE_ISSUES, *sorted(seen - set(PRACTICE_ISSUES))]


def issue_prevalence(records: list[Record]) -> dict[str, int]:
    """Number of documents having each practice issue, most frequent first (ties in label order)."""
    counts = {label: 0 for label in issue_labels(records)}
    for record in records:
        for label in {p.label for p in record.practice_issues}:
            counts[label] += 1
    return _by_count(counts)


def concern_prevalence(records: list[Record]) -> dict[str, int]:
    """Number of documents with at least one affirmed concern of each category, most frequent first."""
    counts = {category: 0 for category in CONCERN_CATEGORIES}
    for record in records:
        for category in {c.category for c in record.concerns if is_affirmed(c)}:
            counts[category] += 1
    return _by_count(counts)


def issue_cooccurrence(records: list[Record]) -> tuple[list[str], list[list[int]]]:
    """Labels found in any document and the matrix of documents having both (the diagonal: having the label)."""
    labels = [label for label, n in issue_prevalence(records).items() if n]
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for record in records:
        present = sorted({index[p.label] for p in record.practice_issues})
        for i in present:
            for j in present:
                matrix[i][j] += 1
    return labels, matrix


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
