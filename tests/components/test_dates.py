"""The temporal tagger: spans, labels and ISO values of review and case-note sentences."""

import re

import pytest

import textmine
from tests.conftest import load_cases
from textmine.components.date_grammar import build_grammar
from textmine.components.date_normalise import normalise
from textmine.errors import LexiconError
from textmine.io import Document

ISO_RE = re.compile(r"^\d{4}(-(\d\d(-\d\d(T\d\d:\d\d)?)?|W\d\d|Q[1-4]|H[12]|SP|SU|AU|WI))?$")


def _dates(nlp, text, reference_date=None):
    doc = textmine.make_doc(nlp, Document("t", "<text>", text, reference_date))
    return doc, list(doc.spans["dates"])


@pytest.mark.parametrize("text, reference_date, expected", load_cases("dates", "text", "reference_date", "expected"))
def test_dates_cases(nlp, text, reference_date, expected):
    _, spans = _dates(nlp, text, reference_date)
    assert [[s.text, s.label_, s._.date_value] for s in spans] == expected


@pytest.mark.parametrize(
    "text, anchor, reference, value",
    [
        ("16.05.13", None, None, "2013-05-16"),
        ("the following day", ("2013-05-16", "day"), None, "2013-05-17"),
        ("the previous month", ("2013-05-16", "day"), None, "2013-04"),
        ("two weeks later", ("2013-05-16", "day"), None, "2013-05-30"),
        ("the next year", ("2013", "year"), None, "2014"),
        ("later that day", ("2013-05-16", "day"), None, "2013-05-16"),
        ("the following day", ("2013-05", "month"), None, None),
        ("yesterday", None, "2019-03-12", "2019-03-11"),
        ("last week", None, "2019-03-12", "2019-W10"),
        ("this morning", None, "2019-03-12", "2019-03-12TMO"),
        ("late 2012", None, None, "2012"),
        ("the 1990s", None, None, "199"),
        ("31/02/2014", None, None, None),
    ],
)
def test_dates_normalise_pure(text, anchor, reference, value):
    assert normalise(text, anchor, reference).value == value


def test_dates_normalise_unknown_text_is_none():
    assert normalise("the social worker") is None


def test_dates_relative_chain_across_sentences(nlp):
    text = "22.10.11: baby seen at A&E. Five days later a skeletal survey was done. The following week a strategy meeting."
    _, spans = _dates(nlp, text)
    assert [s._.date_value for s in spans] == ["2011-10-22", "2011-10-27", "2011-W44"]
    assert spans[1]._.relative and spans[1]._.anchor == (spans[0].start_char, spans[0].end_char)
    assert spans[2]._.anchor == (spans[1].start_char, spans[1].end_char)


def test_dates_anchor_resets_at_heading(nlp):
    text = (
        "Background\nThe baby was born on 3 March 2014 at the local hospital.\n\n"
        "Findings\nThe following day is not anchored by the earlier section."
    )
    _, spans = _dates(nlp, text)
    assert [(s.text, s._.date_value) for s in spans] == [("3 March 2014", "2014-03-03"), ("The following day", None)]


def test_dates_anchor_resets_at_case_note_entry(nlp):
    text = "12/03/2019 HV visit, baby well.\n14/03/2019 GP appointment missed.\nTues 19/3 the next day nobody answered."
    doc, spans = _dates(nlp, text)
    assert [s._.date_value for s in spans] == ["2019-03-12", "2019-03-14", "2019-03-19", "2019-03-20"]
    assert len(doc.spans["entries"]) == 3


def test_dates_context_flags(nlp):
    text = "The review period runs from April 2012 to September 2015. The service was rated inadequate by Ofsted in January 2014."
    _, spans = _dates(nlp, text)
    assert [(s.text, s._.context_date) for s in spans] == [
        ("April 2012", True),
        ("September 2015", True),
        ("January 2014", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The PERIOD UNDER REVIEW began in March 2016. Zoe was seen in May 2017.",
        "The PERIOD UNDER REVIEW began in March 2016. Zoë was seen in May 2017.",  # not ASCII: matched ignoring case
    ],
)
def test_dates_context_cues_in_any_case(nlp, text):
    _, spans = _dates(nlp, text)
    assert [(s.text, s._.context_date) for s in spans] == [("March 2016", True), ("May 2017", False)]


