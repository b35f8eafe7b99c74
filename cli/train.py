"""``textmine train CORPUS --out models/NAME``: train a multi-label passage classifier on any label set."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

import textmine
from textmine.classify.model import FAMILIES
from textmine.classify.train import train_corpus, training_steps
from textmine.cli._app import app, fail
from textmine.cli.scores import print_scores

console = Console()


def parse_labels(labels: str | None) -> list[str] | None:
    """``a,b,c`` as a list (None when not given)."""
    if labels is None:
        return None
    names = [x.strip() for x in labels.split(",") if x.strip()]
    if not names:
        fail("--labels needs at least one label name")
    return names


@app.command("train")
def train_cli(
    corpus: Annotated[Path, typer.Argument(help="Annotated corpus: JSONL ({id, text, labels, split}), CSV or a saved datasets directory.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory to write, e.g. models/my-model.")],
    labels: Annotated[str | None, typer.Option("--labels", help="Comma-separated label set; a corpus label outside it is an error. Default: every label in the corpus.")] = None,
    drop_unlisted: Annotated[bool, typer.Option("--drop-unlisted", help="With --labels: ignore corpus labels not listed instead of failing.")] = False,
    family: Annotated[str | None, typer.Option("--family", help=f"Train only this model family ({', '.join(FAMILIES)}); default: compare all and keep the best.")] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the cross-validation split.")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", help="Processes fitting the per-label models (-1: one per core, -2: all but one).")] = -1,
    notes: Annotated[Path | None, typer.Option("--notes", help="Markdown file whose text goes into the model card's Notes section.")] = None,
) -> None:
    """Train a classifier; print the cross-validated per-label scores and write them to the model card.

    Passages whose split is 'test' are held out and scored after training.
    """
    if family is not None and family not in FAMILIES:
        fail(f"--family must be one of {', '.join(FAMILIES)}, not '{family}'")
    if jobs == 0:
        fail("--jobs must be a number of processes, or -1 for one per core")
    families = (family,) if family else FAMILIES
    try:
        note_text = notes.read_text(encoding="utf-8") if notes else None
    except (OSError, UnicodeDecodeError) as err:
        fail(f"{notes}: cannot read notes ({err.__class__.__name__})")
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console,
                      transient=True) as progress:
            task = progress.add_task("cross-validating", total=training_steps(folds))
            result = train_corpus(
                corpus, out, labels=parse_labels(labels), drop_unlisted=drop_unlisted, families=families,
                folds=folds, seed=seed, jobs=jobs, notes=note_text, progress=lambda message: progress.update(task, advance=1, description=message),
            )
    except textmine.TextmineError as err:
        fail(str(err))
    report = result["report"]
    console.print(f"trained [bold]{report['family']}[/bold] on {report['passages']} passages in {report['seconds']}s")
    print_scores(console, report["cv"], f"Cross-validated ({report['folds']}-fold) scores", report["thresholds"])
    for name, scores in report["comparison"].items():
        console.print(f"  {name}: CV micro-F1 {scores['micro']['f1']:.3f}, macro-F1 {scores['macro']['f1']:.3f}"
                      + ("  (kept)" if name == report["family"] else ""))
    if result["test"]:
        print_scores(console, result["test"], "Held-out test split")
    console.print(f"model written to {out} (card: {Path(out) / 'README.md'})")
