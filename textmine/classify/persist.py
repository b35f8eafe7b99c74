"""Saving and loading classifiers: a skops file, its metadata and a model card, in one directory.

A model directory holds ``classifier.skops`` (never a pickle: loading rebuilds only the types skops trusts by
default plus ``TRUSTED_TYPES``), ``meta.json`` (labels, thresholds, the file's SHA-256, training report) and
``README.md`` (the model card, rendered from ``meta.json``).
"""

import datetime as dt
import hashlib
import json
import platform
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import skops.io as sio
from skops.io.exceptions import UntrustedTypesFoundException

from textmine.classify.model import LabelModel
from textmine.errors import ModelError, first_line
from textmine.io.writers import write_text_atomic

MODEL_FILE = "classifier.skops"
META_FILE = "meta.json"
CARD_FILE = "README.md"
FORMAT = "textmine-classifier/1"

# Types outside skops' default trust that a textmine classifier is made of; anything else is refused.
TRUSTED_TYPES = [
    "textmine.classify.features.CompactTfidfVectorizer",
    "textmine.classify.features.CueCounter",
    "textmine.classify.features.ShortfallWords",
    "textmine.classify.features.char_wb_4grams",  # a module-level function: the char TF-IDF analyzer
    "textmine.classify.model.LabelModel",
]
LIBRARIES = ("textmine", "scikit-learn", "skops", "numpy", "scipy", "spacy", "datasets")


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries a saved model depends on."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: LabelModel, directory: str | Path, *, report: dict | None = None,
               corpus: dict | None = None, notes: str | None = None) -> Path:
    """Write ``model`` and its card to ``directory`` (created if needed); returns the directory.

    Args:
        model: the fitted model.
        directory: the model directory.
        report: the training report of ``train.train`` (cross-validated scores, thresholds, comparison).
        corpus: what the model was trained on: path, fingerprint, passages, label counts.
        notes: Markdown for the card's Notes section (measurements made outside training, caveats).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    tmp = directory / f".{MODEL_FILE}.tmp"
    sio.dump(model, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(target)
    meta = {
        "format": FORMAT,
        "labels": list(model.labels),
        "thresholds": {label: float(t) for label, t in zip(model.labels, model.thresholds)},
        "sha256": _sha256(target),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
        "corpus": corpus or {},
        "training": report or {},
        "evaluations": [],
        "notes": notes or "",
    }
    write_meta(directory, meta)
    return directory


def read_meta(directory: str | Path) -> dict:
    """The ``meta.json`` of a model directory."""
    path = Path(directory) / META_FILE
    if not path.is_file():
        raise ModelError(f"{path}: model metadata not found (not a textmine model directory?)")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelError(f"{path}: model metadata is not valid JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{path}: not a {FORMAT} model")
    return meta


def write_meta(directory: str | Path, meta: dict) -> None:
    """Write ``meta.json`` and re-render the model card from it."""
    directory = Path(directory)
    write_text_atomic(directory / META_FILE, json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(directory / CARD_FILE, render_card(meta, directory.name))


def load_model(directory: str | Path) -> LabelModel:
    """The model saved in ``directory``; refuses missing, altered or unsafe files with ``ModelError``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelError(f"{directory}: model directory not found")
    meta = read_meta(directory)
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    if _sha256(path) != meta.get("sha256"):
        raise ModelError(f"{path}: checksum does not match {META_FILE} (file altered or tampered with)")
    try:
        model = sio.load(path, trusted=TRUSTED_TYPES)
    except UntrustedTypesFoundException as err:
        raise ModelError(f"{path}: refusing to load untrusted types: {first_line(err)[:300]}") from None
    except Exception as err:  # skops raises many types for a corrupt or crafted file
        raise ModelError(f"{path}: cannot load model ({type(err).__name__}: {first_line(err)[:200]})") from None
    if not isinstance(model, LabelModel) or list(model.labels) != list(meta["labels"]):
        raise ModelError(f"{path}: model does not match {META_FILE} (labels differ)")
    return model


def record_evaluation(directory: str | Path, result: dict, *, corpus: str, split: str | None) -> None:
    """Add an evaluation summary (micro, macro, per label) to the model's metadata and card."""
    meta = read_meta(directory)
    summary = {
        "corpus": corpus,
        "split": split,
        "unit": result.get("unit"),
        "date": dt.date.today().isoformat(),
        "passages": result["passages"],
        "micro": result["micro"],
        "macro": result["macro"],
        "exact": result["exact"],
        "labels": result["labels"],
    }
    meta["evaluations"] = [e for e in meta.get("evaluations", [])
                           if (e["corpus"], e["split"], e.get("unit")) != (corpus, split, summary["unit"])]
    meta["evaluations"].append(summary)
    write_meta(directory, meta)


