"""The temporal tagger: finds date, time, duration, set and age expressions and normalises them.

Finding is a compiled grammar over ``doc.text`` (built from the ``dates`` lexicon, see
:mod:`textmine.components.date_grammar`); interpreting is :func:`textmine.components.date_normalise.interpret`.
The component reads sentences, ``doc.spans["sections"]``/``["entries"]`` and ``doc._.reference_date``, and writes
``doc.spans[spans_key]`` (label_ DATE/TIME/DURATION/SET/AGE) with ``span._.date_value``, ``relative``, ``anchor``,
``granularity``, ``qualifier`` and ``context_date``.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.doc_arrays import token_texts
from textmine.components.date_grammar import Grammar, build_grammar, find
from textmine.components.date_normalise import (
    FINE_GRANULARITIES, Context, Timex, anchor_parts, interpret, parse_reference,
)

DAY_RULES = frozenset({"iso", "num_dmy", "num_dm", "num_dm_head", "num_dm_dot_head", "dmy", "mdy"})
DAY_OF_RULES = DAY_RULES | {"holiday"}  # what a clock time or part of day can be "of" ("New Year's Day 2021")
TIME_DATE_GAP_RE = re.compile(r"\s*(?:on|of|,)?\s*(?:the\s+)?", re.I)  # "02:30 on 3 March", "the early hours of 5 May"
DAY_PART_OF_RE = re.compile(r"\s+of\s+(?:the\s+)?", re.I)  # "the early hours of 5 May 2022": one expression
DAY_PART_END_RE = re.compile(r"(?i)\b(?:hours|morning|afternoon|evening|night)$")
EVENING_RE = re.compile(r"(?i)\b(?:evening|night|tonight)\b")
BACK_OFFSET_RE = re.compile(r"(?i)\b(?:earlier|before|beforehand|previously|prior)\b")
PAST_PERFECT_RE = re.compile(
    r"(?i)\bhad\s+(?:not\s+|never\s+|already\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ne|ft|lt|id|ught|ok|ld)\b"
)
EVENING_OF_RE = re.compile(r"(?i)\b(?:evening|night)\s+of\s+(?:the\s+)?$")  # "On the evening of 5 December 2020"
BETWEEN_RE = re.compile(r"(?i)\bbetween\s+$")  # the first end of "between May and July 2016"
NAME_LABELS = frozenset({"CHILD", "FAMILY", "PERSON"})  # entities a month name can be a name inside
CONTEXT_REACH = 80  # characters between a context cue ("published", "rated") and the date it describes
ANCHOR_GRANULARITIES = frozenset({"day", "month", "year", "season", "week", "time"})
YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
ISO_DAY_RE = re.compile(r"\d{4}-\d\d-\d\d")
ISO_YEAR_RE = re.compile(r"\d{4}")
# a record's own date: "Meeting date: 22 June 2022", "Date of review: 08/03/21", "Date:"
LETTER_DATE_LABELS = r"sent|dated|dictated|typed|received"  # the labels of a letter's or email's own date
DATE_LABEL_RE = re.compile(
    r"(?i)\b(?:date(?:\s+of\s+(?:the\s+)?(?:meeting|review|conference|visit|note|entry|report|contact|discussion))?"
    rf"|(?:meeting|review|conference|visit|report|contact|discussion)\s+date|{LETTER_DATE_LABELS})\s*:\s*"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$"  # an email's "Sent: Tuesday 14 February 2023"
)
# a heading's date stands alone: not a birth or due date, not a bound, not inside prose ("On 4 March 2019 the...")
NOT_RECORD_DATE_RE = re.compile(
    r"(?i)(?:\b(?:dob|d\.o\.b\.?|born|birth|edd|due|since|from|until|till|after|before|on|in|at|by|of|to|and|or|"
    r"between|during|around|about|the|than)\W*|\()$"
)
HEAD_REACH = 120  # characters: a heading's date ("STRATEGY MEETING - Child E (12). 28/01/2020")
LABEL_REACH = 400
RELATION_RE = re.compile(r"(?i)\bthe\s+(previous|preceding|following|next|subsequent)\s+$")
PLAN_REACH = 80  # characters from a plan cue to its date
# "by" after a word of the same clause ("SW1 to meet Mr H by 21.2.20"), not opening one ("and by mid-2018 ...")
DEADLINE_RE = re.compile(r"(?i)(?<!\band)(?<!\bbut)(?<!\byet)(?<!\bthen)(?<!\bso)(?<=[a-z0-9])\s+by\s+$")
CLAUSE_BREAK_RE = re.compile(r"(?i)[;,.]|\b(?:but|yet|until|when|before|after|which|while|not)\b")
# where a reported account ends: a new clause that does not continue it ("told the teacher that she was frightened,
# and the school referred on 17 October"; ", and that" carries the account on)
ACCOUNT_END_RE = re.compile(r"(?i),\s+and\s+(?!that\b)|;\s+|\s+but\s+(?!that\b)")
HAVE_RE = re.compile(r"(?i)\s+have\b")  # "should have been seen on": a past failing, not a plan
FULL_DAY_RULES = frozenset({"iso", "num_dmy", "dmy"})
DEICTIC_RULES = frozenset({"deictic_day", "deictic_part", "deictic", "earlier_this"})  # "today", "next week"
ENTRY_DAY_RULES = DEICTIC_RULES | {"weekday"}  # counted from a case-note entry's own day ("on Saturday")
AHEAD_RE = re.compile(r"(?i)(?:next|tomorrow|(?:the|this) coming)\b")  # "review next week": what is to happen
OPEN_QUALIFIER = {"since": "after", "from": "after", "after": "after", "by": "by", "until": "before",
                  "till": "before", "through": "before", "before": "before", "prior to": "before", "up to": "before"}


@Language.factory(
    "textmine_dates",
    requires=["token.is_sent_start", "doc.spans"],
    assigns=["doc.spans", "span._.date_value", "span._.relative", "span._.anchor", "span._.granularity",
             "span._.qualifier", "span._.context_date"],
    default_config={
        "spans_key": "dates",
        "terms": {"@misc": "textmine.lexicon.v1", "name": "dates"},
        "vague_references": False,
    },
)
def make_date_tagger(nlp: Language, name: str, spans_key: str, terms: list[dict], vague_references: bool) -> "DateTagger":
    return DateTagger(name, spans_key=spans_key, terms=terms, vague_references=vague_references)


class _Found:
    """A matched expression on its way to becoming a span."""

    __slots__ = ("start", "end", "rule", "match", "timex", "anchor", "sent", "partner_of", "context")

    def __init__(self, start: int, end: int, rule: str, match: re.Match, sent: int) -> None:
        self.start, self.end, self.rule, self.match, self.sent = start, end, rule, match, sent
        self.timex: Timex | None = None
        self.anchor: tuple[int, int] | None = None
        self.partner_of: "_Found | None" = None
        self.context = False


def _day_parts_joined(text: str, found: list[_Found]) -> list[_Found]:
    """A part of day "of" a written day becomes one expression with it, valued as the day ("the early hours of 5 May
    2022", "the early hours of New Year's Day 2021"): the text keeps the part of day, the chronology dates the day."""
    joined = []
    for i, f in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (nxt is not None and f.rule == "time" and nxt.rule in DAY_OF_RULES and nxt.sent == f.sent
                and DAY_PART_END_RE.search(text, f.start, f.end) and DAY_PART_OF_RE.fullmatch(text, f.end, nxt.start)):
            nxt.start = f.start
            continue
        joined.append(f)
    return joined


class DateTagger:
    """Writes ``doc.spans[spans_key]`` with normalised values; anchors reset at sections and case-note entries.

    Args:
        spans_key: the span group to write.
        terms: rows of the ``dates`` lexicon.
        vague_references: also tag "now", "recently", "the past" (TimeML PRESENT_REF/PAST_REF/FUTURE_REF).
    """

    def __init__(self, name: str, *, spans_key: str, terms: list[dict], vague_references: bool = False) -> None:
        self.name = name
        self.spans_key = spans_key
        self.vague_references = vague_references
        self.grammar: Grammar = build_grammar(terms)

    def __call__(self, doc: Doc) -> Doc:
        _, text = token_texts(doc)
        starts = sentence_starts(doc)
        found = _day_parts_joined(text, self._without_names(doc, self._find(text, starts)))
        if not found:
            doc.spans[self.spans_key] = []
            return doc
        self._resolve(doc, text, starts, found)
        doc.spans[self.spans_key] = self._spans(doc, text, starts, found)
        return doc

    def _find(self, text: str, starts: list[int]) -> list[_Found]:
        """The grammar's matches, each with the index of its sentence."""
        found = []
        dotted_entries = False  # entries headed by dotted full dates ("12.09.22 14:10 T/C from school") came before
        for start, end, rule, m in find(self.grammar, text):
            if rule == "vague_ref" and not self.vague_references:
                continue
            if rule == "num_dmy" and m.group("sep") == "." and (start == 0 or text[start - 1] == "\n"):
                dotted_entries = True
            elif rule == "num_dm_dot_head" and not dotted_entries:
                continue
            sent = bisect_right(starts, start) - 1
            if rule == "anonymised" and text.startswith("Year", start) and self._school_year(text, starts, sent):
                continue  # "excluded from school in Year 9": a class, not an anonymised year
            found.append(_Found(start, end, rule, m, sent))
        return found

    @staticmethod
    def _without_names(doc: Doc, found: list[_Found]) -> list[_Found]:
        """Leave out a bare month name that is a person's name ("April lived with her parents", "April Jones")."""
        if not any(f.rule == "month" for f in found):
            return found
        named = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS]
        return [f for f in found if f.rule != "month" or not any(a <= f.start and f.end <= b for a, b in named)]

    def _school_year(self, text: str, starts: list[int], sent: int) -> bool:
        """Whether the sentence speaks of school, so that a "Year N" in it is a class."""
        return bool(self.grammar.cues["school"].search(text, *_sentence(text, starts, sent)))

    def _resolve(self, doc: Doc, text: str, starts: list[int], found: list[_Found]) -> None:
        """Interpret each expression left to right, carrying the narrative anchor."""
        g = self.grammar
        ref = parse_reference(doc._.reference_date) or self._record_date(doc, text, found)
        sections = list(doc.spans.get("sections", []))
        boundaries = sorted({s.start_char for s in sections} | {s.start_char for s in doc.spans.get("entries", [])})
        # analysis and findings sections jump about in time: there an anchor holds within its sentence only
        jumpy = [(s.start_char, s.end_char) for s in sections if g.lookup("analysis_section", s.label_.strip(" :.").lower())]
        anchor: tuple[str, str] | None = None
        fine_anchor: tuple[str, str] | None = None
        anchor_chars: tuple[int, int] | None = None
        anchor_sent, anchor_block = -1, -1
        carry_year: int | None = None
        future_cache: dict[int, bool] = {}
        entry_days = self._entry_days(doc, found) if any(f.rule in ENTRY_DAY_RULES | {"time"} for f in found) else []
        entry_starts = [start for start, _ in entry_days]
        for i, f in enumerate(found):
            block = bisect_right(boundaries, f.start)
            if block != anchor_block or (anchor_sent != f.sent and any(a <= f.start < b for a, b in jumpy)):
                anchor, anchor_chars, fine_anchor = None, None, None
                anchor_block = block
            if f.sent not in future_cache:
                a, b = _sentence(text, starts, f.sent)
                future_cache[f.sent] = bool(g.cues["future"].search(text, a, b))
            bound = g.cues["open_before"].search(text, max(0, f.start - 14), f.start)
            bound = bound if bound and bound.end() == f.start else None
            looks_back = bool(bound and bound.group("w").lower() in {"since", "before"})
            ahead = bool(bound and bound.group("w").lower() in {"until", "till", "through", "by"})
            year_hint = self._partner_year(text, found, i)
            if year_hint is None and anchor is None and ref is None:
                year_hint = carry_year
            ctx = Context(
                anchor=anchor,
                reference=ref,
                year_hint=year_hint,
                # "through June", "until May": a bound that lies ahead
                future=future_cache[f.sent] or ahead,
                bound_ahead=ahead,
                prefer_reference=ref is not None and (anchor is None or anchor_sent != f.sent),
                fine_anchor=fine_anchor,
                relation=_relation(text, f.start),
                before_anchor=not future_cache[f.sent] and (
                    looks_back or self._in_account(text, starts[f.sent], f.start)
                ),
            )
            entry_day = _entry_day(entry_days, entry_starts, f.start)
            if f.rule in ENTRY_DAY_RULES and entry_day:
                # a case-note entry's "today", "next week" or "on Saturday" counts from the entry's own day, and
                # leaves the narrative's anchor where it is ("Mum says he fell yesterday ... seen that afternoon")
                ctx = replace(ctx, reference=entry_day, before_anchor=ctx.before_anchor or anchor is not None)
            if f.rule == "time" and entry_day and not (anchor and anchor[1] == "day"):
                # a clock time in an entry after a coarser date ("scored 'significant' in May ... collected at
                # 06:10"): the entry's own day
                ctx = replace(ctx, anchor=(entry_day.isoformat(), "day"), fine_anchor=None)
            if f.rule == "time":
                # "at 02:30 on 3 March 2014": a clock time takes the date written right after it
                day = self._day_after_time(text, found, i, ctx)
                if day:
                    ctx = replace(ctx, anchor=(day, "day"), prefer_reference=False)
                    f.anchor = (found[i + 1].start, found[i + 1].end)
            tx = interpret(g, f.rule, f.match, ctx)
            if f.rule == "weekday" and ctx.reference is None and self._proceedings(text, starts, f.sent):
                tx = replace(tx, value=None, used_anchor=False)  # "sentenced on Friday": the news week, not the story's
            if tx.qualifier is None and tx.label == "DATE" and bound:
                tx = replace(tx, qualifier=OPEN_QUALIFIER[" ".join(bound.group("w").lower().split())])
            f.timex = tx
            if tx.used_anchor and anchor_chars is not None and f.anchor is None:
                f.anchor = anchor_chars
            if tx.explicit and tx.value is None:
                # an anonymised date ("Day 1") anchors what follows to an unknown day
                anchor, anchor_chars, anchor_sent, anchor_block = None, (f.start, f.end), f.sent, block
            elif (tx.value and tx.label in {"DATE", "TIME"} and tx.granularity in ANCHOR_GRANULARITIES
                  # a look back leaves the narrative's day as it is, and so does the start of an open period
                  and not (ctx.before_anchor and (tx.used_anchor or anchor))
                  # and so does a flashback: "He had been admitted two days earlier"
                  and not (anchor and self._flashback(text, starts[f.sent], f))
                  # and so does a date about the review itself ("published in May 2022")
                  and not (anchor and self._about_review(text, starts[f.sent], f))
                  # and "this month" around the narrative's day: "later that morning" is still that day
                  and not (anchor and f.rule in DEICTIC_RULES and anchor[0].startswith(tx.value))
                  # and an earlier month or year named inside a sentence after the day ("the incident in May that
                  # police attended"); one that opens a sentence moves the story back ("In July 2018 Child J told")
                  and not (anchor and anchor[1] == "day" and tx.granularity in ("month", "year")
                           and tx.value < anchor[0][: len(tx.value)] and len(text[starts[f.sent] : f.start].split()) > 1)
                  # and a plan ("TCI 12.11.19"): what was to happen
                  and not self._planned(text, starts[f.sent], f)):
                value = tx.value
                if tx.granularity == "time":
                    value = value[:10] if ISO_DAY_RE.match(value) else None
                if value and ISO_YEAR_RE.match(value):
                    anchor = (value, "day" if tx.granularity == "time" else tx.granularity)
                    clock = tx.value[11:13]  # "22" of "2021-02-03T22:47"; letters for a part of day ("TAF")
                    if (tx.label == "TIME" and len(value) == 10 and (
                        EVENING_RE.search(text, f.start, f.end) or (clock.isdigit() and clock >= "18")
                    )) or (tx.granularity == "day" and EVENING_OF_RE.search(text, max(0, f.match.start() - 24),
                                                                            f.match.start())):
                        anchor = (value + "TEV", "day")  # so "the early hours" or "01:10" after it fall on the next day
                    anchor_chars, anchor_sent, anchor_block = (f.start, f.end), f.sent, block
                    if anchor[1] in FINE_GRANULARITIES:
                        fine_anchor = anchor
                    carry_year = anchor_parts(anchor)[0] or carry_year

    def _in_account(self, text: str, sentence_start: int, at: int) -> bool:
        """Whether ``at`` lies in a reported account ("Mother told the health visitor that ...") opened earlier in
        its sentence and not yet closed by a new clause."""
        account = None
        for account in self.grammar.cues["account"].finditer(text, sentence_start, at):
            pass
        return account is not None and not ACCOUNT_END_RE.search(text, account.end(), at)

    def _entry_days(self, doc: Doc, found: list[_Found]) -> list[tuple[int, date | None]]:
        """(start offset, day) of each case-note entry: the full date at its head ("22/05/19 GP2. ..."), None for an
        entry without one. ``found`` is in text order."""
        days = []
        starts = [f.start for f in found]
        for entry in doc.spans.get("entries", []):
            i = bisect_left(starts, entry.start_char)
            head = None
            while i < len(found) and found[i].start < entry.start_char + HEAD_REACH:
                if found[i].rule in FULL_DAY_RULES:
                    head = found[i]
                    break
                i += 1
            day = None
            if head is not None:
                value = interpret(self.grammar, head.rule, head.match, Context()).value
                day = parse_reference(value) if value and ISO_DAY_RE.fullmatch(value) else None
            days.append((entry.start_char, day))
        return sorted(days, key=lambda d: d[0])

    @staticmethod
    def _flashback(text: str, sentence_start: int, f: _Found) -> bool:
        """An offset back from the narrative's day in a past-perfect clause ("had been reported missing four days
        earlier", "had smacked her the night before"): the story steps back and returns."""
        return f.rule in ("offset", "day_after") and bool(BACK_OFFSET_RE.search(f.match.group(0))) and bool(
            PAST_PERFECT_RE.search(text, sentence_start, f.start))

    def _proceedings(self, text: str, starts: list[int], sent: int) -> bool:
        """Whether the sentence reports a publication, a court or an inquest ("published on Thursday", "sentenced at
        Crown Court on Friday"): a news report's weekday there falls in the week it was written, which no text dates."""
        return bool(self.grammar.cues["proceedings"].search(text, *_sentence(text, starts, sent)))

    def _about_review(self, text: str, sentence_start: int, f: _Found) -> bool:
        """A context cue ("published", "inspected") shortly before the date: it dates the review, not the story."""
        return bool(self.grammar.cues["context"].search(text, max(sentence_start, f.start - CONTEXT_REACH), f.start))

    def _record_date(self, doc: Doc, text: str, found: list[_Found]) -> date | None:
        """A single record's own date, when no reference date is given: the date after a "Date:" label near the
        top, else a full date in its heading; "today" and year-less months then resolve against it. None for a
        chronology of several entries."""
        if len(doc.spans.get("entries", [])) > 1:
            return None
        labelled = heading = None
        for f in found:
            if f.start >= LABEL_REACH:
                break
            if f.rule not in FULL_DAY_RULES:
                continue
            value = interpret(self.grammar, f.rule, f.match, Context()).value
            if not (value and ISO_DAY_RE.fullmatch(value)):
                continue
            before = text[max(0, f.start - 40) : f.start]
            if DATE_LABEL_RE.search(before):
                labelled = value
                break
            if heading is None and f.start < HEAD_REACH and not NOT_RECORD_DATE_RE.search(before.rstrip()):
                heading = value
        return parse_reference(labelled or heading)

    def _day_after_time(self, text: str, found: list[_Found], i: int, ctx: Context) -> str | None:
        """The day of an explicit date that directly follows a clock time or part of day ("02:30 on 3 March 2014",
        "the early hours of 5 May 2022", "the early hours of New Year's Day 2021")."""
        if i + 1 >= len(found) or found[i + 1].sent != found[i].sent:
            return None
        nxt = found[i + 1]
        if nxt.rule not in DAY_OF_RULES or not TIME_DATE_GAP_RE.fullmatch(text, found[i].end, nxt.start):
            return None
        value = interpret(self.grammar, nxt.rule, nxt.match, ctx).value
        return value if value and len(value) == 10 else None

    def _partner_year(self, text: str, found: list[_Found], i: int) -> int | None:
        """The year of the next expression when the two form a range ("between May and July 2016").

        Also records the range on the next expression (``partner_of``), so context flags and chronology see it.
        """
        if i + 1 >= len(found):
            return None
        nxt = found[i + 1]
        if not self.grammar.cues["range"].match(text[found[i].end : nxt.start]):
            return None
        nxt.partner_of = found[i]
        if YEAR_RE.search(text, found[i].start, found[i].end):
            return None
        year = YEAR_RE.search(text, nxt.start, nxt.end)
        return int(year.group(1)) if year else None

    def _spans(self, doc: Doc, text: str, starts: list[int], found: list[_Found]) -> list[Span]:
        """Spans with their attributes; two expressions inside one token become one interval span."""
        split_tokens(doc, {c for f in found for c in (f.start, f.end)})
        spans: list[Span] = []
        infos: list[_Found] = []
        for f in found:
            span = doc.char_span(f.start, f.end, label=f.timex.label, alignment_mode="expand")
            if span is None:
                continue
            if spans and span.start < spans[-1].end:
                prev, pinfo = spans[-1], infos[-1]
                merged = Span(doc, prev.start, max(prev.end, span.end), label=prev.label_)
                value = pinfo.timex.value
                if value and f.timex.value and pinfo.timex.label == f.timex.label == "DATE":
                    value = f"{value}/{f.timex.value}"
                pinfo.timex = replace(pinfo.timex, value=value, granularity="interval")
                spans[-1] = merged
                continue
            spans.append(span)
            infos.append(f)
        self._mark_context(text, starts, infos)
        for span, f in zip(spans, infos):
            tx = f.timex
            ext = span._  # each ``span._`` access builds an Underscore object: take it once
            ext.date_value = tx.value
            ext.relative = tx.relative
            ext.anchor = f.anchor
            ext.granularity = tx.granularity
            ext.qualifier = tx.qualifier
            ext.context_date = f.context
        return spans

    def _mark_context(self, text: str, starts: list[int], infos: list[_Found]) -> None:
        """Flag dates that are background, not events: near a context cue, or open-ended scope ("since 2008")."""
        by_sent: dict[int, list[_Found]] = {}
        for f in infos:
            if f.timex.label in {"DATE", "TIME"}:
                by_sent.setdefault(f.sent, []).append(f)
        if text.isascii():  # lower-casing keeps every offset
            cues, haystack = self.grammar.cues["context_lower"], text.lower() if by_sent else text
        else:
            cues, haystack = self.grammar.cues["context"], text
        for sent, items in by_sent.items():
            a, b = _sentence(text, starts, sent)
            for cue in cues.finditer(haystack, a, b):
                mid = (cue.start() + cue.end()) / 2
                distance, nearest = min((min(abs(f.start - mid), abs(f.end - mid)), i) for i, f in enumerate(items))
                if distance <= CONTEXT_REACH:
                    items[nearest].context = True
            opened = {id(p.partner_of) for p in items if p.partner_of is not None}  # first ends of ranges
            for f in items:
                partner_open = f.partner_of is not None or id(f) in opened
                if f.timex.qualifier == "after" and not partner_open and self._opens_scope(text, f):
                    f.context = True
                elif id(f) in opened and BETWEEN_RE.search(text, max(0, f.start - 9), f.start):
                    f.context = True  # "between May and July 2016": a period the narrative spans, not an event
                elif self._planned(text, a, f) or (f.rule in DEICTIC_RULES and AHEAD_RE.match(text, f.start)):
                    f.context = True
        for f in infos:
            if f.partner_of is not None and f.partner_of.context:
                f.context = True

    def _planned(self, text: str, sentence_start: int, f: _Found) -> bool:
        """A deadline inside a clause ("to meet Mr H by 21.2.20") or a date in a plan's own clause ("to be reviewed
        on 05/04/19", "Actions: ... this week"): what was to happen, not an event."""
        before = text[max(sentence_start, f.start - PLAN_REACH) : f.start]
        if f.timex.qualifier == "by" and DEADLINE_RE.search(before):
            return True
        last = None
        for last in self.grammar.cues["plan"].finditer(before):
            pass
        return last is not None and not CLAUSE_BREAK_RE.search(before, last.end()) and not HAVE_RE.match(before, last.end())

    @staticmethod
    def _opens_scope(text: str, f: _Found) -> bool:
        """"since 2008" / "from 2008" with no end point: the period a review or an involvement covers."""
        before = text[max(0, f.start - 8) : f.start].lower()
        return before.rstrip().endswith(("since", "from"))


