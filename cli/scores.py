"""Tables of classifier scores shared by ``train`` and ``evaluate``."""

from rich.console import Console
from rich.table import Table


def print_scores(console: Console, scores: dict, title: str, thresholds: dict | None = None) -> None:
    """Per-label precision/recall/F1 with micro and macro rows."""
    columns = ["label", "positives", "predicted", "precision", "recall", "F1"] + (["threshold"] if thresholds else [])
    table = Table(*columns, title=title, title_justify="left")
    for label, s in scores["labels"].items():
        row = [label, str(s["support"]), str(s["predicted"]), f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"]
        table.add_row(*row, *([f"{thresholds[label]:.2f}"] if thresholds else []))
    for name in ("micro", "macro"):
        s = scores[name]
        table.add_row(f"[bold]{name}[/bold]", "", "", f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"[bold]{s['f1']:.3f}[/bold]",
                      *([""] if thresholds else []))
    console.print(table)
    console.print(f"micro-F1 {scores['micro']['f1']:.3f}  macro-F1 {scores['macro']['f1']:.3f}  "
                  f"exact label set {scores['exact']:.3f}  ({scores['passages']} passages)")
