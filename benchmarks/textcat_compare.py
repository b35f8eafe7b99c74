"""spaCy ``textcat_multilabel`` against the shipped practice-issue classifier, evaluated the same way.

usage: python benchmarks/textcat_compare.py CORPUS [--devset GOLD.jsonl] [--folds 5] [--epochs 15]
       [--arch bow ensemble] [--seed 0] [--batch-size 32] [--repeat 3]

Every family is trained on the corpus's train + dev passages and decides the way the pipeline does: each passage's
sentences are scored and a label is given when its best sentence passes the label's threshold. Per family:
(a) cross-validation on train + dev (``stratified_folds(Y, [1] * folds, seed)``, grouped as ``train`` does),
per-label Platt calibration and thresholds chosen on the out-of-fold best-sentence scores, micro/macro F1; (b) a refit
on train + dev, scored on the held-out ``test`` split with the thresholds of (a); (c) with ``--devset``, document
labels of the extraction gold set's passages; (d) sentences scored per second. The shipped approach gives two rows:
the model in models/practice-issues ((a) from its card, (b)-(d) measured) and ``textmine.classify.train.train`` run
now on the same passages with the current code ((a) from its CV, (b)-(d) from its refit).

spaCy models are blank English pipelines with textmine's tokenizer and one ``textcat_multilabel`` trained in-process
(``nlp.initialize`` + ``nlp.update``, fixed seed, no pretrained vectors). Their epoch count is chosen once per
architecture on the corpus's own split: train on ``train``, score ``dev`` after each epoch (mean average precision
of the best-sentence scores), keep the best epoch, stop after 3 epochs without gain; CV and refit use that count.
"""

import argparse
import functools
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import spacy
from sklearn.metrics import average_precision_score
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from textmine.classify.corpus import Corpus, grouped_folds, load_corpus
from textmine.classify.evaluate import label_scores
from textmine.classify.persist import load_model, read_meta
from textmine.classify.train import calibrate, choose_threshold, group_max, passage_units, train

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "practice-issues"
PATIENCE = 3
DROPOUT = 0.2
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "textmine.Tokenizer.v1"}}}

BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 262144}
# small CNN token vectors hashed from NORM/PREFIX/SUFFIX/SHAPE; nothing pretrained
CNN = {"@architectures": "spacy.HashEmbedCNN.v2", "width": 64, "depth": 2, "embed_size": 2000, "window_size": 1,
       "maxout_pieces": 3, "subword_features": True, "pretrained_vectors": None}
