"""Cost and accuracy of the practice-issue step on an extraction gold corpus (e.g. the development set).

usage: python benchmarks/practice_issues.py GOLD.jsonl [--model DIR] [--repeat 5]
Times the default pipeline over the passages with and without ``practice_issues`` (alternating runs, best of
--repeat each, one process) and scores the document labels against the gold ``practice_issues`` (micro/macro P/R/F1).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

import textmine
from textmine.classify.evaluate import label_scores


def timed(nlp, texts: list[str]) -> tuple[float, list]:
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    return time.perf_counter() - start, docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    overrides = {"components.practice_issues.model": str(args.model)} if args.model else None
    nlp = textmine.load(overrides=overrides)
    # runs alternate with and without the step, so that a busy machine slows both alike; best of each
    with_step = without = float("inf")
    for _ in range(args.repeat):
        with nlp.select_pipes(disable=["practice_issues"]):
            without = min(without, timed(nlp, texts)[0])
        seconds, docs = timed(nlp, texts)
        with_step = min(with_step, seconds)
    print(f"{len(texts)} passages, {words} words")
    print(f"pipeline without practice_issues: {without:.3f}s ({words / without:,.0f} words/s)")
    print(f"pipeline with practice_issues:    {with_step:.3f}s ({words / with_step:,.0f} words/s)")
    print(f"practice_issues adds {100 * (with_step - without) / without:.0f}% to the pipeline's time")
    labels = list(nlp.get_pipe("practice_issues").labels)
    gold = np.array([[label in r.get("practice_issues", []) for label in labels] for r in rows])
    pred = np.array([[any(p["label"] == label for p in doc._.practice_issues) for label in labels] for doc in docs])
    scores = label_scores(gold, pred, labels)
    print(f"document labels: micro P/R/F1 {scores['micro']['precision']:.3f}/{scores['micro']['recall']:.3f}/"
          f"{scores['micro']['f1']:.3f}, macro F1 {scores['macro']['f1']:.3f}, exact {scores['exact']:.3f}")
    for label, s in scores["labels"].items():
        print(f"  {label:28s} gold {s['support']:3d} predicted {s['predicted']:3d} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
