"""read_document: every supported format read cleanly, every kind of bad input refused with one line."""

from pathlib import Path

import pytest

from tests.io import files
from textmine.errors import InputError
from textmine.io import read_document

CP1252_TEXT = "The council’s “Early Help” offer – a £250 grant – was not taken up."

# (id, file name, bytes, expected text)
TEXT_FILES = [
    ("utf8", "notes.txt", "Child K was seen at nursery.\n".encode(), "Child K was seen at nursery.\n"),
    ("utf8-bom", "notes.txt", "\ufeffChild K was seen by the GP.".encode(), "Child K was seen by the GP."),
    ("cp1252", "letter.txt", CP1252_TEXT.encode("cp1252"), CP1252_TEXT),
    ("utf16-bom", "notes.txt", "Mother said she was “fine”.".encode("utf-16"), "Mother said she was “fine”."),
    ("crlf", "notes.txt", b"12/03/2019 HV home visit.\r\nHome cold.\r\n", "12/03/2019 HV home visit.\nHome cold.\n"),
    ("nul-stripped", "notes.txt", b"A stray\x00 NUL in a long line of case notes about the family.", "A stray NUL in a long line of case notes about the family."),
    ("nfc", "notes.txt", "Cafe\u0301 worker".encode(), "Café worker"),
    (
        "markdown",
        "brief.md",
        b"# Learning briefing\n\n## What happened\n\nThe baby was **not** seen by the [GP](https://example.org).\n\n"
        b"- No strategy discussion\n- No chronology\n",
        "Learning briefing\n\nWhat happened\n\nThe baby was not seen by the GP.\n\n- No strategy discussion\n- No chronology",
    ),
    (
        "html",
        "news.html",
        b"<html><head><title>Review</title><style>p {color: red}</style><script>track('x')</script></head>"
        b"<body><nav hidden>Menu</nav><h1>Review criticises record keeping</h1>"
        b"<p>Social workers   were <em>overwhelmed</em>,<br>the review found.</p>"
        b"<table><tr><th>Date</th><th>Event</th></tr><tr><td>16 May 2013</td><td>Referral</td></tr></table>"
        b"<!-- a comment --><div style='display:none'>hidden</div><p>Cost: &pound;5,000.</p></body></html>",
        "Review criticises record keeping\n\nSocial workers were overwhelmed,\nthe review found.\n\n"
        "Date | Event\n16 May 2013 | Referral\n\nCost: £5,000.",
    ),
]


@pytest.mark.parametrize(
    "name, data, expected", [pytest.param(n, d, e, id=i) for i, n, d, e in TEXT_FILES]
)
def test_read_document_text_formats(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == expected
    assert (document.id, document.source) == (path.stem, str(path))


@pytest.mark.parametrize(
    "build, expected",
    [
        pytest.param(files.review_pdf, files.PDF_EXPECTED, id="pdf-header-page-numbers-hyphen"),
        pytest.param(files.review_docx, files.DOCX_EXPECTED, id="docx-paragraphs-and-table"),
    ],
)
def test_read_document_generated_formats(tmp_path, build, expected):
    assert read_document(build(tmp_path)).text == expected


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


# (id, builder, words the one-line message must contain); every message also starts with the path.
BAD_INPUTS = [
    ("empty", _write("empty.txt", b""), "empty file"),
    ("whitespace-only", _write("blank.txt", b"  \n\t\n  "), "no text"),
    ("png-renamed-txt", _write("photo.txt", files.png_bytes()), "a PNG image, not text"),
    ("binary", _write("data.txt", bytes(range(256)) * 4), "binary data, not text"),
    ("undecodable", _write("notes.txt", b"The social worker \x81\x8d visited on 3 May \x90 2019." * 3), "undecodable bytes at offset 18"),
    ("oversized", _write("huge.txt", b"Child K was seen. " * 10), "over the 100 bytes size limit"),
    ("corrupt-pdf", files.truncated_pdf, "corrupt or truncated PDF"),
    ("encrypted-pdf", files.encrypted_pdf, "password-protected PDF"),
    ("scanned-pdf", files.scanned_pdf, "no text layer"),
    ("docx-not-zip", _write("report.docx", b"This is plain text saved with a .docx name."), "not a .docx file (not a zip archive)"),
    ("docx-old-format", _write("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64), "old-format (.doc)"),
    ("unsupported-type", _write("scan.png", files.png_bytes()), "unsupported file type '.png'"),
    ("missing", _missing, "no such file"),
    ("folder", _folder, "is a folder, not a document"),
    ("corpus-file", _write("notes.jsonl", b'{"text": "x"}\n'), "corpus, not a single document"),
]


@pytest.mark.parametrize("build, words", [pytest.param(b, w, id=i) for i, b, w in BAD_INPUTS])
def test_read_document_bad_input(tmp_path, build, words):
    path = build(tmp_path)
    with pytest.raises(InputError) as caught:
        read_document(path, max_bytes=100 if "size limit" in words else 50_000_000)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert words in message
    assert "\n" not in message
