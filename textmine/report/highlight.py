"""A record's text as escaped HTML with every annotation wrapped in a tag, overlaps split into nested fragments."""

import html
import re
from dataclasses import dataclass

from textmine.records import Concern, Record

MODIFIERS = ("negated", "uncertain", "historical", "hypothetical")
# Tags opened at the same offset with the same end nest in this order, outermost first.
LAYERS = ("evidence", "concern", "entity", "abbreviation", "date")
_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def css_name(value: str) -> str:
    """``value`` made safe to use inside a CSS class name or an element id."""
    return _CSS_UNSAFE.sub("_", value)


@dataclass(frozen=True)
class Mark:
    """One annotation to wrap: offsets, tag, classes, tooltip and (on its first fragment only) an anchor id."""

    start: int
    end: int
    layer: str
    tag: str
    classes: str
    title: str
    anchor: str | None = None

    def open(self, first: bool) -> str:
        """The opening tag; a fragment reopened after an overlap repeats everything but the id."""
        anchor = f' id="{html.escape(self.anchor)}"' if first and self.anchor else ""
        return f'<{self.tag} class="{html.escape(self.classes)}"{anchor} title="{html.escape(self.title)}">'

    def close(self) -> str:
        """The closing tag."""
        return f"</{self.tag}>"


def concern_modifiers(concern: Concern) -> list[str]:
    """The context of a concern in words: each set modifier with its trigger, experiencer and reporter."""
    words = []
    for name in MODIFIERS:
        if getattr(concern, name):
            trigger = concern.triggers.get(name)
            words.append(f"{name} ('{trigger}')" if trigger else name)
    return words


def concern_title(concern: Concern) -> str:
    """Tooltip of a concern: category, modifiers with triggers, experiencer and reporter."""
    parts = [concern.category, *(concern_modifiers(concern) or ["present"])]
    parts.append(f"experiencer: {concern.experiencer}")
    if concern.reported_by:
        trigger = concern.triggers.get("reported_by")
        parts.append(f"reported by: {concern.reported_by}" + (f" ('{trigger}')" if trigger else ""))
    return " · ".join(parts)


def evidence_anchor(prefix: str, start: int, end: int) -> str:
    """The element id of an evidence sentence of one document."""
    return f"{prefix}ev-{start}-{end}"


def concern_anchor(prefix: str, index: int) -> str:
    """The element id of the ``index``-th concern of one document."""
    return f"{prefix}c{index}"


def record_marks(record: Record, prefix: str) -> list[Mark]:
    """Every mark of ``record``: evidence sentences, concerns, entities, abbreviations and dates."""
    marks = []
    evidence: dict[tuple[int, int], list[str]] = {}
    for issue in record.practice_issues:
        for e in issue.evidence:
            evidence.setdefault((e.start, e.end), []).append(f"{issue.label} {e.score:.2f}")
    for (start, end), labels in evidence.items():
        marks.append(Mark(start, end, "evidence", "mark", "evidence", "evidence: " + "; ".join(labels),
                          evidence_anchor(prefix, start, end)))
    for i, c in enumerate(record.concerns):
        flags = " ".join(name for name in MODIFIERS if getattr(c, name))
        classes = f"concern c-{css_name(c.category)}" + (f" {flags}" if flags else "")
        marks.append(Mark(c.start, c.end, "concern", "span", classes, concern_title(c), concern_anchor(prefix, i)))
    for e in record.entities:
        marks.append(Mark(e.start, e.end, "entity", "span", f"ent e-{css_name(e.label)}", e.label))
    for a in record.abbreviations:
        source = "glossary" if a.glossary else "defined in the text"
        marks.append(Mark(a.start, a.end, "abbreviation", "abbr", "abbr", f"{a.long} ({source})"))
    for d in record.dates:
        title = " ".join(x for x in (d.type, d.value or "unresolved", d.time) if x)
        title += (" · context" if d.context else "") + (" · relative" if d.relative else "")
        marks.append(Mark(d.start, d.end, "date", "span", "date" + (" context" if d.context else ""), title))
    return marks


def highlight(text: str, marks: list[Mark]) -> str:
    """``text`` HTML-escaped with each mark wrapped; a mark crossing another's end is closed and reopened there.

    Marks outside the text or empty are ignored, so a hand-edited record cannot break the markup.
    """
    order = {layer: i for i, layer in enumerate(LAYERS)}
    marks = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, order[m.layer]),
    )
    points = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    stack: list[Mark] = []
    pos = following = 0
    for point in points:
        out.append(html.escape(text[pos:point], quote=False))
        pos = point
        if any(m.end == point for m in stack):
            reopen = []
            while any(m.end == point for m in stack):
                mark = stack.pop()
                out.append(mark.close())
                if mark.end != point:
                    reopen.append(mark)
            for mark in reversed(reopen):
                out.append(mark.open(first=False))
                stack.append(mark)
        while following < len(marks) and marks[following].start == point:
            mark = marks[following]
            out.append(mark.open(first=True))
            stack.append(mark)
            following += 1
    return "".join(out)
