"""The chronology: one event per dated clause, sorted by date, undated ones kept in narrative order.

Reads ``doc.spans["dates"]`` (with the date attributes), sentences, ``doc.ents`` (actors: AGENCY, PROFESSIONAL,
FAMILY) and ``doc.spans["concerns"]`` (categories not negated or hypothetical); writes ``doc._.chronology`` and
``doc._.context_events`` (background dates: publication, inspection, review scope), both lists of dicts shaped
like :class:`textmine.records.Event`.
"""

import re
from bisect import bisect_left, bisect_right
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.dates import LETTER_DATE_LABELS
from textmine.components.doc_arrays import sentence_token_bounds, token_texts

ACTOR_LABELS = ("AGENCY", "PROFESSIONAL", "FAMILY")
EVENT_TYPES = frozenset({"DATE", "TIME"})
ISO_START_RE = re.compile(r"^(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|W(\d\d)|Q([1-4])|H([12])|(SP|SU|AU|WI)))?")
SEASON_MONTH = {"SP": 3, "SU": 6, "AU": 9, "WI": 12}
QUALIFIER_MONTH = {"early": 1, "mid": 5, "late": 9}
DECADE_RE = re.compile(r"^(\d{3})$")
# an event's date is its day; the clock time or "the early hours" stays in date_text
TIME_OF_DAY_RE = re.compile(r"T(?:MO|AF|EV|NI|DT|\d\d:\d\d)$")
TITLE_TOKENS = 16  # a record's title line is short
# "Arrest note – ", "Crime report – CAIT, ": a record's title before its date
TITLE_DATE_RE = re.compile(r"^[^\n.!?]*[–—:,-]\s*$")
# the labels a letter's or email's own date stands under ("Sent:", "Dictated:"); a meeting's or clinic's "Date:"
# dates the meeting, an event
DATING_LABEL_RE = re.compile(rf"(?i)\b(?:letter\s+date|{LETTER_DATE_LABELS})\b")
DATING_TOKENS = 12  # a line that only dates a record is short
# where a sentence telling two dated events is cut between them
CLAUSE_BREAKS = frozenset({",", ";", ":", "and", "until", "before", "after", "then", "but", "when", "while", "whereas"})


def sort_key(value: str | None, qualifier: str | None = None) -> tuple[int, int, int] | None:
    """(year, month, day) where the interval written as ``value`` starts; None if it is not a calendar value."""
    if not value:
        return None
    decade = DECADE_RE.match(value)
    if decade:
        return int(decade.group(1)) * 10, 1, 1
    m = ISO_START_RE.match(value)
    if not m:
        return None
    y, mo, d, week, quarter, half, season = m.groups()
    year = int(y)
    if week:
        try:
            monday = date.fromisocalendar(year, int(week), 1)
        except ValueError:
            return None
        return monday.year, monday.month, monday.day
    if quarter:
        return year, (int(quarter) - 1) * 3 + 1, 1
    if half:
        return year, 1 if half == "1" else 7, 1
    if season:
        return year, SEASON_MONTH[season], 1
    if mo:
        return year, int(mo), int(d) if d else (10 if qualifier == "mid" else 20 if qualifier == "late" else 1)
    return year, QUALIFIER_MONTH.get(qualifier or "", 1), 1


def is_calendar_value(value: str | None) -> bool:
    """An ISO calendar value (not PRESENT_REF or a duration)."""
    return sort_key(value) is not None


@Language.factory(
    "textmine_chronology",
    requires=["doc.spans"],
    assigns=["doc._.chronology", "doc._.context_events"],
    default_config={"spans_key": "dates", "concerns_key": "concerns"},
)
def make_chronology(nlp: Language, name: str, spans_key: str, concerns_key: str) -> "Chronology":
    return Chronology(name, spans_key=spans_key, concerns_key=concerns_key)


