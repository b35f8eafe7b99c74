"""The text clean-up every reader applies, so that record offsets index exactly the text we return."""

import re
import unicodedata

# C0 controls other than tab and line breaks, plus DEL: never meaningful in a document's text.
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS_RE = re.compile(r"\r\n?|[\v\f\u2028\u2029\x85]")


def normalise_text(text: str) -> str:
    """``text`` with Unix line breaks, no NULs or stray control characters, in Unicode NFC form."""
    text = _LINE_BREAKS_RE.sub("\n", text)
    text = _CONTROLS_RE.sub("", text)
    return unicodedata.normalize("NFC", text)
