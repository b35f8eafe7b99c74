"""The high-level calls: ``extract`` on text and paths."""

import pytest

import textmine


@pytest.mark.parametrize("value", ["garbage", "2019-02-30", "12/03/2019"])
def test_api_extract_rejects_bad_reference_date(nlp, value):
    with pytest.raises(textmine.InputError, match=f"^<text>: reference_date '{value}' is not an ISO date"):
        textmine.extract("Seen yesterday.", nlp=nlp, reference_date=value)


@pytest.mark.parametrize("value, expected", [("2020-01-15", "2020-01-14"), ("2020-01-15T09:30:00", "2020-01-14")])
def test_api_extract_reference_date_resolves_yesterday(nlp, value, expected):
    record = textmine.extract("Seen yesterday.", nlp=nlp, reference_date=value)[0]
    assert record.reference_date == "2020-01-15"
    assert [d.value for d in record.dates] == [expected]
