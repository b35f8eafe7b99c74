"""Text of a PDF's text layer (pypdf), cleaned the way a reader would read it.

Running headers and footers (lines repeated at the top or bottom of many pages, numbers aside) and page numbers
are removed; a word hyphenated across a line or page break is rejoined; paragraphs, found from the vertical gaps
between lines, are separated by a blank line while lines inside a paragraph keep their line breaks (a case-note
entry head starts a line). No OCR: a PDF without a text layer is reported, not guessed at.
"""

import io
import logging
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from math import hypot

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from textmine.errors import InputError, first_line

# Lines at each page edge searched for running headers, footers and page numbers.
EDGE_LINES = 3
# A line repeated at the same edge of at least this share of pages (and of two pages) is a running header/footer.
REPEATED_SHARE = 0.4
# A gap between lines this much wider than the usual line spacing separates paragraphs.
PARAGRAPH_GAP = 1.3
# A change of font size by more than this factor (a heading) separates paragraphs too.
SIZE_CHANGE = 1.15
PAGE_NUMBER_RE = re.compile(
    r"^[-–—(\[]?\s*(?:page\s+\d{1,4}|\d{1,3}|[ivxlc]{1,7})\s*(?:(?:of|/)\s*\d{1,4})?\s*[-–—)\]]?$", re.I
)
HYPHEN_END_RE = re.compile(r"([A-Za-z]+)[-\u2010\u00ad]$")
WORD_START_RE = re.compile(r"^([a-z]+)")
COMPOUND_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
SENTENCE_END = tuple(".!?:;\"”’)")
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@dataclass
class Line:
    """One line of a page: its text, baseline height and font size (None when pypdf gave no position)."""

    text: str
    y: float | None = None
    size: float | None = None


def pdf_text(data: bytes) -> str:
    """The cleaned text of a PDF file's bytes; raises InputError for a corrupt, encrypted or scanned PDF."""
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-4096:]:
        raise InputError("corrupt or truncated PDF (no end-of-file marker)")
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
        except Exception as err:  # pypdf raises many exception types on damaged files
            raise InputError(f"corrupt PDF ({first_line(err)})") from None
        if reader.is_encrypted:
            _open_without_password(reader)
        try:
            pages = [page_lines(page) for page in reader.pages]
        except Exception as err:
            raise InputError(f"corrupt PDF ({first_line(err)})") from None
    if not pages:
        raise InputError("the PDF has no pages")
    if not any(line.text for page in pages for line in page):
        raise InputError(f"no text layer in {len(pages)} page(s) (a scanned PDF?): run OCR on it first")
    return assemble(strip_running_lines(pages))


def _open_without_password(reader: PdfReader) -> None:
    """Decrypt a PDF that only has an owner password; raise InputError when a password is needed to read it."""
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError:
        raise InputError("encrypted PDF (AES) that needs the 'cryptography' package to open") from None
    except Exception:  # a damaged encryption dictionary
        opened = False
    if not opened:
        raise InputError("password-protected PDF: remove the password and try again")


@contextmanager
def _quiet_pypdf():
    """Keep pypdf's warnings about damaged files off the user's terminal; our error says what is wrong.

    pypdf logs problems it recovers from (an unknown font encoding, a broken cross-reference) at ERROR level too.
    """
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        pypdf_logger.setLevel(level)


def page_lines(page) -> list[Line]:
    """The lines of a pypdf page with the baseline height and font size of each line's first text run."""
    marks: list[tuple[int, float, float]] = []
    length = 0

    def visit(text, cm, tm, _font, font_size):
        nonlocal length
        if text.strip():
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            marks.append((length + len(text) - len(text.lstrip()), y, font_size * (hypot(c, d) or 1.0)))
        length += len(text)

    text = page.extract_text(visitor_text=visit)
    if length != len(text):
        marks = []  # positions no longer line up with the text: fall back to explicit blank lines only
    lines, offset, k = [], 0, 0
    for raw in text.split("\n"):
        end = offset + len(raw)
        while k < len(marks) and marks[k][0] < offset:
            k += 1
        line = raw.strip().translate(LIGATURES)
        if k < len(marks) and marks[k][0] < max(end, offset + 1):
            lines.append(Line(line, marks[k][1], marks[k][2]))
        else:
            lines.append(Line(line))
        offset = end + 1
    return lines


def _margin_key(line: Line) -> str:
    """A header/footer line with its numbers blanked, so "Page 3" and "Page 4" compare equal.

    The font size is part of the key: a title page's large title is not the small running header of the same words.
    """
    size = f"@{round(line.size)}" if line.size else ""
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split())) + size


