"""The chronology: events in date order, undated ones after their anchor, context dates apart; the CLI formats."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import textmine
from tests.conftest import SEED
from textmine.cli import app
from textmine.components.chronology import sort_key
from textmine.io import Document

SEED_EVENTS = [
    ("2008-07", None, "not gaining weight"),
    ("2009-03", None, "discharged from paediatric follow-up"),
    ("2013-05-16", None, "reported he had seen bruises"),
    (None, "On 16 May 2013", "initial assessment was carried out"),
    ("2013-09", None, "escalated to child in need"),
    ("2015-09", None, "harm to the baby"),
]
SEED_CONTEXT = [("2012", "the period covered by the review"), ("2014-01", "rated ‘inadequate’")]


def _record(nlp, text, reference_date=None):
    return textmine.doc_to_record(textmine.make_doc(nlp, Document("t", "<text>", text, reference_date)))


@pytest.mark.parametrize(
    "value, qualifier, key",
    [
        ("2013-05-16", None, (2013, 5, 16)),
        ("2013-05", None, (2013, 5, 1)),
        ("2013", "late", (2013, 9, 1)),
        ("2014-AU", None, (2014, 9, 1)),
        ("2013-Q2", None, (2013, 4, 1)),
        ("2011-W44", None, (2011, 10, 31)),
        ("2012/2015", None, (2012, 1, 1)),
        ("PRESENT_REF", None, None),
        (None, None, None),
    ],
)
def test_chronology_sort_key(value, qualifier, key):
    assert sort_key(value, qualifier) == key


def test_chronology_seed(nlp, seed_text):
    record = _record(nlp, seed_text)
    assert [(e.date, e.after) for e in record.chronology] == [(d, a) for d, a, _ in SEED_EVENTS]
    for event, (_, _, words) in zip(record.chronology, SEED_EVENTS):
        assert words in event.text
        assert record.text[event.start : event.end] == event.text
    assert [e.date for e in record.context_events] == [d for d, _ in SEED_CONTEXT]
    for event, (_, words) in zip(record.context_events, SEED_CONTEXT):
        assert words in event.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On 16 May 2013 the father reported bruises. A few months later an assessment ended in no further action, "
         "until the case was escalated in September 2013.",
         [("2013-05-16", "On 16 May 2013 the father reported bruises."),
          (None, "A few months later an assessment ended in no further action"),
          ("2013-09", "until the case was escalated in September 2013.")]),
        ("Baby S was born on 3 May 2019 and was seen by the health visitor on 10 May 2019.",
         [("2019-05-03", "Baby S was born on 3 May 2019"), ("2019-05-10", "and was seen by the health visitor on 10 May 2019.")]),
        ("From May to July 2016 the school raised concerns.",  # a range is one event: the whole sentence
         [("2016-05", "From May to July 2016 the school raised concerns.")]),
    ],
)
def test_chronology_event_is_the_clause_of_its_date(nlp, text, expected):
    record = _record(nlp, text)
    assert [(e.date, e.text) for e in record.chronology] == expected
    for e in record.chronology:
        assert record.text[e.start : e.end] == e.text


def test_a_period_between_two_dates_is_context_not_an_event(nlp):
    record = _record(nlp, "Between May and July 2016 the school tried to engage the family. On 3 August 2016 it closed.")
    assert [e.date for e in record.chronology] == ["2016-08-03"]
    assert [e.date for e in record.context_events] == ["2016-05"]


def test_chronology_event_date_is_its_day(nlp):
    text = "On the evening of 5 December 2020 Mother drank alcohol. Baby K was found unresponsive in the early hours."
    record = _record(nlp, text)
    assert [(e.date, e.date_text) for e in record.chronology] == [
        ("2020-12-05", "5 December 2020"), ("2020-12-06", "in the early hours")]


def test_chronology_sorted_by_date_not_narrative(nlp):
    text = "In March 2015 the baby was born. In 2013 the mother had been known to the police. On 2 May 2015 she was injured."
    record = _record(nlp, text)
    assert [e.date for e in record.chronology] == ["2013", "2015-03", "2015-05-02"]


def test_chronology_statutes_and_durations_are_not_events(nlp):
    text = "Under the Children Act 1989 the local authority visited for three weeks. Aged 3 months, the baby was well."
    assert _record(nlp, text).chronology == []


@pytest.mark.parametrize("fmt", ["csv", "json", "html"])
def test_chronology_cli_seed_formats(tmp_path, seed_text, fmt):
    out = tmp_path / f"chronology.{fmt}"
    result = CliRunner().invoke(app, ["chronology", str(SEED), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        payload = json.loads(text)
        assert [e["date"] for e in payload["chronology"]] == [d for d, _, _ in SEED_EVENTS]
        assert [e["date"] for e in payload["context_events"]] == [d for d, _ in SEED_CONTEXT]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(r["kind"], r["date"]) for r in rows] == [("event", d or "") for d, _, _ in SEED_EVENTS] + [
            ("context", d) for d, _ in SEED_CONTEXT
        ]
    else:
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text
        assert text.count('class="event') == len(SEED_EVENTS) + len(SEED_CONTEXT)
        assert "after On 16 May 2013" in text and "3 years with no recorded events (2010–2012)" in text
        assert "1 year with no recorded events (2014)" in text and text.count('class="gap"') == 2


def test_chronology_cli_table_and_bad_input(tmp_path, seed_text):
    runner = CliRunner()
    result = runner.invoke(app, ["chronology", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "2013-05-16" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["chronology", str(empty)])
    assert result.exit_code == 1
    result = runner.invoke(app, ["chronology", str(SEED), "--format", "pdf"])
    assert result.exit_code == 1


def test_chronology_case_note_entries(nlp):
    text = (
        "12.03.19 14:30 T/C from school. Bruise seen on the child's cheek.\n"
        "14.03.19 HV visit. Mother said the baby fell. Two days later the GP saw the baby.\n"
        "Tues 19/3 no answer at the door."
    )
    record = _record(nlp, text)
    assert [e.date for e in record.chronology] == ["2019-03-12", "2019-03-14", "2019-03-16", "2019-03-19"]
    first = record.chronology[0]
    assert first.text == "12.03.19 14:30 T/C from school. Bruise seen on the child's cheek."
    assert record.chronology[2].text == "Two days later the GP saw the baby."


@pytest.mark.parametrize(
    "text, dates",
    [
        ("Joint visit record – 21/10/2020. Referral from school at 0915hrs. Father arrested at 1640hrs.",
         ["2020-10-21", "2020-10-21"]),  # the title's date is the record's; the day's events are told
        ("YOT case closure note – 30 November 2024. He was sentenced in March 2024.", ["2024-03", "2024-11-30"]),
        ("On 3 May 2019 the baby was admitted. Later that day he was seen.", ["2019-05-03", "2019-05-03"]),
        # a letter's or email's own date is no event; a meeting's "Date:" is the meeting
        ("Ms Rosa Achterberg\nHead of Service\n\n16 May 2022\n\nDear Ms Achterberg,\n\nThe case was closed on "
         "2 May 2022.", ["2022-05-02"]),
        ("From: DS Karen Holt\nSent: Tuesday 14 February 2023\nSubject: Strategy discussion\n\nPolice attended the "
         "flat on 12/02/23 after a 999 call.", ["2023-02-12"]),
        ("INITIAL CHILD PROTECTION CONFERENCE – Child M (9).\nDate: 14.2.2020.\nChild M made subject to a plan.",
         ["2020-02-14"]),
    ],
)
def test_chronology_title_line_date(nlp, text, dates):
    assert [e.date for e in _record(nlp, text).chronology] == dates


def test_chronology_event_is_dated_by_its_day(nlp):
    text = ("06/01/2022 0612hrs call from the ED. Baby brought in by his father at 0540hrs.\n"
            "0730hrs strategy discussion held. Father arrested at 1015hrs.\n07/01/2022 skeletal survey: no fractures.")
    record = _record(nlp, text)
    assert [e.date for e in record.chronology] == ["2022-01-06"] * 4 + ["2022-01-07"]
    assert [e.date_text for e in record.chronology[1:4]] == ["at 0540hrs", "0730hrs", "at 1015hrs"]


@pytest.mark.parametrize(
    "text, context_date",
    [
        ("The overview report, written by an independent author in May 2019, looks at agency contact.", "2019-05"),
        ("The review was presented in March 2017 to the partnership board.", "2017-03"),
        ("The learning briefing was prepared in June 2020 by the partnership's business manager.", "2020-06"),
        ("The board adopted its findings in September 2014 and published it a month later.", "2014-09"),
        ("The report is dated 4 February 2016.", "2016-02-04"),
        ("The annual report, covering April 2022 to March 2023, sets out the partnership's work.", "2022-04"),
        ("Fieldwork took place in January 2024 across the three local authorities.", "2024-01"),
        # plans and deadlines: what was to happen
        ("Actions: SW1 to meet Mr H by 21.2.20; school nurse to weigh both children.", "2020-02-21"),
        ("Strategy discussion held. Enquiry to be reviewed on 05/04/19.", "2019-04-05"),
        ("Post-mortem to take place on 10.12.2018.", "2018-12-10"),
        ("The council should ensure that every child has a chronology by 31 March 2024.", "2024-03-31"),
        ("03/04/19 GP1. Low mood. Plan: urgent referral to the perinatal team. Review next week.", "2019-W15"),
        ("MASH contact - unborn baby (EDD 07/2021) and sibling Kai (2).", "2021-07"),
    ],
)
def test_chronology_review_metadata_dates_are_context(nlp, text, context_date):
    doc = nlp(text)
    assert context_date not in [e["date"] for e in doc._.chronology]
    assert context_date in [e["date"] for e in doc._.context_events]


@pytest.mark.parametrize(
    "text, event_date",
    [
        ("On 3 May 2016 the social worker prepared a safety plan with the mother.", "2016-05-03"),
        ("The child protection plan was approved at the conference in July 2015.", "2015-07"),
        # a clause opened by "by", a past failing, a plan that did not happen by a later date
        ("The agreement was never reviewed, and by mid-2018 neighbours were again reporting arguments.", "2018"),
        ("A bruise on a non-mobile baby should have been referred on 03/04/19.", "2019-04-03"),
        ("The CIN review due in June 2019 did not take place until 14.10.2019.", "2019-10-14"),
        ("By December 2022 the family had moved to Leeds.", "2022-12"),
    ],
)
def test_chronology_actions_with_similar_words_stay_events(nlp, text, event_date):
    assert event_date in [e["date"] for e in nlp(text)._.chronology]
