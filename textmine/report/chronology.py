"""A record's chronology as rows, CSV, JSON or a self-contained HTML timeline (template: ``chronology.html``)."""

import csv
import html
import io
import json
from importlib.resources import files
from string import Template

from textmine.components.chronology import sort_key
from textmine.records import Event, Record

FORMATS = ("csv", "json", "html")
COLUMNS = ("kind", "date", "after", "date_text", "text", "start", "end", "actors", "concerns")


def chronology_rows(record: Record) -> list[dict]:
    """Events then context items, one flat dict each (``kind`` is ``event`` or ``context``)."""
    rows = []
    for kind, events in (("event", record.chronology), ("context", record.context_events)):
        for e in events:
            rows.append({"kind": kind, **e.model_dump()})
    return rows


def render_chronology(record: Record, fmt: str) -> str:
    """The chronology of ``record`` as ``csv``, ``json`` or ``html`` text."""
    if fmt == "json":
        payload = {"id": record.id, "source": record.source, "chronology": [e.model_dump() for e in record.chronology],
                   "context_events": [e.model_dump() for e in record.context_events]}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in chronology_rows(record):
            writer.writerow({**row, "actors": "; ".join(row["actors"]), "concerns": "; ".join(row["concerns"])})
        return buffer.getvalue()
    if fmt == "html":
        return _html(record)
    raise ValueError(f"unknown chronology format '{fmt}' (expected one of {', '.join(FORMATS)})")


def _year(event: Event) -> int | None:
    key = sort_key(event.date)
    return key[0] if key else None


def _event_html(event: Event, undated: bool = False, flag: str | None = None) -> str:
    when = html.escape(event.date or (f"after {event.after}" if event.after else "undated"))
    tags = "".join(f'<span class="tag">{html.escape(a)}</span>' for a in event.actors)
    tags += "".join(f'<span class="tag concern">{html.escape(c)}</span>' for c in event.concerns)
    if flag:
        tags += f'<span class="tag flag">{html.escape(flag)}</span>'
    return (
        f'<div class="event{" undated" if undated else ""}"><div><span class="when">{when}</span> '
        f'<span class="written">({html.escape(event.date_text)})</span></div>'
        f'<div class="source">{html.escape(event.text)}</div><div>{tags}</div></div>'
    )


def _timeline(events: list[Event], flag: str | None = None, gaps: bool = True) -> str:
    """Events grouped under year headings, with a marked gap where whole years have no events."""
    parts: list[str] = []
    last_year: int | None = None
    for event in events:
        year = _year(event)
        if year is not None and year != last_year:
            if gaps and last_year is not None and year - last_year > 1:
                missing = year - last_year - 1
                years = f"{last_year + 1}–{year - 1}" if missing > 1 else str(last_year + 1)
                parts.append(f'<div class="gap">{missing} year{"s" if missing > 1 else ""} with no recorded events '
                             f"({years})</div>")
            parts.append(f'<div class="year"><span>{year}</span>&nbsp;</div>')
            last_year = year
        parts.append(_event_html(event, undated=event.date is None, flag=flag))
    return "\n".join(parts) or "<p>None found.</p>"


def _html(record: Record) -> str:
    template = Template((files("textmine.report") / "chronology.html").read_text(encoding="utf-8"))
    dated = sum(1 for e in record.chronology if e.date)
    summary = (f"{len(record.chronology)} events ({dated} dated, {len(record.chronology) - dated} ordered after an "
               f"earlier event); {len(record.context_events)} context dates. Source: {record.source}")
    context = sorted(record.context_events, key=lambda e: sort_key(e.date) or (9999, 12, 31))
    return template.substitute(
        title=html.escape(record.id),
        summary=html.escape(summary),
        events=_timeline(list(record.chronology)),
        context=_timeline(context, flag="context", gaps=False),
    )
