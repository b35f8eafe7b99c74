"""Turning the bytes of a text file into str: binary files refused, the encoding detected.

Accepted: UTF-8 (with or without a byte-order mark), UTF-16/32 with a byte-order mark, and cp1252, the Windows
encoding of many council documents (curly quotes, £). A file that is not UTF-8 goes to charset-normalizer; cp1252
is used when that analysis finds it a clean fit, another encoding only when the text is mostly in that encoding's
script (a Russian or Japanese document). English text with a few bytes that fit no candidate is refused rather than
silently turned into the wrong characters.
"""

import codecs
import logging

import charset_normalizer

from textmine.errors import InputError

logger = logging.getLogger(__name__)

# Leading bytes of file types that are sometimes renamed or saved as .txt by mistake.
MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (e.g. .docx or .xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office file in the old binary or encrypted format"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SAMPLE_BYTES = 65_536
# Bytes that do not occur in text: NUL and the C0 controls other than tab, line breaks and escape.
_NON_TEXT = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})
# Share of a document that must be non-ASCII before an encoding other than cp1252 is trusted.
FOREIGN_SCRIPT_SHARE = 0.6
# How much worse than the best guess (charset-normalizer's "chaos", 0-1) cp1252 may score and still be chosen.
CP1252_CHAOS_MARGIN = 0.05


def binary_kind(data: bytes) -> str | None:
    """What a byte string is when it is not text ("a PNG image", "binary data"), else None."""
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return None  # UTF-16/32 text is full of NULs
    sample = data[:SAMPLE_BYTES]
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _NON_TEXT))
    if nuls > max(1, len(sample) // 100) or controls > max(1, len(sample) // 10):
        return "binary data"
    return None


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises InputError naming what is wrong (binary, undecodable).

    Line breaks and Unicode normalisation are left to ``normalise_text``.
    """
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{kind}, not text")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                message = f"undecodable bytes at offset {err.start} for its {encoding} byte-order mark"
                raise InputError(message) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    encoding = _detect_legacy_encoding(data)
    if encoding is None:
        raise InputError(
            f"undecodable bytes at offset {first_bad}: not UTF-8 or cp1252, and no other encoding fits; "
            "save the file as UTF-8"
        )
    logger.info("decoded as %s", encoding)
    return data.decode(encoding)


def _detect_legacy_encoding(data: bytes) -> str | None:
    """cp1252 when charset-normalizer finds it a clean fit; another encoding for mostly non-Latin text; else None."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + CP1252_CHAOS_MARGIN:
            return "cp1252"
    text = str(best)
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    visible = sum(1 for ch in text if not ch.isspace()) or 1
    return best.encoding if non_ascii / visible >= FOREIGN_SCRIPT_SHARE else None
