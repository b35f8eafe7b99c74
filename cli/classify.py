"""``textmine classify PATH...``: practice issues of each document, with scores and evidence sentences."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import textmine
from textmine.classify import classifier_pipeline
from textmine.cli._app import app, fail

console = Console()


@app.command("classify")
def classify_cli(
    paths: Annotated[list[Path], typer.Argument(help="Documents (.txt .md .pdf .docx .html).")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory from 'textmine train' (default: the shipped practice-issue model).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Label each document, showing each label's score and the sentences that show it."""
    if fmt not in {"table", "json"}:
        fail(f"--format must be table or json, not '{fmt}'")
    try:
        nlp = classifier_pipeline(model)
        records = textmine.extract(list(paths), nlp=nlp)
    except textmine.TextmineError as err:
        fail(str(err))
    if fmt == "json":
        rows = [{"id": r.id, "source": r.source,
                 "practice_issues": [p.model_dump(mode="json") for p in r.practice_issues]} for r in records]
        print(json.dumps(rows[0] if len(rows) == 1 else rows, indent=2, ensure_ascii=False))
        return
    for record in records:
        console.rule(f"[bold]{record.source}[/bold]")
        if not record.practice_issues:
            console.print("no label reached its threshold")
            continue
        table = Table("label", "score", "evidence (sentence score)", show_lines=True)
        for issue in record.practice_issues:
            evidence = "\n".join(f"{e.text} ({e.score:.2f})" for e in issue.evidence)
            table.add_row(issue.label, f"{issue.score:.2f}", evidence)
        console.print(table)