class Chronology:
    """Writes ``doc._.chronology`` (events in date order) and ``doc._.context_events`` (background dates)."""

    def __init__(self, name: str, *, spans_key: str = "dates", concerns_key: str = "concerns") -> None:
        self.name = name
        self.spans_key = spans_key
        self.concerns_key = concerns_key

    def __call__(self, doc: Doc) -> Doc:
        dates = sorted((s for s in doc.spans.get(self.spans_key, []) if s.label_ in EVENT_TYPES), key=lambda s: s.start)
        date_starts = [d.start for d in dates]
        bounds = sentence_token_bounds(doc)
        starts = [start for start, _ in bounds]
        events: list[tuple[int, dict, Span]] = []  # (narrative position, event, date span)
        context: list[dict] = []
        context_sents: set[int] = set()
        text = token_texts(doc)[1]  # ``doc.text`` would build a Token object per token
        units = _Units(
            [e for e in doc.ents if e.label_ in ACTOR_LABELS],
            [c for c in doc.spans.get(self.concerns_key, []) if not (c._.negated or c._.hypothetical)],
        )
        days_at: dict[int, set[str]] = {}  # sentence or entry start -> days of the events already there
        entries = list(doc.spans.get("entries", []))
        entry_starts = [e.start for e in entries]
        partners = _range_partners(text, dates)
        event_dates = [d for d in dates if not d._.context_date and d.start_char not in partners]
        clauses = _clauses(doc, bounds, starts, event_dates)
        for span in dates:
            k = bisect_right(starts, span.start) - 1
            sent = doc[bounds[k][0] : bounds[k][1]]
            if span._.context_date:
                if k not in context_sents:
                    context_sents.add(k)
                    context.append(_event(text, span, sent, units))
                continue
            if span.start_char in partners:  # the far end of a range: one event for the range
                continue
            value = span._.date_value
            if value is not None and not is_calendar_value(value):
                continue  # "now", "recently": not a point on the chronology
            if value is None and span._.anchor is None and span._.granularity != "unknown":
                continue  # nothing to order it after (an anonymised "Day 1" keeps its place)
            unit = clauses.get(span.start, sent)
            j = bisect_right(entry_starts, span.start) - 1
            if j >= 0 and entries[j].start <= sent.start < entries[j].end and sent.start == entries[j].start:
                unit = entries[j]  # the head line of a case-note entry: the event is the whole entry
            if len(sent) <= DATING_TOKENS and _dating_line(text, sent, dates, date_starts):
                continue  # a letter's or email's own date ("16 May 2022", "Sent: 08 July 2021"): nothing happened
            event = _event(text, span, unit, units)
            days = days_at.setdefault(min(unit.start, sent.start), set())  # per sentence or entry, whatever its clauses
            if _day(event["date"]) in days:
                continue  # the same date twice in one sentence or entry ("12.03.19 14:30")
            days.add(_day(event["date"]))
            events.append((len(events), event, span))
        events = _without_title_date(text, bounds, events)
        doc._.chronology = order_events(events)
        doc._.context_events = [_public(e) for e in context]
        return doc


