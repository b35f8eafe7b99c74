"""Builders of the files the reader and CLI tests use: each writes one file (or folder) under ``folder``.

PDFs are generated with fpdf2 and .docx files with python-docx, so no binary fixture sits in the repository.
The review-style sentences are invented for the tests.
"""

import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF
from PIL import Image

HEADER = "Child K: Serious Case Review - Final Report"

PDF_EXPECTED = (
    "Key practice episodes\n\n"
    "On 16 May 2013 the health visitor saw Child K at home.\n"
    "The mother said the bruise on his cheek came from a fall.\n\n"
    "No strategy discussion was held and the decision-making was not recorded.\n\n"
    "Information about the domestic incident was not shared with the multi-agency safeguarding hub until the "
    "following day.\n\n"
    "Recommendations\n\n"
    "The partnership should ensure that decision-making is recorded on the child's file."
)


class _ReviewPdf(FPDF):
    """A review layout: a running header and a "Page n of m" footer on every page."""

    def header(self):
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, HEADER, align="C")
        self.ln(14)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")


def _block(pdf: FPDF, text: str, size: int = 11, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def review_pdf(folder: Path) -> Path:
    """A two-page review whose page 1 ends mid-word ("safe-") and page 2 carries on ("guarding")."""
    pdf = _ReviewPdf()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _block(pdf, "Key practice episodes", 14, "B")
    _block(
        pdf,
        "On 16 May 2013 the health visitor saw Child K at home.\n"
        "The mother said the bruise on his cheek came from a fall.",
    )
    _block(pdf, "No strategy discussion was held and the decision-making was not recorded.")
    pdf.set_y(250)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, "Information about the domestic incident was not shared with the multi-agency safe-",
        new_x="LMARGIN", new_y="NEXT",
    )
    pdf.add_page()
    _block(pdf, "guarding hub until the following day.")
    _block(pdf, "Recommendations", 14, "B")
    _block(pdf, "The partnership should ensure that decision-making is recorded on the child's file.")
    path = folder / "review.pdf"
    pdf.output(str(path))
    return path


def _one_page_pdf(encrypt: bool = False, image: Path | None = None) -> bytes:
    pdf = FPDF()
    if encrypt:
        pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    if image:
        pdf.image(str(image), w=120)
    else:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, "The social worker visited the family on 3 June 2014.")
    return bytes(pdf.output())


def encrypted_pdf(folder: Path) -> Path:
    path = folder / "protected.pdf"
    path.write_bytes(_one_page_pdf(encrypt=True))
    return path


def scanned_pdf(folder: Path) -> Path:
    """A PDF whose only page is an image: no text layer."""
    image = folder / "scan.png"
    Image.new("L", (400, 300), 255).save(image)
    path = folder / "scanned.pdf"
    path.write_bytes(_one_page_pdf(image=image))
    image.unlink()
    return path


def truncated_pdf(folder: Path) -> Path:
    path = folder / "truncated.pdf"
    path.write_bytes(_one_page_pdf()[:600])
    return path


def review_docx(folder: Path) -> Path:
    """A .docx with a heading, paragraphs and a chronology table between them."""
    document = docx.Document()
    document.add_heading("Background", level=1)
    document.add_paragraph("Child K lived with his mother and her partner, Mr B.")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("Date", "Agency", "Event"), ("12/03/2019", "Health visiting", "HV home visit"), ("14/03/2019", "Police", "")]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("The police did not notify the school.")
    path = folder / "review.docx"
    document.save(str(path))
    return path


DOCX_EXPECTED = (
    "Background\n\n"
    "Child K lived with his mother and her partner, Mr B.\n\n"
    "Date | Agency | Event\n"
    "12/03/2019 | Health visiting | HV home visit\n"
    "14/03/2019 | Police |\n\n"
    "The police did not notify the school."
)


def damaged_docx(folder: Path) -> Path:
    """A .docx whose main XML part is cut in half."""
    source = zipfile.ZipFile(review_docx(folder))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            package.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    path = folder / "damaged.docx"
    path.write_bytes(buffer.getvalue())
    return path


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _write(name: str, data: bytes):
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _missing(folder: Path) -> Path:
    return folder / "no_such_review.txt"


def _folder(folder: Path) -> Path:
    (folder / "reviews").mkdir()
    return folder / "reviews"


# Every kind of bad input (SPEC §6) as (id, builder, words its one-line message must contain); each message
# also starts with the path. The oversized row needs a 100-byte limit.
BAD_INPUTS = [
    ("empty", _write("empty.txt", b""), "empty file"),
    ("whitespace-only", _write("blank.txt", b"  \n\t\n  "), "no text"),
    ("png-renamed-txt", _write("photo.txt", png_bytes()), "a PNG image, not text"),
    ("binary", _write("data.txt", bytes(range(256)) * 4), "binary data, not text"),
    ("undecodable", _write("notes.txt", b"The social worker \x81\x8d visited on 3 May \x90 2019." * 3), "undecodable bytes at offset 18"),
    ("oversized", _write("huge.txt", b"Child K was seen. " * 10), "over the 100 bytes size limit"),
    ("corrupt-pdf", truncated_pdf, "corrupt or truncated PDF"),
    ("encrypted-pdf", encrypted_pdf, "password-protected PDF"),
    ("scanned-pdf", scanned_pdf, "no text layer"),
    ("docx-not-zip", _write("report.docx", b"This is plain text saved with a .docx name."), "not a .docx file (not a zip archive)"),
    ("docx-damaged-xml", damaged_docx, "not a readable .docx file"),
    ("docx-old-format", _write("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64), "old-format (.doc)"),
    ("unsupported-type", _write("scan.png", png_bytes()), "unsupported file type '.png'"),
    ("missing", _missing, "no such file"),
    ("folder", _folder, "is a folder, not a document"),
    ("corpus-file", _write("notes.jsonl", b'{"text": "x"}\n'), "corpus, not a single document"),
]
