"""The high-level calls: ``extract`` on text and paths."""

import pytest

import textmine
from textmine.io.records import record_to_doc


@pytest.mark.parametrize("value", ["garbage", "2019-02-30", "12/03/2019"])
def test_api_extract_rejects_bad_reference_date(nlp, value):
    with pytest.raises(textmine.InputError, match=f"^<text>: reference_date '{value}' is not an ISO date"):
        textmine.extract("Seen yesterday.", nlp=nlp, reference_date=value)


@pytest.mark.parametrize("value, expected", [("2020-01-15", "2020-01-14"), ("2020-01-15T09:30:00", "2020-01-14")])
def test_api_extract_reference_date_resolves_yesterday(nlp, value, expected):
    record = textmine.extract("Seen yesterday.", nlp=nlp, reference_date=value)[0]
    assert record.reference_date == "2020-01-15"
    assert [d.value for d in record.dates] == [expected]


@pytest.mark.parametrize("missing", ["missing.txt", "reviews/child_k.pdf", "notes.JSONL"])
def test_api_missing_path_is_an_error_not_text(missing):
    with pytest.raises(textmine.InputError, match=f"^{missing}: no such file"):
        textmine.extract(missing)


@pytest.mark.parametrize("text", ["Mother said the baby was well.", "see notes.txt for the visit", "review.txt was late."])
def test_api_text_is_processed(text):
    record = textmine.extract(text)[0]
    assert record.text == text and record.source == "<text>"


def test_api_path_is_read(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("On 12 May 2019 the health visitor saw Baby R.", encoding="utf-8")
    record = textmine.extract(str(path))[0]
    assert record.id == "note" and record.dates[0].value == "2019-05-12"


@pytest.mark.parametrize(
    "text, date_text, value, time",
    [
        ("12.03.19 14:30 T/C from school about bruising.", "14:30", "2019-03-12", "14:30"),
        ("On the evening of 5 December 2020 Mother drank. Baby K was found in the early hours.", "the early hours",
         "2020-12-06", "NI"),
        ("12.03.19 Home visit.", "12.03.19", "2019-03-12", None),
    ],
)
def test_api_record_dates_a_time_by_its_day(nlp, text, date_text, value, time):
    record = textmine.extract(text, nlp=nlp)[0]
    date = next(d for d in record.dates if d.text == date_text)
    assert (date.value, date.time) == (value, time)
    again = textmine.doc_to_record(record_to_doc(record, nlp))
    assert [(d.value, d.time) for d in again.dates] == [(d.value, d.time) for d in record.dates]
