"""Sentences, review sections and case-note entries.

The pure functions work on the text (character offsets) and are table-tested; the component maps their
offsets onto tokens: it sets ``token.is_sent_start`` and fills ``doc.spans["sections"]`` (label_ = heading)
and ``doc.spans["entries"]`` (label_ = "ENTRY").
"""

import re
from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from textmine.components.doc_arrays import token_texts

# Words whose trailing full stop does not end a sentence (lower-cased, without the stop).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rev st no nos approx apr aug dec feb jan jul jun mar nov oct sep sept etc "
    "e.g i.e eg ie cf vs viz fig para paras ref tel dept est incl inc ltd co govt ext min max cllr "
    "hon det supt insp sgt pc dc ds ch sect sec s".split()
)
# Words after which a capital letter and a full stop form a pseudonym that may end a sentence ("Child V.").
PSEUDONYM_HEADS = frozenset(
    "child baby sibling infant mr mrs ms miss mother father adult family young person subject".split()
)
BULLET_RE = re.compile(rf"[ \t]*(?:[•▪◦●·*–—]|-(?=\s)|\(?[a-zivx]\)|\(\d{{1,2}}\))\s+")
# A full stop / ? / ! run, optional closing quotes or brackets, whitespace, then a sentence opener (a capital, or a
# query mark before a word: "?neglect").
STOP_RE = re.compile(r"([.!?]+|…)([\"'”’)\]]*)(\s+|(?=[A-Z“\"‘]))(?=[\"“‘'(\[?]?[A-Z]|\?[a-z])")
LIST_MARKER_RE = re.compile(r"\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})\)?")
WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
NUMBERED_HEADING_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+")
# Case-note entry heads: a line that opens with a date (12/03/2019, 12.03.19, 02/2018, Tues 12/3, 3 May 2019).
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?"
ENTRY_HEAD_RE = re.compile(
    rf"^[ \t]*(?:{WEEKDAY}\s+)?(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{1,2}}[./]\d{{4}}|\d{{1,2}}/\d{{1,2}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\.?\s+\d{{4}})"
    rf"(?:\s*[,-]?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]m)?|\s*\(\d{{1,2}}[:.]\d{{2}}\))?\s*(?:[:\-–—]\s*)?(?=\S)"
)
LINE_RE = re.compile(r"[^\n]*(?:\n|$)")


def _lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, content) of each line; ``end`` excludes the newline."""
    for m in LINE_RE.finditer(text):
        if m.start() == len(text) and not m.group():
            break
        line = m.group().rstrip("\n")
        yield m.start(), m.start() + len(line), line


def _ends_sentence(text: str, stop: re.Match) -> bool:
    """Whether the full stop run matched at ``stop`` closes a sentence."""
    if not stop.group(3) and not (stop.group(1) == "." and text[max(0, stop.start() - 2) : stop.start()].isalpha()
                                  and text[max(0, stop.start() - 2) : stop.start()].islower()):
        return False  # no space after it: only "this.Coventry" (a dropped space after a word) splits; "?NAI" does not
    if stop.group(1) != ".":
        return True
    line_start = text.rfind("\n", 0, stop.start()) + 1
    if LIST_MARKER_RE.fullmatch(text[line_start : stop.start()].strip()):
        return False  # "1. Introduction", "3.2. Findings", "(a). ...": a list or heading number
    before = WORD_BEFORE_RE.search(text, max(0, stop.start() - 40), stop.start())
    if not before:
        return True
    word = before.group(1)
    low = word.lower().rstrip(".")
    if len(word) == 1 and word.isupper():
        # An initial ("J. Smith") unless it is a pseudonym's letter ("Child V.", "Mr B.").
        prev = WORD_BEFORE_RE.search(text, max(0, before.start() - 20), before.start() - 1)
        return bool(prev and prev.group(1).lower() in PSEUDONYM_HEADS and text[before.start() - 1] == " ")
    if low in ABBREVIATIONS:
        return False
    if "." in word.rstrip("."):  # e.g. "U.K." or "a.m." inside a word
        return word.lower() in {"a.m", "p.m"} and stop.group(3).strip() == ""
    return True


def _is_wrapped(prev_line: str, next_line: str) -> bool:
    """A hard-wrapped paragraph: the next line continues the previous one."""
    prev, nxt = prev_line.rstrip(), next_line.lstrip()
    if not prev or not nxt or BULLET_RE.match(next_line) or ENTRY_HEAD_RE.match(next_line):
        return False
    if prev[-1] in ".!?:;\"”’)":
        return False
    return nxt[0].islower() or (len(prev) >= 55 and nxt[0] not in "•*-–")


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (first non-space character of each sentence)."""
    starts: set[int] = set()
    lines = list(_lines(text))
    for i, (start, _end, line) in enumerate(lines):
        if not line.strip():
            continue
        if i and lines[i - 1][2].strip() and _is_wrapped(lines[i - 1][2], line):
            continue
        starts.add(start + len(line) - len(line.lstrip()))
    for m in STOP_RE.finditer(text):
        nxt = m.end()
        if nxt < len(text) and _ends_sentence(text, m):
            starts.add(nxt)
    first = len(text) - len(text.lstrip())
    return sorted(s for s in starts if s >= first and s < len(text))


