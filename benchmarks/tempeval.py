"""TempEval-3 platinum: textmine's temporal tagger against dateparser, scored by the shared TIMEX3 scorer.

usage: python benchmarks/tempeval.py GOLD.jsonl SCORER.py [--out DIR] [--repeat N]
e.g.   python benchmarks/tempeval.py ../shared/benchmarks/tempeval3_platinum/te3_platinum.jsonl \
           ../shared/benchmarks/score_timex.py --out /tmp/tempeval
Each document's ``dct`` is its reference date. The gold set and its scorer are arguments; nothing of them is copied.
textmine runs with ``vague_references`` on (TimeML tags "now" and "recently"; review prose does not need them).
Prediction files (one per system) are written to --out; both are scored for ``--types ALL`` and ``DATE,TIME``.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from functools import partial
from pathlib import Path

from spacy.language import Language

import textmine
from textmine.io import Document

TYPE_OF_LABEL = {"DATE": "DATE", "TIME": "TIME", "DURATION": "DURATION", "SET": "SET"}


def run_textmine(rows: list[dict], nlp: Language) -> tuple[list[dict], float]:
    """Predictions of the segmenter + date tagger, and the seconds they took."""
    keep = ["segmenter", "dates"]
    docs = [Document(id=r["doc_id"], source=r["doc_id"], text=r["text"], reference_date=r["dct"]) for r in rows]
    with nlp.select_pipes(enable=keep):
        t0 = time.perf_counter()
        out = []
        for row, document in zip(rows, docs):
            doc = textmine.make_doc(nlp, document)
            timexes = [
                {"start": s.start_char, "end": s.end_char, "type": TYPE_OF_LABEL[s.label_], "value": s._.date_value}
                for s in doc.spans["dates"]
                if s.label_ in TYPE_OF_LABEL  # ages are not TIMEX3 expressions
            ]
            out.append({"doc_id": row["doc_id"], "timexes": timexes})
        elapsed = time.perf_counter() - t0
    return out, elapsed


def run_dateparser(rows: list[dict]) -> tuple[list[dict], float]:
    """Predictions of ``dateparser.search.search_dates`` (day-level values), and the seconds they took."""
    from dateparser.search import search_dates

    t0 = time.perf_counter()
    out = []
    for row in rows:
        base = datetime.fromisoformat(row["dct"])
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(row["text"], languages=["en"], settings=settings) or []
        timexes, pos = [], 0
        for surface, when in found:
            start = row["text"].find(surface, pos)
            if start < 0:
                continue
            pos = start + len(surface)
            timexes.append({"start": start, "end": pos, "type": "DATE", "value": _written_granularity(surface, when)})
        out.append({"doc_id": row["doc_id"], "timexes": timexes})
    return out, time.perf_counter() - t0


def _written_granularity(surface: str, when: datetime) -> str:
    """dateparser's datetime cut to what the surface states (a year alone, a month and year), to be fair to it."""
    if re.fullmatch(r"\s*(?:in\s+)?\d{4}\s*", surface):
        return f"{when.year:04d}"
    has_day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", surface) or re.search(
        r"(?i)\b(?:today|yesterday|tomorrow|mon|tue|wed|thu|fri|sat|sun)", surface
    )
    if not has_day and re.search(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", surface):
        return f"{when.year:04d}-{when.month:02d}"
    return when.date().isoformat()


def score(scorer: Path, gold: Path, pred: Path, types: str) -> dict:
    """The shared scorer's JSON result."""
    res = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--types", types, "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(res.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("scorer", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="folder for the prediction files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per system; the fastest is reported")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = args.out or Path(tempfile.mkdtemp(prefix="tempeval-"))
    out.mkdir(parents=True, exist_ok=True)
    tokens = sum(len(re.findall(r"\S+", r["text"])) for r in rows)
    systems = {}
    nlp = textmine.load(overrides={"components.dates.vague_references": True})
    for name, runner in (("textmine", partial(run_textmine, nlp=nlp)), ("dateparser", run_dateparser)):
        runs = [runner(rows) for _ in range(args.repeat)]
        pred, elapsed = runs[0][0], min(t for _, t in runs)  # best of N: the machine is shared
        path = out / f"{name}.jsonl"
        meta = {"_meta": {"system": name, "seconds": round(elapsed, 4), "tokens_per_second": round(tokens / elapsed)}}
        path.write_text("".join(json.dumps(x) + "\n" for x in [meta, *pred]), encoding="utf-8")
        systems[name] = (path, elapsed)
    print(f"{len(rows)} documents, {tokens} tokens; predictions in {out}")
    header = f"{'':34s}" + "".join(f"{n:>12s}" for n in systems)
    for types in ("ALL", "DATE,TIME"):
        results = {n: score(args.scorer, args.gold, p, types) for n, (p, _) in systems.items()}
        print(f"\n--types {types}\n{header}")
        lines = [
            ("strict F1", "strict_f1"),
            ("relaxed F1", "relaxed_f1"),
            ("value accuracy (relaxed matches)", "value_accuracy"),
            ("value F1 (TempEval-3)", "value_f1"),
        ]
        for label, key in lines:
            print(f"{label:34s}" + "".join(f"{results[n][key]:12.3f}" for n in systems))
    print(f"\n{'tokens/second':34s}" + "".join(f"{tokens / e:12,.0f}" for _, e in systems.values()))
    ratio = systems["dateparser"][1] / systems["textmine"][1]
    print(f"textmine is {ratio:.1f}x dateparser's speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
