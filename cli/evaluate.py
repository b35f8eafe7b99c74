"""``textmine evaluate MODEL CORPUS``: score a trained classifier against a gold corpus."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import textmine
from textmine.classify import evaluate_path, load_model, record_evaluation
from textmine.classify.corpus import load_corpus
from textmine.cli._app import app, fail
from textmine.cli.scores import print_scores
from textmine.io.writers import write_text_atomic

console = Console()


def _excerpt(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("evaluate")
def evaluate_cli(
    model: Annotated[Path, typer.Argument(help="Model directory written by 'textmine train'.")],
    corpus: Annotated[Path, typer.Argument(help="Gold corpus (JSONL, CSV or a saved datasets directory).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every score and error to this JSON file.")] = None,
    split: Annotated[str | None, typer.Option("--split", help="Score only this split (train, dev, test). Default: 'test' when the corpus has one, else every passage.")] = None,
    unit: Annotated[str, typer.Option("--unit", help="sentence: score sentences and aggregate as the pipeline does; passage: score whole passages.")] = "sentence",
    errors: Annotated[int, typer.Option("--errors", help="How many misclassified passages to list.")] = 10,
    record: Annotated[bool, typer.Option("--record", help="Write the result into the model card.")] = False,
) -> None:
    """Per-label precision/recall/F1, micro and macro averages, label confusions and the errors with their text."""
    if unit not in {"sentence", "passage"}:
        fail(f"--unit must be sentence or passage, not '{unit}'")
    try:
        classifier = load_model(model)
        if split is None and "test" in set(load_corpus(corpus, require_positives=False).column("split")):
            split = "test"
        result = evaluate_path(classifier, corpus, split=split, unit=unit)
        if record:
            record_evaluation(model, result, corpus=str(corpus), split=split)
    except textmine.TextmineError as err:
        fail(str(err))
    where = f"{corpus}" + (f" (split {split})" if split else "")
    print_scores(console, result, f"{model} on {where}, unit: {unit}")
    if result["confusions"]:
        table = Table("missed (gold)", "predicted instead", "passages", title="Confusions in the same passage", title_justify="left")
        for c in result["confusions"][:10]:
            table.add_row(c["gold"], c["predicted"], str(c["count"]))
        console.print(table)
    if result["errors"] and errors:
        table = Table("id", "missed", "extra", "text", title=f"Errors ({result['n_errors']}; first {min(errors, result['n_errors'])})", title_justify="left")
        for e in result["errors"][:errors]:
            table.add_row(e["id"], ", ".join(e["missed"]), ", ".join(e["extra"]), _excerpt(e["text"]))
        console.print(table)
    if json_out:
        write_text_atomic(json_out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        console.print(f"scores written to {json_out}")
