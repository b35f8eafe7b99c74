"""Visible text of an HTML page (BeautifulSoup with the standard-library parser).

Scripts, styles, the <head>, comments, navigation menus and hidden elements (the ``hidden`` attribute or an
inline ``display: none``; stylesheets are not evaluated) are dropped. Block elements start a new line;
paragraph-like blocks (p, headings, lists, tables, blockquotes) are separated by a blank line; table cells are
joined by " | " on their row's line; text inside <pre> keeps its own line breaks.
"""

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

# Never shown as text, or (nav) a site's menus rather than the document.
INVISIBLE = frozenset(
    "head script style noscript template title meta link iframe object embed svg canvas audio video map nav".split()
)
PARAGRAPH_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl section article header footer aside main figure "
    "address details form fieldset hr".split()
)
LINE_BLOCKS = frozenset("div li dt dd tr caption figcaption summary legend body html option".split())
CELLS = frozenset({"td", "th"})
CELL_SEPARATOR = " | "
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACE_RE = re.compile(r"\s+")

LINE, PARAGRAPH = 1, 2  # break strengths between pieces of text


def html_text(markup: str) -> str:
    """The visible text of an HTML document, one block per line."""
    soup = BeautifulSoup(markup, "html.parser")
    pieces: list[str | int] = []
    _walk(soup, pieces)
    return _join(pieces)


def _hidden(tag: Tag) -> bool:
    return (
        tag.name in INVISIBLE
        or tag.has_attr("hidden")
        or bool(HIDDEN_STYLE_RE.search(str(tag.get("style") or "")))
    )


def _walk(node: Tag, pieces: list[str | int]) -> None:
    """Append the visible text under ``node`` to ``pieces``, with LINE/PARAGRAPH markers between blocks.

    Iterative, so deeply nested markup cannot exhaust the call stack.
    """
    stack = [iter(node.children)]
    closing = [0]  # the break to add when each open element ends
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            strength = closing.pop()
            if strength:
                pieces.append(strength)
            continue
        if isinstance(child, PreformattedString):  # comments, doctype, processing instructions
            continue
        if isinstance(child, NavigableString):
            pieces.append(SPACE_RE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag) or _hidden(child):
            continue
        name = child.name
        if name == "br":
            pieces.append(LINE)
        elif name == "pre":
            pieces.append(PARAGRAPH)
            for k, line in enumerate(child.get_text().split("\n")):
                pieces.extend([LINE, line] if k else [line])
            pieces.append(PARAGRAPH)
        elif name == "tr":
            pieces.extend([LINE, CELL_SEPARATOR.join(_cells(child)).rstrip(), LINE])
        else:
            strength = PARAGRAPH if name in PARAGRAPH_BLOCKS else LINE if name in LINE_BLOCKS else 0
            if strength:
                pieces.append(strength)
            stack.append(iter(child.children))
            closing.append(strength)


def _cells(row: Tag) -> list[str]:
    """The text of each visible cell of a table row, each on one line."""
    cells = []
    for cell in row.find_all(CELLS, recursive=False):
        if _hidden(cell):
            continue
        inner: list[str | int] = []
        _walk(cell, inner)
        cells.append(" ".join(_join(inner).split()))
    return cells


def _join(pieces: list[str | int]) -> str:
    """Lines from text pieces and break markers: the strongest break between two texts wins."""
    lines: list[str] = []
    current: list[str] = []
    pending = 0
    for piece in pieces:
        if isinstance(piece, int):
            pending = max(pending, piece)
            continue
        if not piece.strip():
            if not pending:
                current.append(" ")
            continue
        if pending:
            line = " ".join("".join(current).split())
            if line:
                lines.extend([line, ""] if pending == PARAGRAPH else [line])
            current, pending = [], 0
        current.append(piece)
    line = " ".join("".join(current).split())
    if line:
        lines.append(line)
    return "\n".join(lines).strip("\n")
