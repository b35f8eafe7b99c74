"""Plain text of a Markdown document (markdown-it-py), so that headings read as headings.

Markup goes ("## Findings" becomes "Findings", "**not**" becomes "not", a link keeps its words); headings and
paragraphs are blocks separated by a blank line; list items keep a "- " or "1. " marker, one per line; table rows
become lines with cells joined by " | "; YAML front matter is dropped.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from textmine.io.html import html_text

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
CELL_SEPARATOR = " | "
INDENT = "  "


def markdown_text(source: str) -> str:
    """The text of a Markdown document without its markup."""
    blocks: list[str] = []  # finished top-level blocks
    lines: list[str] = []  # lines of the list or table being read
    lists: list[list] = []  # open lists: [ordered, items so far]
    row: list[str] | None = None
    prefix = ""

    def add(text: str) -> None:
        nonlocal prefix
        if lists:
            lines.append(prefix + text.replace("\n", "\n" + INDENT * len(lists)))
            prefix = INDENT * len(lists)  # a second paragraph of the same item
        else:
            blocks.append(text)

    for token in _PARSER.parse(FRONT_MATTER_RE.sub("", source)):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1) - 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                blocks.append("\n".join(lines))
                lines = []
        elif kind == "list_item_open":
            lists[-1][1] += 1
            ordered, number = lists[-1]
            prefix = INDENT * (len(lists) - 1) + (f"{number}. " if ordered else "- ")
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            lines.append(CELL_SEPARATOR.join(row or []))
            row = None
        elif kind == "table_close":
            if lists:
                lines.append("")
            else:
                blocks.append("\n".join(lines))
                lines = []
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(" ".join(text.split()))
            else:
                add(text)
        elif kind in ("fence", "code_block"):
            add(token.content.rstrip("\n"))
        elif kind == "html_block":
            add(html_text(token.content))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(token: Token) -> str:
    """The words of an inline token: text, code and image alt text; line breaks kept."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()