def split_tokens(doc: Doc, offsets: set[int]) -> None:
    """Split tokens at character ``offsets`` that fall inside them ("1957–58" -> "1957", "–", "58").

    Span groups and entities are rebuilt from their character offsets, so they survive the split.
    """
    starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    cuts: dict[int, set[int]] = {}
    for c in offsets:
        i = bisect_right(starts, c) - 1  # the token starting at or before c; c is inside it or on a token bound
        if i >= 0 and starts[i] < c < starts[i] + lengths[i]:
            cuts.setdefault(i, set()).add(c - starts[i])
    if not cuts:
        return
    groups = {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()}
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(points), len(token.text)]
            pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, pieces, heads=[(token, k) for k in range(len(pieces))])
    for key, items in groups.items():
        doc.spans[key] = [s for s in (doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in items) if s]
    if ents:
        doc.ents = [s for s in (doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in ents) if s]


def _entry_day(entry_days: list[tuple[int, date | None]], entry_starts: list[int], at: int) -> date | None:
    """The own day of the case-note entry holding character ``at``, if it has one."""
    k = bisect_right(entry_starts, at) - 1
    return entry_days[k][1] if k >= 0 else None


def _relation(text: str, start: int) -> int:
    """-1 after "the previous"/"the preceding", +1 after "the following"/"the next"/"the subsequent", else 0."""
    m = RELATION_RE.search(text, max(0, start - 20), start)
    if not m:
        return 0
    return -1 if m.group(1).lower() in {"previous", "preceding"} else 1


def _sentence(text: str, starts: list[int], k: int) -> tuple[int, int]:
    """Character bounds of sentence ``k``."""
    return starts[k], (starts[k + 1] if k + 1 < len(starts) else len(text))


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start (read from the token array, not by iterating ``doc.sents``)."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    arr = doc.to_array([IDX, SENT_START])
    starts = arr[arr[:, 1] == 1, 0].tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]
