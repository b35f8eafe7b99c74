"""read_document: every supported format read cleanly, every kind of bad input refused with one line."""


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
    ("html-deeply-nested", "deep.html", b"<div>" * 3000 + b"Child K was seen." + b"</div>" * 3000, "Child K was seen."),
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


@pytest.mark.parametrize("build, words", [pytest.param(b, w, id=i) for i, b, w in files.BAD_INPUTS])
def test_read_document_bad_input(tmp_path, build, words):
    path = build(tmp_path)
    with pytest.raises(InputError) as caught:
        read_document(path, max_bytes=100 if "size limit" in words else 50_000_000)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert words in message
    assert "\n" not in message
