"""decode_bytes and normalise_text: encodings detected, binary refused, text cleaned the same way everywhere."""

import pytest

from textmine.errors import InputError
from textmine.io.encoding import binary_kind, decode_bytes
from textmine.io.normalise import normalise_text

COUNCIL = "The council’s “Early Help” offer – a £250 grant – was not taken up by Ms B."


@pytest.mark.parametrize(
    "data, expected",
    [
        pytest.param(COUNCIL.encode("utf-8"), COUNCIL, id="utf8"),
        pytest.param(b"\xef\xbb\xbf" + COUNCIL.encode("utf-8"), COUNCIL, id="utf8-bom"),
        pytest.param(COUNCIL.encode("cp1252"), COUNCIL, id="cp1252-quotes-pound"),
        pytest.param("Referral cost £40.".encode("cp1252"), "Referral cost £40.", id="cp1252-short"),
        pytest.param("Café on the estate".encode("cp1252"), "Café on the estate", id="cp1252-accent"),
        pytest.param(COUNCIL.encode("utf-16"), COUNCIL, id="utf16-bom"),
        pytest.param(("Социальный работник посетил семью. " * 5).encode("cp1251"), None, id="cyrillic-detected"),
    ],
)
def test_decode_bytes_encodings(data, expected):
    text = decode_bytes(data)
    if expected is None:
        assert "работник" in text
    else:
        assert text == expected


@pytest.mark.parametrize(
    "data, words",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(40), "a PNG image, not text", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document, not text", id="pdf"),
        pytest.param(b"PK\x03\x04" + bytes(30), "a zip archive", id="zip"),
        pytest.param(bytes(range(256)), "binary data, not text", id="control-bytes"),
        pytest.param(b"Mother\x00said\x00she\x00was\x00fine", "binary data, not text", id="many-nuls"),
        pytest.param(b"The social worker \x81\x8d visited \x90 on Monday.", "undecodable bytes at offset 18", id="undecodable"),
    ],
)
def test_decode_bytes_refuses(data, words):
    with pytest.raises(InputError, match=words):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data, expected",
    [
        pytest.param(b"Plain review text.", None, id="text"),
        pytest.param(b"One stray\x00NUL in a long enough line of ordinary case-note text, still text.", None, id="one-nul"),
        pytest.param("hello".encode("utf-16"), None, id="utf16-is-text"),
        pytest.param(b"\xff\xd8\xff\xe0" + bytes(20), "a JPEG image", id="jpeg"),
    ],
)
def test_binary_kind(data, expected):
    assert binary_kind(data) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("line one\r\nline two\rline three", "line one\nline two\nline three", id="line-breaks"),
        pytest.param("Child\x00 K\x07 was seen", "Child K was seen", id="nul-and-bell"),
        pytest.param("page one\fpage two", "page one\npage two", id="form-feed"),
        pytest.param("Zoe\u0308 and Rene\u0301e", "Zoë and Renée", id="nfc"),
        pytest.param("tab\tkept\n", "tab\tkept\n", id="tab-kept"),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected
