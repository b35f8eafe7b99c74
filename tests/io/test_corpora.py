"""iter_corpus: folders, globs, JSONL, CSV and saved datasets; bad items reported with file and line, good ones kept."""

import json

import pytest

from textmine.errors import InputError
from textmine.io import Document, iter_corpus
from textmine.io.corpora import parse_reference_date


def _split(items) -> tuple[list[Document], list[str]]:
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [str(i) for i in items if isinstance(i, InputError)]


def _jsonl(path, lines: list[str]):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_iter_corpus_jsonl_reports_bad_rows_and_keeps_good(tmp_path):
    path = _jsonl(
        tmp_path / "notes.jsonl",
        [
            json.dumps({"id": "n1", "text": "12/03/2019 HV home visit. Home cold.", "reference_date": "2019-03-12",
                        "agency": "health visiting"}),
            '{"id": "n2", "text": "unterminated',
            json.dumps({"id": "n3", "note": "the text field is missing"}),
            "",
            json.dumps({"text": "Mother said the baby had a cold.", "team": "MASH"}),
            json.dumps({"id": "n5", "text": "   "}),
            json.dumps({"id": "n6", "text": "Seen at school.", "reference_date": "12/03/2019"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"id": "n1", "text": "A second row with the first row's id."}),
            json.dumps({"id": "n10", "text": 42}),
        ],
    )
    documents, errors = _split(iter_corpus(path))
    assert [(d.id, d.source, d.reference_date, d.metadata) for d in documents] == [
        ("n1", f"{path}:1", "2019-03-12", {"agency": "health visiting"}),
        ("notes.jsonl:5", f"{path}:5", None, {"team": "MASH"}),
    ]
    assert errors == [
        f"{path}:2: malformed JSON (Unterminated string starting at column 22)",
        f"{path}:3: no text (the 'text' field is missing or empty)",
        f"{path}:6: no text (the 'text' field is missing or empty)",
        f"{path}:7: reference_date '12/03/2019' is not an ISO date (YYYY-MM-DD)",
        f"{path}:8: expected a JSON object, found a list",
        f"{path}:9: duplicate id 'n1' (first used by {path}:1)",
        f"{path}:10: the 'text' field must be a string, not int",
    ]


def test_iter_corpus_jsonl_custom_columns(tmp_path):
    path = _jsonl(tmp_path / "rows.jsonl", [json.dumps({"doc": "r7", "body": "The GP was not told."})])
    [document] = iter_corpus(path, text_column="body", id_column="doc")
    assert (document.id, document.text, document.metadata) == ("r7", "The GP was not told.", {})


def test_iter_corpus_csv_cp1252_text_column(tmp_path):
    path = tmp_path / "notes.csv"
    rows = 'case,note,reference_date\nA1,"Mother’s rent arrears of £40, said the ""flat"" was cold.",2019-05-02\nA2,,\nA3,"Seen at home.",\n'
    path.write_bytes(rows.encode("cp1252"))
    documents, errors = _split(iter_corpus(path, text_column="note", id_column="case"))
    assert [(d.id, d.text, d.reference_date, d.source) for d in documents] == [
        ("A1", 'Mother’s rent arrears of £40, said the "flat" was cold.', "2019-05-02", f"{path}:2"),
        ("A3", "Seen at home.", None, f"{path}:4"),
    ]
    assert errors == [f"{path}:3: no text (the 'note' field is missing or empty)"]


