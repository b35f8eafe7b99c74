"""Classification corpora: load (JSONL, CSV, a saved ``datasets`` dataset), validate, split.

A row is ``{"id", "text", "labels": [...], "source", "register", "split"}`` (SPEC §5). CSV files have a ``text``
column and either a ``labels`` column (names separated by ``;``) or one 0/1 column per label. Rows are validated
one by one and every problem raises ``CorpusError`` naming the file and row.
"""

import csv
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from textmine.errors import CorpusError, first_line
from textmine.records import PRACTICE_ISSUES

FIELDS = ("id", "text", "labels", "source", "register", "split", "group")
SPLITS = ("train", "dev", "test")
_CSV_META = {"id", "text", "labels", "source", "register", "split", "group", "reference_date"}


def corpus_features():
    """The ``datasets`` Features of a classification corpus."""
    from datasets import Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "labels": List(Value("string")),
            "source": Value("string"),
            "register": Value("string"),
            "split": Value("string"),
            "group": Value("string"),
        }
    )


@dataclass
class Corpus:
    """A validated classification corpus: a ``datasets.Dataset`` plus its label set and where it came from."""

    dataset: "object"  # datasets.Dataset (imported lazily: ``datasets`` is slow to import)
    labels: list[str]
    path: str

    def __len__(self) -> int:
        return len(self.dataset)

    def column(self, name: str) -> list:
        """One field of every passage, in order (read as one Arrow column: row by row is ten times slower)."""
        return self.dataset.with_format("arrow")[name].to_pylist()

    @property
    def texts(self) -> list[str]:
        """The passages' texts, in order."""
        return self.column("text")

    @property
    def ids(self) -> list[str]:
        """The passages' ids, in order."""
        return self.column("id")

    @property
    def groups(self) -> list[str]:
        """Each passage's group (passages of one group stay in one split and fold); ungrouped ones get their id."""
        return [group or f"\0{id_}" for group, id_ in zip(self.column("group"), self.column("id"))]

    def indicator(self) -> np.ndarray:
        """Binary matrix (n_passages, n_labels) of the gold labels, columns in ``labels`` order."""
        column = {label: j for j, label in enumerate(self.labels)}
        Y = np.zeros((len(self.dataset), len(self.labels)), dtype=np.int64)
        for i, labels in enumerate(self.column("labels")):
            for label in labels:
                Y[i, column[label]] = 1
        return Y

    def select(self, splits: set[str] | None = None, *, exclude: set[str] | None = None) -> "Corpus":
        """The rows whose ``split`` is in ``splits`` (rows without a split count as ``train``), minus ``exclude``."""
        def keep(split: str) -> bool:
            split = split or "train"
            return (splits is None or split in splits) and not (exclude and split in exclude)

        indices = [i for i, split in enumerate(self.column("split")) if keep(split)]
        return Corpus(self.dataset.select(indices), list(self.labels), self.path)

    def fingerprint(self) -> str:
        """SHA-256 of the validated rows (stable across JSONL/CSV/datasets forms of the same data)."""
        digest = hashlib.sha256()
        for id_, text, labels in zip(self.column("id"), self.column("text"), self.column("labels")):
            digest.update(json.dumps([id_, text, sorted(labels)], ensure_ascii=False).encode())
        return digest.hexdigest()


def _read_jsonl(path: Path) -> list[tuple[int, object]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: not UTF-8 text") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append((lineno, json.loads(line)))
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}:{lineno}: not valid JSON ({err.msg})") from None
    return rows


def _read_csv(path: Path) -> list[tuple[int, object]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "text" not in reader.fieldnames:
                raise CorpusError(f"{path}:1: CSV header needs a 'text' column")
            label_columns = [c for c in reader.fieldnames if c not in _CSV_META]
            rows = []
            for lineno, raw in enumerate(reader, start=2):
                row = {k: v for k, v in raw.items() if k in _CSV_META and k != "labels" and v not in (None, "")}
                if raw.get("labels") is not None:
                    row["labels"] = [x.strip() for x in raw["labels"].split(";") if x.strip()]
                else:
                    labels = []
                    for column in label_columns:
                        value = (raw.get(column) or "").strip()
                        if value not in {"", "0", "1"}:
                            raise CorpusError(f"{path}:{lineno}: column '{column}' must be 0 or 1, not {value!r}")
                        if value == "1":
                            labels.append(column)
                    row["labels"] = labels
                rows.append((lineno, row))
            return rows
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: not UTF-8 text") from None
    except csv.Error as err:
        raise CorpusError(f"{path}: malformed CSV ({err})") from None


def _read_saved_dataset(path: Path) -> list[tuple[int, object]]:
    from datasets import load_from_disk

    try:
        dataset = load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as err:
        raise CorpusError(f"{path}: not a saved datasets dataset ({first_line(err)})") from None
    return [(i, dict(row)) for i, row in enumerate(dataset, start=1)]


def read_rows(path: str | Path) -> list[tuple[int, object]]:
    """(row number, raw row) pairs of a JSONL or CSV file or a saved ``datasets`` dataset directory."""
    path = Path(path)
    if path.is_dir():
        return _read_saved_dataset(path)
    if not path.is_file():
        raise CorpusError(f"{path}: corpus not found")
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    if path.suffix.lower() in {".jsonl", ".json", ".ndjson"}:
        return _read_jsonl(path)
    raise CorpusError(f"{path}: unsupported corpus format (expected .jsonl, .csv or a saved datasets directory)")


def _validate_row(path: Path, lineno: int, raw: object, require_labels: bool) -> dict:
    where = f"{path}:{lineno}"
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: a row must be an object with 'text' and 'labels'")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: 'text' must be a non-empty string")
    labels = raw.get("labels")
    if labels is None and not require_labels:
        labels = []
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise CorpusError(f"{where}: 'labels' must be a list of label names")
    split = raw.get("split") or ""
    if split and split not in SPLITS:
        raise CorpusError(f"{where}: 'split' must be one of {', '.join(SPLITS)}, not {split!r}")
    return {
        "id": str(raw.get("id") if raw.get("id") not in (None, "") else f"{path.stem}-{lineno}"),
        "text": text,
        "labels": list(dict.fromkeys(labels)),
        "source": str(raw.get("source") or ""),
        "register": str(raw.get("register") or ""),
        "split": split,
        "group": str(raw.get("group") or ""),
    }


