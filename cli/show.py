"""Terminal views and file output shared by the subcommands."""

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from textmine.cli._app import fail
from textmine.io.writers import write_text_atomic
from textmine.records import Record

console = Console()


def _excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show_records(records: list[Record]) -> None:
    """Readable tables of each record's fields."""
    for record in records:
        console.rule(f"[bold]{record.id}[/bold]  {record.source}")
        console.print(f"{len(record.text.split())} words, {len(record.sentences)} sentences, {len(record.sections)} sections")
        if record.sections:
            table = Table("section", "chars", title="Sections", title_justify="left")
            for s in record.sections:
                table.add_row(s.title, f"{s.start}-{s.end}")
            console.print(table)
        if record.entities:
            table = Table("entity", "label", title="Entities", title_justify="left")
            seen = set()
            for e in record.entities:
                if (e.text.lower(), e.label) not in seen:
                    seen.add((e.text.lower(), e.label))
                    table.add_row(e.text, e.label)
            console.print(table)
        if record.abbreviations:
            table = Table("short", "long", "from", title="Abbreviations", title_justify="left")
            seen = set()
            for a in record.abbreviations:
                if a.short not in seen:
                    seen.add(a.short)
                    table.add_row(a.short, a.long, "glossary" if a.glossary else "text")
            console.print(table)
        if record.dates:
            table = Table("date", "value", "type", "relative", title="Dates", title_justify="left")
            for d in record.dates:
                value = " ".join(x for x in (d.value, d.time) if x) or "—"
                table.add_row(d.text, value, d.type, "yes" if d.relative else "")
            console.print(table)
        if record.concerns:
            table = Table("concern", "category", "context", "why", title="Concerns", title_justify="left")
            for c in record.concerns:
                flags = [f for f in ("negated", "uncertain", "historical", "hypothetical") if getattr(c, f)]
                if c.experiencer != "child":
                    flags.append(f"experiencer={c.experiencer}")
                if c.reported_by:
                    flags.append(f"reported by {c.reported_by}")
                why = ", ".join(f"{k}: {v}" for k, v in c.triggers.items())
                table.add_row(c.text, c.category, ", ".join(flags) or "present", why)
            console.print(table)
        if record.practice_issues:
            table = Table("practice issue", "score", "evidence", title="Practice issues", title_justify="left")
            for p in record.practice_issues:
                table.add_row(p.label, f"{p.score:.2f}", _excerpt(p.evidence[0].text) if p.evidence else "")
            console.print(table)
        if record.chronology:
            table = Table("date", "when", "event", title="Chronology", title_justify="left")
            for e in record.chronology:
                table.add_row(e.date or (f"after {e.after}" if e.after else "—"), e.date_text, _excerpt(e.text))
            console.print(table)


def render(records: list[Record], fmt: str) -> str:
    """Records as JSON (one record: an object; several: an array) or JSONL."""
    if fmt == "jsonl":
        return "".join(r.model_dump_json() + "\n" for r in records)
    payload = [r.model_dump(mode="json") for r in records]
    return json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2) + "\n"


def write_output(records: list[Record], fmt: str, out: Path | None) -> None:
    """Write rendered records to ``out`` atomically, or to standard output."""
    write_text(render(records, fmt), out)


def write_text(text: str, out: Path | None) -> None:
    """Write ``text`` to ``out`` atomically, or to standard output; an unwritable ``out`` is one error line."""
    if out is None:
        print(text, end="")
        return
    try:
        write_text_atomic(out, text)
    except OSError as err:
        fail(f"{out}: cannot write the file ({err.strerror or type(err).__name__})")