class _ByStart:
    """Spans indexed by start token, so the ones inside a sentence are found without scanning them all."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self.starts = [spans[i].start for i in self.order]

    def inside(self, unit: Span) -> list[Span]:
        """The spans within ``unit``, in their original order."""
        lo, hi = bisect_left(self.starts, unit.start), bisect_left(self.starts, unit.end)
        return [self.spans[i] for i in sorted(i for i in self.order[lo:hi] if self.spans[i].end <= unit.end)]


class _Units:
    """What each sentence or entry holds, worked out once however many dates it has: text, actors, concerns."""

    def __init__(self, actors: list[Span], concerns: list[Span]) -> None:
        self.actors, self.concerns = _ByStart(actors), _ByStart(concerns)
        self.seen: dict[tuple[int, int], tuple[str, list[str], list[str]]] = {}

    def describe(self, unit: Span) -> tuple[str, list[str], list[str]]:
        """The unit's text without trailing space, its actors' texts and its concern categories (first mentions)."""
        key = (unit.start, unit.end)
        if key not in self.seen:
            actors = list(dict.fromkeys(e.text for e in self.actors.inside(unit)))
            concerns = list(dict.fromkeys(c.label_ for c in self.concerns.inside(unit)))
            self.seen[key] = (unit.text.rstrip().rstrip(",;:").rstrip(), actors, concerns)
        return self.seen[key]


def _event(text: str, span: Span, sent: Span, units: _Units) -> dict:
    """The event of date ``span`` told in ``sent`` (a sentence or a case-note entry)."""
    sentence, actors, concerns = units.describe(sent)
    return {
        "date": TIME_OF_DAY_RE.sub("", span._.date_value) if span._.date_value else None,
        "date_text": _date_text(text, span),
        "text": sentence,
        "start": sent.start_char,
        "end": sent.start_char + len(sentence),
        "actors": list(actors),
        "concerns": list(concerns),
        "after": None,
        "_anchor": span._.anchor,
        "_chars": (span.start_char, span.end_char),
        "_qualifier": span._.qualifier,
    }


def _without_title_date(text: str, bounds: list[tuple[int, int]], events: list) -> list:
    """Drop the event of a record's title line ("Custody record extract – 16/03/2023."), the document's first
    sentence naming the record and ending in its date, when another event tells what happened that day."""
    if len(events) < 2 or not bounds:
        return events
    first = events[0][2]
    if first.start >= bounds[0][1] or bounds[0][1] - bounds[0][0] > TITLE_TOKENS:
        return events
    if not TITLE_DATE_RE.search(text, 0, first.start_char) or text[first.end_char : first.end_char + 2].strip(". \n"):
        return events
    day = _day(events[0][1]["date"])
    if not day or not any(_day(e["date"]) == day for _, e, _ in events[1:]):
        return events
    return [(pos - 1, e, span) for pos, e, span in events[1:]]


def _dating_line(text: str, sent: Span, dates: list[Span], date_starts: list[int]) -> bool:
    """A sentence holding nothing but dates and labels for them: the date of a record, not of an event.
    ``dates`` are in token order, ``date_starts`` their first tokens."""
    rest, at = [], sent.start_char
    for span in dates[bisect_left(date_starts, sent.start) : bisect_left(date_starts, sent.end)]:
        rest.append(text[at : span.start_char])
        at = span.end_char
    rest.append(text[at : sent.end_char])
    return not any(c.isalnum() for c in DATING_LABEL_RE.sub(" ", " ".join(rest)))


def _day(value: str | None) -> str:
    """The day of a value, so "2019-03-12" and "2019-03-12T14:30" match ("" when unknown)."""
    return (value or "")[:10]


def _date_text(text: str, span: Span) -> str:
    """The date as written, with a leading preposition ("On 16 May 2013", "in July 2008")."""
    before = text[max(0, span.start_char - 10) : span.start_char]
    m = re.search(r"(?i)\b(on|in|during|by|since|from|until|before|after|at)\s+$", before)
    return (text[span.start_char - len(m.group(0)) : span.end_char] if m else span.text).strip()


def _clauses(doc: Doc, bounds: list[tuple[int, int]], starts: list[int], dates: list[Span]) -> dict[int, Span]:
    """For a sentence telling several dated events, the clause of each date (keyed by its start token): the
    sentence is cut at the last clause break before each later date ("..., resulting in no further action, | until
    the case was escalated ... in September 2013"). A date with no break before it shares the clause before it."""
    by_sentence: dict[int, list[Span]] = {}
    for span in dates:
        by_sentence.setdefault(bisect_right(starts, span.start) - 1, []).append(span)
    out: dict[int, Span] = {}
    for k, spans in by_sentence.items():
        if len(spans) < 2:
            continue
        cuts = [bounds[k][0]]
        for a, b in zip(spans, spans[1:]):
            cut = next((i for i in range(b.start - 1, a.end - 1, -1) if doc[i].lower_ in CLAUSE_BREAKS), None)
            if cut is not None and cut > cuts[-1]:
                cuts.append(cut + 1 if doc[cut].is_punct else cut)
            else:
                cuts.append(cuts[-1])  # no break: shares the clause before
        for n, (span, start) in enumerate(zip(spans, cuts)):
            end = next((c for c in cuts[n + 1 :] if c > start), bounds[k][1])
            if (start, end) != bounds[k]:
                out[span.start] = doc[start:end]
    return out


def _range_partners(text: str, dates: list[Span]) -> set[int]:
    """Start offsets of the second ends of ranges ("May" and "July 2016": the second)."""
    out = set()
    for a, b in zip(dates, dates[1:]):
        gap = text[a.end_char : b.start_char]
        before = text[max(0, a.start_char - 9) : a.start_char].lower()
        if re.fullmatch(r"\s*(?:and|to|until|till|-|–|—)\s*", gap) and (
            "-" in gap or "–" in gap or "—" in gap or re.search(r"(between|from)\s+$", before)
        ):
            out.add(b.start_char)
    return out


def order_events(events: list[tuple[int, dict, Span]]) -> list[dict]:
    """Dated events by interval start (ties: narrative order); undated ones right after the event they follow.

    ``events`` are in narrative order, each with its position in that list. The order is kept as a linked list
    (event id -> next event), so placing each undated event costs only a walk past its siblings.
    """
    dated = [(sort_key(e["date"], e["_qualifier"]), pos, e) for pos, e, _ in events if e["date"] is not None]
    dated.sort(key=lambda t: (t[0], t[1]))
    ordered = [e for _, _, e in dated]
    head = ordered[0] if ordered else None
    following: dict[int, dict | None] = {id(a): b for a, b in zip(ordered, [*ordered[1:], None])}
    placed = {e["_chars"]: e for e in ordered}  # date span offsets -> event already in the order
    for pos, event, _span in events:
        if event["date"] is not None:
            continue
        # follow the event whose date span anchors this one, else the one told just before it
        anchor = event["_anchor"]
        target = placed.get(tuple(anchor)) if anchor is not None else None
        if target is None and pos > 0:
            target = events[pos - 1][1]
        placed[event["_chars"]] = event
        if target is None:
            following[id(event)], head = head, event
            continue
        event["after"] = target["date_text"]
        before, after = target, target["date_text"]
        while (nxt := following[id(before)]) is not None and nxt["date"] is None and nxt["after"] == after:
            before = nxt
        following[id(event)], following[id(before)] = nxt, event
    result = []
    while head is not None:
        result.append(_public(head))
        head = following[id(head)]
    return result


def _public(event: dict) -> dict:
    """The event without the working keys (``_anchor``...)."""
    return {k: v for k, v in event.items() if not k.startswith("_")}
