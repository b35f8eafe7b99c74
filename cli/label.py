"""``textmine label CORPUS --out GOLD.jsonl``: label passages one key at a time, with the model's suggestions."""

import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.markup import escape

import textmine
from textmine.classify import load_model
from textmine.classify.corpus import load_corpus
from textmine.classify.labelling import ORDERS, LabelSession, Passage, order_passages, read_gold_ids
from textmine.cli._app import app, fail
from textmine.cli.train import parse_labels
from textmine.components.practice_issues import default_model_dir

console = Console(highlight=False)

HELP = ("keys: [bold]number/letter[/bold] toggle a label · [bold]Enter[/bold] or [bold]y[/bold] accept · "
        "[bold]n[/bold] no label · [bold]s[/bold] skip · [bold]u[/bold] undo · [bold]q[/bold] quit · [bold]?[/bold] help")


def read_key() -> str:
    """One key press: raw from the terminal, or one character of piped input (end of input quits)."""
    if sys.stdin.isatty():
        return click.getchar()
    return sys.stdin.read(1) or "q"


def _show(session: LabelSession, total: int) -> None:
    passage = session.current
    console.rule(f"[{session.position + 1}/{total}] {escape(passage.id)}")
    console.print(escape(passage.text))
    console.print()
    for key, label in session.keys.items():
        mark = "[green]x[/green]" if label in session.selected else " "
        score = passage.scores.get(label)
        hint = f"  {score:.2f}" if score is not None else ""
        suggested = " (suggested)" if label in passage.suggested else ""
        console.print(f" [{mark}] [bold]{key}[/bold] {label}{hint}{suggested}")


@app.command("label")
def label_cli(
    corpus: Annotated[Path, typer.Argument(help="Passages to label (JSONL with id and text, CSV, or a saved datasets directory).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Gold JSONL to append answers to; restarting continues where it stopped.")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model whose suggestions are shown (default: the shipped model).")] = None,
    labels: Annotated[str | None, typer.Option("--labels", help="Comma-separated label set (default: the model's labels).")] = None,
    order: Annotated[str, typer.Option("--order", help="uncertainty (most informative first), random or file.")] = "uncertainty",
    seed: Annotated[int, typer.Option("--seed", help="Seed for --order random.")] = 0,
) -> None:
    """Show each passage with suggested labels; toggle with single keys, accept, skip, undo or quit.

    Every answer is appended to OUT at once, so nothing is lost on quit or crash.
    """
    if order not in ORDERS:
        fail(f"--order must be one of {', '.join(ORDERS)}, not '{order}'")
    try:
        chosen = parse_labels(labels)
        classifier = None
        model_dir = model or default_model_dir()
        if model is not None or (model_dir / "meta.json").is_file():
            classifier = load_model(model_dir)
            if chosen is not None and chosen != list(classifier.labels):
                raise textmine.ModelError(
                    f"{model_dir}: the model was trained with a different label set ({', '.join(classifier.labels)})"
                )
        label_set = chosen or (list(classifier.labels) if classifier else None)
        if not label_set:
            fail("no model to take labels from: give --labels a,b,c")
        rows = load_corpus(corpus, label_set, drop_unlisted=True, require_labels=False, require_positives=False)
        done = set(read_gold_ids(out))
        ids, all_texts = rows.ids, rows.texts
        keep = [i for i, row_id in enumerate(ids) if row_id not in done]
        texts = [all_texts[i] for i in keep]
        proba = classifier.predict_proba(texts) if classifier else None
        ranking = order_passages(proba, list(classifier.thresholds) if classifier else None, order, seed) if classifier else list(range(len(texts)))
        sources = rows.column("source")
        passages = []
        for k in ranking:
            scores = dict(zip(classifier.labels, map(float, proba[k]))) if classifier else {}
            suggested = [lb for lb, t in zip(classifier.labels, classifier.thresholds) if scores[lb] >= t] if classifier else []
            passages.append(Passage(ids[keep[k]], texts[k], sources[keep[k]], scores, suggested))
        session = LabelSession(passages, label_set, out)
    except textmine.TextmineError as err:
        fail(str(err))
    if done:
        console.print(f"{len(done)} passages already in {out}; continuing")
    console.print(HELP)
    total = len(passages)
    while session.current is not None:
        _show(session, total)
        while True:
            key = read_key()
            result = session.press(key)
            if result in {"toggle", "clear"}:
                _show(session, total)
                continue
            if result == "help":
                console.print(HELP)
                continue
            if result == "unknown":
                console.print(f"unknown key {key!r}; press ? for help")
                continue
            break
        if result == "quit":
            break
        if result == "nothing-to-undo":
            console.print("nothing to undo")
    console.print(f"{session.saved} answers saved to {out}; {total - session.position} passages left")