@pytest.mark.parametrize(
    "text",
    ["31/02/2014", "00/00/2013", "99/99/99", "32 January 2014", "29/02/2015", "0/0/0000", "12/13/2014", "30 Feb 2012",
     "February 30, 2013", "XX/XX/XXXX", "2014/13", "the 0th of May", "13.13.13 25:99"],
)
def test_dates_bad_dates_never_invalid(nlp, text):
    _, spans = _dates(nlp, f"The record says {text} for the visit.")
    for span in spans:
        value = span._.date_value
        if value is not None and span.label_ in {"DATE", "TIME"}:
            assert ISO_RE.match(value.split("/")[0]), value


def test_dates_unknown_lexicon_kind_raises():
    with pytest.raises(LexiconError, match="row 1: unknown kind"):
        build_grammar([{"kind": "colour", "text": "red", "value": "R"}])


def test_dates_findings_section_anchors_within_sentence_only(nlp):
    text = (
        "Findings\nAs noted above, the baby was first seen on 2 May 2013. The following day is unclear in the records. "
        "On 3 June 2014 the school referred, and two days later nothing happened."
    )
    _, spans = _dates(nlp, text)
    assert [(s.text, s._.date_value) for s in spans] == [
        ("2 May 2013", "2013-05-02"),
        ("The following day", None),
        ("3 June 2014", "2014-06-03"),
        ("two days later", "2014-06-05"),
    ]
    narrative = _dates(nlp, text.replace("Findings", "Background"))[1]
    assert narrative[1]._.date_value == "2013-05-03"


def test_dates_times_attach_to_their_day(nlp):
    text = "At 02:30 on 3 March 2014 police attended. That evening the mother left. In the early hours the baby was ill."
    _, spans = _dates(nlp, text)
    assert [(s.text, s._.date_value) for s in spans] == [
        ("02:30", "2014-03-03T02:30"),
        ("3 March 2014", "2014-03-03"),
        ("That evening", "2014-03-03"),
        ("the early hours", "2014-03-04TNI"),
    ]
    assert spans[0]._.anchor == (spans[1].start_char, spans[1].end_char)


def test_dates_trigger_windows_lose_nothing(monkeypatch):
    """Matching only near trigger words (and digit runs of the right shape) finds exactly what running every rule
    over the whole text finds."""
    import dataclasses

    from textmine.components import date_grammar

    g = date_grammar.default_grammar()
    texts = [row.values[0] for row in load_cases("dates", "text")] + [
        "Over approximately the past twenty-three years, the 20th century, the day before yesterday, "
        "a couple of years ago, later the following day, in the early hours of the morning, twenty-three days later, "
        "at the beginning of the summer of 2013, in the academic year 2013/14, yesterday morning, three times a week.",
        "Seen 03/2014 and Q2  2019, in 2019-20 and FY2019/20, the late 1990s, Monday 12/03/14, on 5.6.2013, "
        "2013-05-16T10:30, page 12, 1/2 of them, 07.2015, section 3.4.1, (Brandon et al., 2013), 2.5 hours.",
    ]
    windowed = [[(s, e, r) for s, e, r, _ in date_grammar.find(g, t)] for t in texts]
    everything = dataclasses.replace(g, rule_triggers={name: frozenset({"*"}) for name, _ in g.rules})
    monkeypatch.setattr(date_grammar, "trigger_positions", lambda grammar, text: {"*": [(0, len(text))]})
    monkeypatch.setattr(date_grammar, "LEFT_REACH", {})
    monkeypatch.setattr(date_grammar, "WINDOW", 100_000)
    everywhere = [[(s, e, r) for s, e, r, _ in date_grammar.find(everything, t)] for t in texts]
    assert windowed == everywhere


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("in 2013 and 1998", "#year", ["2013", "1998"]),
        ("aged 19, 12345 people, 2100 and 1799", "#year", []),
        ("12/03/2019 and 5.6.13", "#d/m", ["12", "03", "5", "6"]),
        ("12/ 03, 2013/14, 123/4", "#d/m", []),
    ],
)
def test_dates_digit_trigger_classes(text, key, expected):
    from textmine.components.date_grammar import default_grammar, trigger_positions

    assert [text[a:b] for a, b in trigger_positions(default_grammar(), text).get(key, [])] == expected


def test_dates_pipeline_round_trip(nlp, tmp_path):
    import spacy

    text = "On 16 May 2013 the father reported bruises. The following day a social worker visited."
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    before = textmine.doc_to_record(textmine.make_doc(nlp, Document("t", "<text>", text))).dates
    after = textmine.doc_to_record(textmine.make_doc(reloaded, Document("t", "<text>", text))).dates
    assert before == after and [d.value for d in after] == ["2013-05-16", "2013-05-17"]
