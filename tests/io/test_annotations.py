"""Annotation files: recognised by their first record, read line by line with each bad line named file:line."""

import json

import pytest

import textmine
from textmine.records import Record

RECORD = Record(id="r1", source="notes/r1.txt", text="The HV visited.")


def _lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.jsonl", _lines(RECORD.model_dump_json()), True),
        ("a.jsonl", "\n\n" + _lines(RECORD.model_dump_json(), "garbage"), True),
        ("a.jsonl", "\ufeff" + _lines(RECORD.model_dump_json()), True),
        ("a.json", _lines(RECORD.model_dump_json()), False),
        ("a.jsonl", _lines(json.dumps({"id": "x", "source": "s", "text": "A corpus row."})), False),
        ("a.jsonl", _lines(json.dumps({"id": "x", "text": "A corpus row."})), False),
        ("a.jsonl", _lines("garbage", RECORD.model_dump_json()), False),
        ("a.jsonl", "", False),
    ],
    ids=["record", "blank-lines-first", "bom", "not-jsonl", "corpus-row-with-source", "corpus-row", "bad-first",
         "empty"],
)
def test_annotations_detected(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert textmine.is_annotations(path) is expected


def test_annotations_missing_file_is_not_annotations(tmp_path):
    assert textmine.is_annotations(tmp_path / "missing.jsonl") is False


@pytest.mark.parametrize(
    "bad, message",
    [
        ('{"id": broken', "not valid JSON"),
        (json.dumps({**RECORD.model_dump(), "concerns": [{"text": "x"}]}), "concerns.0.category: Field required"),
        (json.dumps({**RECORD.model_dump(), "colour": "red"}), "colour: Extra inputs are not permitted"),
    ],
    ids=["json", "missing-field", "unknown-field"],
)
def test_annotations_bad_line_reported_others_read(tmp_path, bad, message):
    path = tmp_path / "ann.jsonl"
    second = RECORD.model_copy(update={"id": "r2"})
    path.write_text(_lines(RECORD.model_dump_json(), bad, "", second.model_dump_json()), encoding="utf-8")
    items = list(textmine.read_annotations(path))
    assert [i.id for i in items if isinstance(i, Record)] == ["r1", "r2"]
    errors = [str(i) for i in items if isinstance(i, textmine.InputError)]
    assert errors == [f"{path}:2: not a textmine record ({message})"]


def test_annotations_undecodable_line(tmp_path):
    path = tmp_path / "ann.jsonl"
    path.write_bytes(_lines(RECORD.model_dump_json()).encode() + b"\xff\xfe\n")
    items = list(textmine.read_annotations(path))
    assert [str(i) for i in items[1:]] == [f"{path}:2: not UTF-8 text"]


def test_annotations_unreadable_file(tmp_path):
    with pytest.raises(textmine.InputError, match=r"missing\.jsonl: cannot read the file"):
        list(textmine.read_annotations(tmp_path / "missing.jsonl"))
