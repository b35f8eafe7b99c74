"""One-line error messages from other libraries' exceptions."""

import pytest

from textmine.errors import first_line


@pytest.mark.parametrize(
    "err, expected",
    [
        (ValueError("bad xref table\nat offset 12"), "bad xref table"),
        (ValueError("\n  stream ended early  \n"), "stream ended early"),
        (KeyError(), "KeyError"),
        (OSError(""), "OSError"),
    ],
)
def test_errors_first_line(err, expected):
    assert first_line(err) == expected
