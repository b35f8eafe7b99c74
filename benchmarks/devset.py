"""Score the whole record on an extraction gold corpus (SPEC §5), e.g. the development set.

usage: python benchmarks/devset.py GOLD.jsonl SCORER.py [--pred OUT.jsonl] [--only-ids a,b]
The gold corpus and its scorer are taken as arguments; nothing of them is copied into the project.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import textmine
from textmine.io import Document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("scorer", type=Path)
    parser.add_argument("--pred", type=Path, help="keep the predictions here")
    parser.add_argument("--only-ids", default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.only_ids:
        keep = set(args.only_ids.split(","))
        rows = [r for r in rows if r["id"] in keep]
    docs = [Document(id=r["id"], source=r.get("source", ""), text=r["text"], reference_date=r.get("reference_date")) for r in rows]
    nlp = textmine.load()
    t0 = time.perf_counter()
    records = list(textmine.process(docs, nlp=nlp))
    elapsed = time.perf_counter() - t0
    words = sum(len(r["text"].split()) for r in rows)
    print(f"{len(rows)} passages, {words} words in {elapsed:.2f}s ({words / max(elapsed, 1e-9):,.0f} words/s)")
    with tempfile.TemporaryDirectory() as scratch:
        pred = args.pred or Path(scratch) / "pred.jsonl"
        pred.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
        cmd = [sys.executable, str(args.scorer), str(args.gold), str(pred)]
        if args.only_ids:
            cmd += ["--only-ids", args.only_ids]
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