ARCHITECTURES = {
    "bow": BOW,
    "ensemble": {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": CNN, "linear_model": BOW},
    "reduce": {"@architectures": "spacy.TextCatReduce.v1", "exclusive_classes": False, "use_reduce_first": False,
               "use_reduce_last": False, "use_reduce_max": True, "use_reduce_mean": True, "tok2vec": CNN},
}
ARCH_NAMES = {"bow": "spaCy TextCatBOW.v3 (1-2 grams)", "ensemble": "spaCy TextCatEnsemble.v2 (HashEmbedCNN + BOW)",
              "reduce": "spaCy TextCatReduce.v1 (HashEmbedCNN)"}


def blank_textcat(arch: str, labels: list[str], seed: int):
    """A blank English pipeline with textmine's tokenizer and an untrained ``textcat_multilabel``."""
    fix_random_seed(seed)
    nlp = spacy.blank("en", config=TOKENIZER)
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": ARCHITECTURES[arch]})
    for label in labels:
        textcat.add_label(label)
    return nlp


def examples(nlp, texts: list[str], Y: np.ndarray, labels: list[str]) -> list[Example]:
    """Training examples: each passage with all its labels as 0/1 cats."""
    return [Example.from_dict(nlp.make_doc(text), {"cats": {label: float(y) for label, y in zip(labels, row)}})
            for text, row in zip(texts, Y)]


def epochs_of(nlp, train_examples: list[Example], seed: int, batch_size: int):
    """Yield after each epoch of shuffled minibatch updates (forever; the caller stops)."""
    optimizer = nlp.initialize(lambda: train_examples)
    rng = random.Random(seed)
    order = list(train_examples)
    epoch = 0
    while True:
        rng.shuffle(order)
        for batch in minibatch(order, size=batch_size):
            nlp.update(batch, sgd=optimizer, drop=DROPOUT)
        epoch += 1
        yield epoch


def fit(arch: str, texts: list[str], Y: np.ndarray, labels: list[str], epochs: int, seed: int, batch_size: int):
    """A ``textcat_multilabel`` pipeline trained on the passages for ``epochs`` epochs."""
    nlp = blank_textcat(arch, labels, seed)
    for epoch in epochs_of(nlp, examples(nlp, texts, Y, labels), seed, batch_size):
        if epoch >= epochs:
            return nlp


def sentence_scores(nlp, sentences: list[str], labels: list[str], batch_size: int = 256) -> np.ndarray:
    """Each sentence's label probabilities, an array (n_sentences, n_labels)."""
    rows = [[doc.cats[label] for label in labels] for doc in nlp.pipe(sentences, batch_size=batch_size)]
    return np.asarray(rows, dtype=float).reshape(len(sentences), len(labels))


def best_sentence(score, units: list[list[str]]) -> np.ndarray:
    """Per passage, each label's best sentence score (``score`` maps a list of sentences to an array)."""
    return group_max(score([u for group in units for u in group]), [len(group) for group in units])


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities (clipped), the margins Platt scaling is fitted on."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def platt(margins: np.ndarray, calibration: list[list[float]]) -> np.ndarray:
    """Probabilities of margins under per-label (slope, intercept) calibration."""
    slope, intercept = np.asarray(calibration).T
    return 1.0 / (1.0 + np.exp(-(margins * slope + intercept)))


def choose_epochs(arch: str, corpus: Corpus, max_epochs: int, seed: int, batch_size: int) -> tuple[int, list[float]]:
    """Best epoch count on the corpus's dev split for a model trained on its train split, and the curve."""
    train_part, dev_part = corpus.select({"train"}), corpus.select({"dev"})
    labels, Y_dev = corpus.labels, dev_part.indicator()
    dev_units = passage_units(dev_part.texts, "sentence")
    nlp = blank_textcat(arch, labels, seed)
    curve: list[float] = []
    for epoch in epochs_of(nlp, examples(nlp, train_part.texts, train_part.indicator(), labels), seed, batch_size):
        best = best_sentence(functools.partial(sentence_scores, nlp, labels=labels), dev_units)
        curve.append(float(np.mean([average_precision_score(Y_dev[:, j], best[:, j]) for j in range(len(labels))])))
        if epoch >= max_epochs or epoch - (int(np.argmax(curve)) + 1) >= PATIENCE:
            return int(np.argmax(curve)) + 1, curve


def cross_validate(arch: str, texts: list[str], Y: np.ndarray, groups: list[str], labels: list[str], folds: int,
                   epochs: int, seed: int, batch_size: int) -> np.ndarray:
    """Out-of-fold best-sentence margins (log-odds) of each passage, on the folds of ``train.cross_val_margins``.

    Without groups these are ``stratified_folds(Y, [1.0] * folds, seed)``; a group's passages share a fold.
    """
    fold_of = grouped_folds(Y, groups, [1.0] * folds, seed)
    units = passage_units(texts, "sentence")
    margins = np.zeros(Y.shape)
    for k in range(folds):
        held, kept = np.flatnonzero(fold_of == k), np.flatnonzero(fold_of != k)
        nlp = fit(arch, [texts[i] for i in kept], Y[kept], labels, epochs, seed, batch_size)
        score = functools.partial(sentence_scores, nlp, labels=labels)
        margins[held] = logit(best_sentence(score, [units[i] for i in held]))
        print(f"  {arch}: fold {k + 1}/{folds} done", file=sys.stderr, flush=True)
    return margins


def decide_scores(proba: np.ndarray, thresholds: list[float], Y: np.ndarray, labels: list[str]) -> dict:
    """``label_scores`` of thresholded probabilities."""
    return label_scores(Y, proba >= np.asarray(thresholds)[None, :], labels)


def timed_rate(score, sentences: list[str], repeat: int) -> float:
    """Sentences per second of ``score`` over ``sentences``, best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        score(sentences)
        best = min(best, time.perf_counter() - start)
    return len(sentences) / best


def read_devset(path: Path, labels: list[str]) -> tuple[list[str], np.ndarray]:
    """Passages and gold document labels (``practice_issues``) of an extraction gold corpus."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    Y = np.array([[label in (row.get("practice_issues") or []) for label in labels] for row in rows], dtype=int)
    return [row["text"] for row in rows], Y


class Evaluation:
    """The data every family is scored on: train + dev passages, the test split, the devset and speed sentences."""

    def __init__(self, corpus: Corpus, devset: Path | None, folds: int) -> None:
        self.corpus = corpus
        fitting, test = corpus.select(exclude={"test"}), corpus.select({"test"})
        self.fitting, self.labels = fitting, list(corpus.labels)
        self.texts, self.Y = fitting.texts, fitting.indicator()
        self.folds = int(min(folds, self.Y.sum(axis=0).min()))
        self.parts = {"test": (passage_units(test.texts, "sentence"), test.indicator())}
        if devset:
            dev_texts, Y_dev = read_devset(devset, self.labels)
            self.parts["devset"] = (passage_units(dev_texts, "sentence"), Y_dev)
        self.speed_sentences = [u for units, _Y in self.parts.values() for group in units for u in group]

    def held_out(self, score, to_proba, thresholds: list[float]) -> dict:
        """Scores of each held-out part: best sentence per passage, ``to_proba`` applied, thresholded."""
        return {part: decide_scores(to_proba(best_sentence(score, units)), thresholds, Y, self.labels)
                for part, (units, Y) in self.parts.items()}


def sklearn_rows(data: Evaluation, seed: int, repeat: int) -> list[dict]:
    """The shipped approach: the model in models/practice-issues, and ``train`` run now on the same corpus.

    The first row scores the saved model (its CV figures are those of its card); the second refits with the
    current code, as ``textmine train`` would, so the two differ only when the code or corpus changed since.
    """
    shipped, meta = load_model(SHIPPED), read_meta(SHIPPED)
    if list(shipped.labels) != data.labels:
        raise SystemExit(f"error: {SHIPPED} has labels {shipped.labels}, the corpus {data.labels}")
    if meta["corpus"].get("sha256") != data.corpus.fingerprint():
        print(f"note: {SHIPPED} was trained on a different version of the corpus", flush=True)
    family = meta["training"]["family"]
    started = time.perf_counter()
    refit, report = train(data.fitting, families=(family,), folds=data.folds, seed=seed)
    seconds = time.perf_counter() - started
    rows = [{"family": f"sklearn {family}: models/practice-issues", "cv": meta["training"]["cv"], "seconds": None},
            {"family": f"sklearn {family}: refit now", "cv": report["cv"], "seconds": seconds}]
    for row, model in zip(rows, (shipped, refit)):
        row.update(data.held_out(model.predict_proba, lambda p: p, model.thresholds))
        row["rate"] = timed_rate(model.predict_proba, data.speed_sentences, repeat)
    print(f"sklearn {family}: refit now in {seconds:.0f}s (CV + final fit)", flush=True)
    return rows


def textcat_row(arch: str, data: Evaluation, max_epochs: int, seed: int, batch_size: int, repeat: int) -> dict:
    """A ``textcat_multilabel`` architecture: epochs chosen on the dev split, then CV, refit and held-out scores."""
    labels, Y = data.labels, data.Y
    started = time.perf_counter()
    epochs, curve = choose_epochs(arch, data.corpus, max_epochs, seed, batch_size)
    chosen_at = time.perf_counter()
    margins = cross_validate(arch, data.texts, Y, data.fitting.groups, labels, data.folds, epochs, seed, batch_size)
    calibration, proba = calibrate(margins, Y)
    thresholds = [choose_threshold(Y[:, j], proba[:, j]) for j in range(len(labels))]
    refit_at = time.perf_counter()
    nlp = fit(arch, data.texts, Y, labels, epochs, seed, batch_size)
    done = time.perf_counter()
    score = functools.partial(sentence_scores, nlp, labels=labels)
    row = {"family": ARCH_NAMES[arch], "cv": decide_scores(proba, thresholds, Y, labels), "seconds": done - started}
    row.update(data.held_out(score, lambda p: platt(logit(p), calibration), thresholds))
    row["rate"] = timed_rate(score, data.speed_sentences, repeat)
    print(f"{row['family']}: {epochs} epochs (dev-split mean AP per epoch: {', '.join(f'{x:.3f}' for x in curve)}); "
          f"seconds: choosing epochs {chosen_at - started:.0f}, CV {refit_at - chosen_at:.0f}, "
          f"refit {done - refit_at:.0f}", flush=True)
    return row


def print_tables(results: list[dict], labels: list[str]) -> None:
    """The comparison table, then per-label F1 of each family on CV, test and devset."""
    parts = [part for part in ("cv", "test", "devset") if part in results[0]]
    header = ["family", "CV micro", "CV macro", "test micro", "test macro", "devset micro", "devset macro",
              "sentences/s", "train seconds"]
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in results:
        cells = [f"{row[part][avg]['f1']:.3f}" if part in row else "-"
                 for part in ("cv", "test", "devset") for avg in ("micro", "macro")]
        seconds = "-" if row["seconds"] is None else f"{row['seconds']:.0f}"
        print("| " + " | ".join([row["family"], *cells, f"{row['rate']:,.0f}", seconds]) + " |")
    names = [f"F1 {i}" for i in range(len(results))]
    key = "; ".join(f"{name}: {row['family']}" for name, row in zip(names, results))
    for part in parts:
        print(f"\nper-label F1, {part} ({key})")
        print("| label | support | " + " | ".join(names) + " |\n|" + "---|" * (len(names) + 2))
        for label in labels:
            cells = [f"{row[part]['labels'][label]['f1']:.3f}" for row in results]
            print(f"| {label} | {results[0][part]['labels'][label]['support']} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--devset", type=Path, default=None, help="extraction gold JSONL (document labels)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=15, help="most epochs tried when choosing the epoch count")
    parser.add_argument("--arch", nargs="+", choices=sorted(ARCHITECTURES), default=["bow", "ensemble"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3, help="speed runs (best is kept)")
    args = parser.parse_args()
    data = Evaluation(load_corpus(args.corpus), args.devset, args.folds)
    print(f"{len(data.texts)} train+dev passages, {len(data.parts['test'][0])} test passages, "
          + (f"{len(data.parts['devset'][0])} devset passages, " if args.devset else "")
          + f"{data.folds} folds; speed on {len(data.speed_sentences)} sentences", flush=True)
    results = sklearn_rows(data, args.seed, args.repeat)
    for arch in args.arch:
        results.append(textcat_row(arch, data, args.epochs, args.seed, args.batch_size, args.repeat))
    print_tables(results, data.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
