"""Text of a Word .docx file (python-docx): paragraphs and tables in the order they appear in the body.

Each paragraph is a block separated by a blank line; a table is a block of lines, one per row, with its cells
joined by " | " (a merged cell counted once). Headers, footers, comments and text boxes are not part of the body.
"""

import io
import zipfile

import docx
from docx.table import Table

from textmine.errors import InputError, first_line

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CELL_SEPARATOR = " | "


def docx_text(data: bytes) -> str:
    """The body text of a .docx file's bytes; raises InputError when it is not a readable .docx."""
    if data.startswith(OLE_MAGIC):
        raise InputError("an encrypted or old-format (.doc) Word file, not .docx: remove the password or save as .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("not a .docx file (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [
            _table_text(item) if isinstance(item, Table) else item.text.strip()
            for item in document.iter_inner_content()
        ]
    except Exception as err:  # python-docx and lxml raise many types on a damaged package or XML
        raise InputError(f"not a readable .docx file ({first_line(err)})") from None
    return "\n\n".join(block for block in blocks if block)


def _table_text(table: Table) -> str:
    """One line per non-empty row, cells joined by " | "; a cell merged across columns appears once."""
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is not previous:  # python-docx repeats a merged cell once per grid column
                cells.append(" ".join(cell.text.split()))
            previous = cell._tc
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells).rstrip())
    return "\n".join(lines)
