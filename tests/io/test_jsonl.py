"""JSONL lines: blank lines skipped, a byte-order mark dropped, undecodable lines handed back as errors."""

import codecs

import pytest

from textmine.errors import InputError
from textmine.io.jsonl import jsonl_lines


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"a": 1}\n\n  \n{"b": 2}\n', [(1, '{"a": 1}\n'), (4, '{"b": 2}\n')]),
        (codecs.BOM_UTF8 + b'{"a": 1}', [(1, '{"a": 1}')]),
        (b'{"a": "Zo\xc3\xab"}\n', [(1, '{"a": "Zo\u00eb"}\n')]),
    ],
)
def test_jsonl_lines(tmp_path, content, expected):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    assert list(jsonl_lines(path)) == expected


def test_undecodable_line_is_handed_back(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "\x81"}\n')
    (n1, ok), (n2, bad) = jsonl_lines(path)
    assert (n1, n2) == (1, 2) and isinstance(bad, UnicodeDecodeError) and bad.start == 7


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        list(jsonl_lines(tmp_path / "none.jsonl"))
