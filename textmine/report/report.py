"""A self-contained HTML report of one document or a corpus (template: ``report.html``, Jinja2, autoescaped).

One document: highlighted text, concerns with their context, practice issues with evidence linked into the text,
the chronology timeline (markup and styles of ``chronology.html``) and an abbreviations glossary. A corpus adds a
summary first (theme prevalence charts, practice-issue co-occurrence) and puts each document in a ``<details>``.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import jinja2
from markupsafe import Markup

from textmine.components.chronology import sort_key
from textmine.records import CONCERN_CATEGORIES, ENTITY_LABELS, Record
from textmine.report.chronology import _timeline
from textmine.report.highlight import (
    MODIFIERS,
    concern_anchor,
    concern_modifiers,
    css_name,
    evidence_anchor,
    highlight,
    record_marks,
)
from textmine.report.summary import concern_prevalence, is_affirmed, issue_cooccurrence, issue_prevalence

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


@dataclass(frozen=True)
class Bar:
    """One bar of a prevalence chart: ``count`` documents of ``total``."""

    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        """Fraction of the documents."""
        return self.count / self.total if self.total else 0.0


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["css_name"] = css_name
    return env.from_string((files("textmine.report") / "report.html").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _chronology_css() -> str:
    """The timeline styles of the chronology page, so both pages draw a timeline the same way."""
    match = _STYLE.search((files("textmine.report") / "chronology.html").read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def _document(record: Record, prefix: str) -> dict:
    """What the template shows of one record; ids inside it start with ``prefix`` (unique in the report)."""
    concerns = [
        {
            "anchor": concern_anchor(prefix, i), "text": c.text, "category": c.category,
            "modifiers": ", ".join(concern_modifiers(c)), "experiencer": c.experiencer,
            "reported_by": c.reported_by, "affirmed": is_affirmed(c),
        }
        for i, c in enumerate(record.concerns)
    ]
    issues = [
        {
            "label": p.label, "score": p.score,
            "evidence": [{"anchor": evidence_anchor(prefix, e.start, e.end), "text": e.text, "score": e.score}
                         for e in p.evidence],
        }
        for p in record.practice_issues
    ]
    glossary: dict[str, dict] = {}
    for a in record.abbreviations:
        entry = glossary.setdefault(a.short, {"short": a.short, "long": a.long, "glossary": a.glossary, "uses": 0})
        entry["uses"] += 1
    context = sorted(record.context_events, key=lambda e: sort_key(e.date) or (9999, 12, 31))
    return {
        "prefix": prefix,
        "id": record.id,
        "source": record.source,
        "words": len(record.text.split()),
        "body": Markup(highlight(record.text, record_marks(record, prefix))),
        "entities": len(record.entities),
        "dates": len(record.dates),
        "concerns": concerns,
        "affirmed": sum(c["affirmed"] for c in concerns),
        "issues": issues,
        "events": len(record.chronology),
        "timeline": Markup(_timeline(list(record.chronology))),
        "context_events": len(context),
        "context_timeline": Markup(_timeline(context, flag="context", gaps=False)),
        "glossary": sorted(glossary.values(), key=lambda g: g["short"].lower()),
    }


def _corpus(records: list[Record]) -> dict:
    """The corpus summary: prevalence bars and the co-occurrence matrix."""
    total = len(records)
    labels, matrix = issue_cooccurrence(records)
    return {
        "documents": total,
        "words": sum(len(r.text.split()) for r in records),
        "issue_bars": [Bar(label, n, total) for label, n in issue_prevalence(records).items()],
        "concern_bars": [Bar(label, n, total) for label, n in concern_prevalence(records).items()],
        "labels": labels,
        "matrix": matrix,
    }


def render_report(records: list[Record], title: str | None = None) -> str:
    """A self-contained HTML page reporting ``records``: one document, or a corpus summary and every document.

    Args:
        records: the records to report, in the order to show them.
        title: the page heading; by default the document id, or "Corpus of N documents".

    Raises:
        ValueError: when ``records`` is empty.
    """
    if not records:
        raise ValueError("a report needs at least one record")
    corpus = len(records) > 1
    if title is None:
        title = f"Corpus of {len(records)} documents" if corpus else records[0].id
    return _template().render(
        title=title,
        corpus=_corpus(records) if corpus else None,
        documents=[_document(r, f"d{i}-") for i, r in enumerate(records)],
        chronology_css=Markup(_chronology_css()),
        concern_categories=CONCERN_CATEGORIES,
        entity_labels=ENTITY_LABELS,
        modifiers=MODIFIERS,
    )