def test_iter_corpus_csv_without_text_column_is_one_bad_item(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("case,body\nA1,Seen.\n", encoding="utf-8")
    assert [str(i) for i in iter_corpus(path)] == [
        f"{path}: no 'text' column (columns: case, body); choose one with --text-column"
    ]


def test_iter_corpus_folder_sorted_recursive_unique_ids(tmp_path):
    (tmp_path / "2018").mkdir()
    (tmp_path / "2019").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "2018" / "review.txt").write_text("Child K was seen at home.", encoding="utf-8")
    (tmp_path / "2019" / "review.md").write_text("# Findings\n\nThe GP was not told.", encoding="utf-8")
    (tmp_path / "2019" / "briefing.html").write_text("<p>Learning from the review.</p>", encoding="utf-8")
    (tmp_path / "2019" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "README.md").write_text("Data card: not a document.", encoding="utf-8")
    (tmp_path / ".cache" / "old.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "2019" / "~$review.docx").write_bytes(b"\x06owner")
    _jsonl(tmp_path / "notes.jsonl", [json.dumps({"id": "n1", "text": "HV visit."})])
    documents, errors = _split(iter_corpus(tmp_path))
    assert [(d.id, d.text) for d in documents] == [
        ("2018/review.txt", "Child K was seen at home."),
        ("briefing", "Learning from the review."),
        ("2019/review.md", "Findings\n\nThe GP was not told."),
        ("n1", "HV visit."),
    ]
    assert errors == [f"{tmp_path / '2019' / 'empty.txt'}: empty file"]


def test_iter_corpus_glob(tmp_path):
    for name in ("a.txt", "b.txt", "c.md"):
        (tmp_path / name).write_text(f"Text of {name}.", encoding="utf-8")
    assert [d.id for d in iter_corpus(str(tmp_path / "*.txt"))] == ["a", "b"]


@pytest.mark.parametrize(
    "spec, words",
    [
        pytest.param("missing_folder", "no such file or folder", id="missing"),
        pytest.param("empty_folder", "no supported files in this folder", id="no-supported-files"),
        pytest.param("empty_folder/*.pdf", "no supported files match this pattern", id="glob-no-match"),
    ],
)
def test_iter_corpus_unusable_spec(tmp_path, spec, words):
    (tmp_path / "empty_folder").mkdir()
    (tmp_path / "empty_folder" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(InputError, match=words) as caught:
        list(iter_corpus(tmp_path / spec))
    assert str(caught.value).startswith(str(tmp_path / spec))


def test_iter_corpus_single_bad_document_is_an_item(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"")
    assert [str(i) for i in iter_corpus(path)] == [f"{path}: empty file"]


def test_iter_corpus_saved_dataset(tmp_path):
    datasets = pytest.importorskip("datasets")
    rows = {"id": ["d1", "d2", "d3"], "text": ["Child K was seen.", "", "The GP was told."],
            "reference_date": ["2020-01-02", None, None], "split": ["train", "train", "test"]}
    datasets.Dataset.from_dict(rows).save_to_disk(str(tmp_path / "saved"))
    documents, errors = _split(iter_corpus(tmp_path / "saved"))
    assert [(d.id, d.reference_date, d.metadata) for d in documents] == [
        ("d1", "2020-01-02", {"split": "train"}),
        ("d3", None, {"split": "test"}),
    ]
    assert errors == [f"{tmp_path / 'saved'}:1: no text (the 'text' field is missing or empty)"]


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param(None, None, id="absent"),
        pytest.param("2019-03-12", "2019-03-12", id="iso"),
        pytest.param("2019-03-12T09:30:00", "2019-03-12", id="iso-datetime"),
        pytest.param("12/03/2019", ValueError, id="uk-numeric"),
        pytest.param("2019-02-30", ValueError, id="impossible"),
        pytest.param("March 2019", ValueError, id="words"),
        pytest.param(20190312, ValueError, id="number"),
    ],
)
def test_parse_reference_date(value, expected):
    if expected is ValueError:
        with pytest.raises(ValueError, match="is not an ISO date"):
            parse_reference_date(value)
    else:
        assert parse_reference_date(value) == expected


def test_iter_corpus_saved_dataset_dict_splits(tmp_path):
    datasets = pytest.importorskip("datasets")
    splits = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_dict({"text": ["Child K was seen.", "The GP was told."]}),
            "test": datasets.Dataset.from_dict({"text": ["No strategy discussion was held."]}),
        }
    )
    splits.save_to_disk(str(tmp_path / "saved"))
    documents = list(iter_corpus(tmp_path / "saved"))
    assert [(d.id, d.source, d.metadata) for d in documents] == [
        ("saved[train]:0", f"{tmp_path / 'saved'}[train]:0", {"split": "train"}),
        ("saved[train]:1", f"{tmp_path / 'saved'}[train]:1", {"split": "train"}),
        ("saved[test]:0", f"{tmp_path / 'saved'}[test]:0", {"split": "test"}),
    ]