def is_heading(line: str, known: frozenset[str]) -> bool:
    """A line that reads as a section heading: a known review heading or a short title line."""
    stripped = line.strip()
    if not stripped or len(stripped) > 70 or ENTRY_HEAD_RE.match(stripped):
        return False
    bare = NUMBERED_HEADING_RE.sub("", stripped).rstrip(":").strip()
    if bare.lower() in known:
        return True
    words = bare.split()
    if not 1 <= len(words) <= 8 or not (bare[0].isupper() or bare[0].isdigit()):
        return False
    if not (bare[-1].isalnum() or bare[-1] == ")"):
        return False
    if BULLET_RE.match(stripped) or sum(w[0].isdigit() for w in words) > 1:
        return False
    lowered = [w for w in words[1:] if w[0].islower() and w.lower() not in {"of", "and", "the", "in", "for", "to", "a", "on", "with"}]
    return len(words) <= 4 or len(lowered) <= 1


def find_headings(text: str, known: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, title) of heading lines: standalone lines followed by body text."""
    lines = list(_lines(text))
    found = []
    for i, (start, end, line) in enumerate(lines):
        if not is_heading(line, known):
            continue
        prev = next((ln for _, _, ln in reversed(lines[:i]) if ln.strip()), "")
        if prev and prev.rstrip()[-1:].isalnum() and len(prev) >= 55 and line.strip()[0].islower():
            continue  # a wrapped continuation, not a heading
        body = next((ln for _, _, ln in lines[i + 1 :] if ln.strip()), "")
        if not body or (is_heading(body, known) and body.strip().lower() not in known and len(body.split()) <= 3):
            if line.strip().lower().rstrip(":") not in known:
                continue
        lead = len(line) - len(line.lstrip())
        found.append((start + lead, end - (len(line) - len(line.rstrip())), line.strip().rstrip(":")))
    return found


def find_entries(text: str) -> list[tuple[int, int]]:
    """(start, end) of case-note entries: from a line-initial date head to the next head, heading gap or end."""
    heads = []
    for start, _end, line in _lines(text):
        if ENTRY_HEAD_RE.match(line):
            heads.append(start + len(line) - len(line.lstrip()))
    entries = []
    for k, start in enumerate(heads):
        limit = heads[k + 1] if k + 1 < len(heads) else len(text)
        blank = text.find("\n\n", start, limit)
        end = blank if blank != -1 else limit
        entries.append((start, len(text[:end].rstrip())))
    return entries


def sentence_start_array(doc: Doc, starts: Iterable[int]) -> np.ndarray:
    """SENT_START values (1 start, -1 inside) putting each start offset on the first non-space token at or after it."""
    cols = doc.to_array([IDX, IS_SPACE])
    idx, space = cols[:, 0].astype(np.int64), cols[:, 1].astype(bool)
    non_space = np.flatnonzero(~space)
    values = np.full(len(doc), -1, dtype=np.int64)
    if len(non_space):
        pos = np.searchsorted(idx[non_space], np.fromiter(starts, dtype=np.int64))
        values[non_space[pos[pos < len(non_space)]]] = 1
    values[0] = 1
    return values.astype(np.uint64)


@Language.factory(
    "textmine_segmenter",
    assigns=["token.is_sent_start", "doc.spans"],
    default_config={"headings": {"@misc": "textmine.lexicon.v1", "name": "sections"}},
)
def make_segmenter(nlp: Language, name: str, headings: list[dict]) -> "Segmenter":
    return Segmenter(name, headings=headings)


class Segmenter:
    """Writes sentence starts, ``doc.spans["sections"]`` and ``doc.spans["entries"]``."""

    def __init__(self, name: str, *, headings: list[dict]) -> None:
        self.name = name
        self.known = frozenset(h["pattern"].lower() for h in headings)

    def __call__(self, doc: Doc) -> Doc:
        text = token_texts(doc)[1]  # ``doc.text`` would build a Token object per token
        if not doc:
            doc.spans["sections"], doc.spans["entries"] = [], []
            return doc
        starts = sentence_starts(text)
        headings = find_headings(text, self.known)
        entries = find_entries(text)
        # a heading is a sentence of its own, and so is the line after it
        starts = set(starts)
        for h_start, h_end, _ in headings:
            starts.add(h_start)
            after = h_end + len(text[h_end:]) - len(text[h_end:].lstrip())
            if after < len(text):
                starts.add(after)
        starts.update(s for s, _ in entries)
        doc.from_array([SENT_START], sentence_start_array(doc, starts))
        sections = []
        for j, (h_start, _h_end, title) in enumerate(headings):
            end = headings[j + 1][0] if j + 1 < len(headings) else len(text)
            span = doc.char_span(h_start, len(text[:end].rstrip()), label=title, alignment_mode="expand")
            if span is not None:
                sections.append(span)
        doc.spans["sections"] = sections
        doc.spans["entries"] = [
            s for s in (doc.char_span(a, b, label="ENTRY", alignment_mode="expand") for a, b in entries) if s is not None
        ]
        return doc