def strip_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers at their top and bottom edges."""
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for page in pages:
        filled = [line for line in page if line.text]
        top_counts.update({_margin_key(line) for line in filled[:EDGE_LINES]})
        bottom_counts.update({_margin_key(line) for line in filled[-EDGE_LINES:]})
    needed = max(2, REPEATED_SHARE * len(pages))
    top = {key for key, n in top_counts.items() if n >= needed}
    bottom = {key for key, n in bottom_counts.items() if n >= needed}
    return [_strip_edges(page, top, bottom) for page in pages]


def _strip_edges(page: list[Line], top: set[str], bottom: set[str]) -> list[Line]:
    """``page`` without the running lines at its edges (working inwards until a body line) or blank edge lines."""

    def running(line: Line, keys: set[str]) -> bool:
        return _margin_key(line) in keys or bool(PAGE_NUMBER_RE.match(line.text))

    filled = [i for i, line in enumerate(page) if line.text]
    drop = set()
    for i in filled[:EDGE_LINES]:
        if not running(page[i], top):
            break
        drop.add(i)
    for i in reversed(filled[-EDGE_LINES:]):
        if i in drop or not running(page[i], bottom):
            break
        drop.add(i)
    kept = [i for i in filled if i not in drop]
    if not kept:
        return []
    return [line for i, line in enumerate(page[kept[0] : kept[-1] + 1], start=kept[0]) if i not in drop]


def _line_spacing(pages: list[list[Line]]) -> float | None:
    """The usual distance between the baselines of consecutive lines of a paragraph.

    That is the smallest gap seen at least twice (or else the smallest gap) between lines of the same font size,
    ignoring gaps under 0.8 font sizes (superscripts, overlapping runs): paragraph gaps are wider, and there may
    be as many of them as line gaps.
    """
    gaps = []
    for page in pages:
        previous = None
        for line in page:
            if not line.text or line.y is None:
                previous = None
                continue
            if previous is not None and previous.y > line.y and _same_size(previous, line):
                gap = previous.y - line.y
                if gap >= 0.8 * (line.size or 0):
                    gaps.append(round(gap * 2) / 2)
            previous = line
    if not gaps:
        return None
    counts = Counter(gaps)
    repeated = [gap for gap, n in counts.items() if n >= 2]
    return min(repeated or gaps)


def _same_size(a: Line, b: Line) -> bool:
    if not a.size or not b.size:
        return True
    return max(a.size, b.size) <= SIZE_CHANGE * min(a.size, b.size)


def _breaks_paragraph(previous: Line, line: Line, spacing: float | None) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous`` on the same page."""
    if previous.y is None or line.y is None or spacing is None:
        return False
    gap = previous.y - line.y
    if gap <= 0:  # moved up the page: a new column or a float
        return True
    if not _same_size(previous, line):
        return True
    return gap > PARAGRAPH_GAP * spacing


def _runs_on(previous: str, line: str) -> bool:
    """Whether the first line of a page continues the paragraph that ended the previous page."""
    return not previous.endswith(SENTENCE_END) or line[:1].islower()


def assemble(pages: list[list[Line]]) -> str:
    """Paragraphs separated by blank lines; a paragraph running on over a page break stays one paragraph."""
    spacing = _line_spacing(pages)
    paragraphs: list[list[str]] = [[]]
    previous: Line | None = None
    for page in pages:
        first_on_page = True
        for line in page:
            if not line.text:
                paragraphs.append([])
                previous = None
                continue
            if previous is not None:
                if first_on_page:
                    new = not _runs_on(previous.text, line.text)
                else:
                    new = _breaks_paragraph(previous, line, spacing)
                if new:
                    paragraphs.append([])
            paragraphs[-1].append(line.text)
            previous, first_on_page = line, False
    paragraphs = [p for p in paragraphs if p]
    words = vocabulary("\n".join("\n".join(p) for p in paragraphs))
    return "\n\n".join("\n".join(rejoin_hyphens(p, words)) for p in paragraphs)


def vocabulary(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``, with each hyphenated pair ("decision-making") also as one word."""
    words = set()
    for token in COMPOUND_RE.findall(text.lower()):
        parts = token.split("-")
        words.update(parts)
        words.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
    return frozenset(words)


def rejoin_hyphens(lines: list[str], words: frozenset[str]) -> list[str]:
    """Lines with each word hyphenated at a line end joined up again.

    The hyphen stays when the document's ``words`` (see ``vocabulary``) have the compound with a hyphen
    ("decision-making") and not without it; a soft hyphen always goes.
    """
    out: list[str] = []
    for line in lines:
        end = HYPHEN_END_RE.search(out[-1]) if out else None
        start = WORD_START_RE.match(line)
        if end and start:
            left, right = end.group(1).lower(), start.group(1)
            keep = out[-1][-1] != "\u00ad" and f"{left}-{right}" in words and left + right not in words
            out[-1] = out[-1][:-1] + ("-" if keep else "") + line
        else:
            out.append(line)
    return out