def _table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def render_card(meta: dict, name: str) -> str:
    """The model card (Markdown) of a model's metadata."""
    training, corpus = meta.get("training") or {}, meta.get("corpus") or {}
    cv = training.get("cv") or {}
    out = [
        f"# Model card: {name}",
        "",
        "A multi-label passage classifier trained with `textmine train` (scikit-learn: word TF-IDF, again for "
        "sentences that state a shortfall, character TF-IDF and cue-phrase counts; one linear model per label "
        "with Platt calibration and a threshold both fitted on cross-validated predictions). Inside the pipeline (`textmine_practice_issues`) it scores every "
        "sentence (with `windows = true`, also every pair of adjacent sentences); a document gets a label when one "
        "of them reaches the label's threshold, with those sentences as evidence.",
        "",
        f"- Created: {meta.get('created', '?')}",
        f"- Model family: {training.get('family', '?')}",
        f"- Labels ({len(meta['labels'])}): {', '.join(f'`{x}`' for x in meta['labels'])}",
        f"- Model file: `{MODEL_FILE}` (skops), SHA-256 `{meta.get('sha256', '?')}`",
        "",
        "## Training corpus",
        "",
        f"- Path: `{corpus.get('path', '?')}`" + (f" (splits used: {', '.join(corpus['splits'])})" if corpus.get("splits") else ""),
        f"- Fingerprint (SHA-256 of id, text and labels of every row): `{corpus.get('sha256', '?')}`",
        f"- Passages: {corpus.get('passages', '?')}; training seconds: {training.get('seconds', '?')}",
        "",
    ]
    if cv:
        floors = training.get("cue_floors") or {}
        rows = []
        for label in meta["labels"]:
            s = cv["labels"].get(label, {})
            rows.append([f"`{label}`", str(s.get("support", 0)), _fmt(s.get("precision", 0)), _fmt(s.get("recall", 0)),
                         _fmt(s.get("f1", 0)), f"{meta['thresholds'][label]:.2f}"]
                        + ([f"{floors.get(label) or 0:.2f}"] if floors else []))
        out += [
            f"## Cross-validated scores ({training.get('folds', '?')}-fold, stratified; unit: {training.get('unit', '?')})",
            "",
            _table(rows, ["label", "positives", "precision", "recall", "F1", "threshold"] + (["cue floor"] if floors else [])),
            "",
            f"Micro P/R/F1 {_fmt(cv['micro']['precision'])} / {_fmt(cv['micro']['recall'])} / {_fmt(cv['micro']['f1'])}; "
            f"macro P/R/F1 {_fmt(cv['macro']['precision'])} / {_fmt(cv['macro']['recall'])} / {_fmt(cv['macro']['f1'])}. "
            "Thresholds are chosen on the same out-of-fold probabilities, so these figures are slightly optimistic; "
            "the held-out evaluations below are not.",
            "",
        ]
    if training.get("comparison"):
        rows = [[f"`{family}`" + (" (kept)" if family == training.get("family") else ""), _fmt(c["micro"]["f1"]),
                 _fmt(c["macro"]["f1"])] for family, c in training["comparison"].items()]
        out += ["## Model families compared (same folds)", "", _table(rows, ["family", "CV micro-F1", "CV macro-F1"]), ""]
    for ev in meta.get("evaluations", []):
        where = f"`{ev['corpus']}`" + (f", split `{ev['split']}`" if ev.get("split") else "")
        rows = [[f"`{label}`", str(s["support"]), _fmt(s["precision"]), _fmt(s["recall"]), _fmt(s["f1"])]
                for label, s in ev["labels"].items()]
        out += [
            f"## Held-out evaluation: {where} ({ev['passages']} passages, unit: {ev.get('unit')}, {ev['date']})",
            "",
            f"Micro P/R/F1 {_fmt(ev['micro']['precision'])} / {_fmt(ev['micro']['recall'])} / **{_fmt(ev['micro']['f1'])}**; "
            f"macro P/R/F1 {_fmt(ev['macro']['precision'])} / {_fmt(ev['macro']['recall'])} / **{_fmt(ev['macro']['f1'])}**; "
            f"exact label set {_fmt(ev['exact'])}.",
            "",
            _table(rows, ["label", "positives", "precision", "recall", "F1"]),
            "",
        ]
    if meta.get("notes"):
        out += ["## Notes", "", meta["notes"].strip(), ""]
    versions = meta.get("versions") or {}
    out += ["## Library versions", "", ", ".join(f"{k} {v}" for k, v in versions.items()), ""]
    return "\n".join(out)