def default_label_order(found: set[str]) -> list[str]:
    """Taxonomy order for practice-issue labels, alphabetical for any other coding frame."""
    if found <= set(PRACTICE_ISSUES):
        return [label for label in PRACTICE_ISSUES if label in found]
    return sorted(found)


def load_corpus(
    path: str | Path,
    labels: list[str] | None = None,
    *,
    drop_unlisted: bool = False,
    require_labels: bool = True,
    require_positives: bool = True,
) -> Corpus:
    """Load and validate a classification corpus.

    Args:
        path: a ``.jsonl`` or ``.csv`` file, or a directory saved with ``Dataset.save_to_disk``.
        labels: the label set; a row label outside it is an error (or dropped with ``drop_unlisted``).
            None: every label found in the corpus.
        drop_unlisted: ignore row labels outside ``labels`` instead of failing.
        require_labels: rows must carry ``labels`` (False: unlabelled passages, e.g. for annotation).
        require_positives: every label of the set needs at least one positive passage (as training does).
    """
    from datasets import Dataset

    path = Path(path)
    rows, seen = [], {}
    allowed = set(labels) if labels is not None else None
    for lineno, raw in read_rows(path):
        row = _validate_row(path, lineno, raw, require_labels)
        if row["id"] in seen:
            raise CorpusError(f"{path}:{lineno}: duplicate id {row['id']!r} (first at row {seen[row['id']]})")
        seen[row["id"]] = lineno
        if allowed is not None:
            unknown = [x for x in row["labels"] if x not in allowed]
            if unknown and not drop_unlisted:
                raise CorpusError(
                    f"{path}:{lineno}: unknown label {unknown[0]!r} (expected one of: {', '.join(labels)})"
                )
            row["labels"] = [x for x in row["labels"] if x in allowed]
        rows.append(row)
    if not rows:
        raise CorpusError(f"{path}: empty corpus (no passages)")
    counts = Counter(label for row in rows for label in row["labels"])
    label_set = list(labels) if labels is not None else default_label_order(set(counts))
    if require_labels and require_positives:
        if not label_set:
            raise CorpusError(f"{path}: no passage carries a label")
        missing = [label for label in label_set if not counts[label]]
        if missing:
            raise CorpusError(f"{path}: label {missing[0]!r} has no positive passages")
    dataset = Dataset.from_list(rows, features=corpus_features())
    return Corpus(dataset, label_set, str(path))


def stratified_folds(Y: np.ndarray, ratios: list[float], seed: int = 0) -> np.ndarray:
    """Fold index of each row, keeping every label's share close to ``ratios`` (iterative stratification).

    Rarest labels are placed first; each row goes to the fold that still needs most of that label
    (Sechidis, Tsoumakas and Vlahavas 2011). Rows without labels fill the folds' remaining room.
    """
    rng = np.random.default_rng(seed)
    n, k = Y.shape
    ratios = np.asarray(ratios, dtype=float) / sum(ratios)
    want_label = ratios[:, None] * Y.sum(axis=0)[None, :]
    want_total = ratios * n
    fold = np.full(n, -1)
    remaining = Y.astype(bool).copy()
    while True:
        counts = remaining[fold < 0].sum(axis=0) if k else np.zeros(0)
        live = np.flatnonzero(counts)
        if not len(live):
            break
        label = live[np.argmin(counts[live])]
        rows = np.flatnonzero((fold < 0) & remaining[:, label])
        for row in rng.permutation(rows):
            need = want_label[:, label]
            best = np.flatnonzero(need == need.max())
            if len(best) > 1:
                best = best[want_total[best] == want_total[best].max()]
            chosen = rng.choice(best)
            fold[row] = chosen
            want_label[chosen] -= Y[row]
            want_total[chosen] -= 1
    for row in rng.permutation(np.flatnonzero(fold < 0)):
        best = np.flatnonzero(want_total == want_total.max())
        chosen = rng.choice(best)
        fold[row] = chosen
        want_total[chosen] -= 1
    return fold


def grouped_folds(Y: np.ndarray, groups: list[str], ratios: list[float], seed: int = 0) -> np.ndarray:
    """``stratified_folds`` over groups of rows (a group's labels are its rows' union); each row takes its group's fold."""
    names = list(dict.fromkeys(groups))
    if len(names) == len(groups):
        return stratified_folds(Y, ratios, seed)
    index = {name: k for k, name in enumerate(names)}
    of_row = np.fromiter((index[g] for g in groups), int, len(groups))
    Y_groups = np.zeros((len(names), Y.shape[1]), dtype=Y.dtype)
    np.maximum.at(Y_groups, of_row, Y)
    return stratified_folds(Y_groups, ratios, seed)[of_row]


def assign_splits(corpus: Corpus, ratios: tuple[float, float, float] = (0.7, 0.15, 0.15), seed: int = 0) -> list[str]:
    """A stratified train/dev/test split name for each passage of ``corpus`` (a group's passages share one)."""
    folds = grouped_folds(corpus.indicator(), corpus.groups, list(ratios), seed)
    return [SPLITS[f] for f in folds]
