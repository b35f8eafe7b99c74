"""Sentences, sections and case-note entries."""

import pytest

from tests.conftest import load_cases
from textmine.components.segment import find_entries, find_headings, is_heading

KNOWN = frozenset({"introduction", "background", "findings", "recommendations", "key practice episodes"})


@pytest.mark.parametrize("text, expected", load_cases("sentences", "text", "expected"))
def test_segment_sentences(nlp, text, expected):
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Weight concerns", True),
        ("Key practice episodes", True),
        ("3.2 Findings", True),
        ("Terms of Reference", True),
        ("Recommendations:", True),
        ("By Charlotte Webster-", False),
        ("The baby was seen.", False),
        ("12/03/2019 HV visit", False),
        ("the mother said she was coping and the health visitor agreed to call again", False),
        ("", False),
    ],
)
def test_segment_is_heading(line, expected):
    assert is_heading(line, KNOWN) is expected


def test_segment_sections_cover_until_next_heading(nlp):
    text = "Introduction\nThis review concerns Child K.\n\nFindings\nRecording was poor. No chronology was kept.\n"
    doc = nlp(text)
    sections = [(s.label_, s.text.split("\n")[0]) for s in doc.spans["sections"]]
    assert sections == [("Introduction", "Introduction"), ("Findings", "Findings")]
    assert doc.spans["sections"][0].text.endswith("Child K.")
    assert doc.spans["sections"][1].text.endswith("No chronology was kept.")


@pytest.mark.parametrize(
    "text, heads",
    [
        ("12/03/2019 HV home visit. Mother said baby well.\n14/03/2019 T/C from school.", ["12/03/2019", "14/03/2019"]),
        ("12.03.19 14:30 T/C from school re bruise.\nTues 12/3 U/A visit, no answer.", ["12.03.19", "Tues 12/3"]),
        ("02/2018 Referral from police.\n3 May 2019: strategy discussion held.", ["02/2018", "3 May 2019"]),
        ("The review met on 12/03/2019 to agree its terms.", []),
    ],
)
def test_segment_entries(text, heads):
    entries = find_entries(text)
    assert [text[a:b].split()[0] if not text[a:b].startswith("Tues") else " ".join(text[a:b].split()[:2]) for a, b in entries] == [
        h if not h.startswith("3 May") else "3" for h in heads
    ]


def test_segment_entry_spans_in_doc(nlp):
    doc = nlp("12/03/2019 HV home visit. Mother said baby well.\n14/03/2019 T/C from school.")
    assert [s.text for s in doc.spans["entries"]] == [
        "12/03/2019 HV home visit. Mother said baby well.",
        "14/03/2019 T/C from school.",
    ]


def test_segment_headings_need_body():
    assert find_headings("Findings", KNOWN) == [(0, 8, "Findings")]
    assert find_headings("Weight concerns", KNOWN) == []


def test_segment_seed(seed_record):
    text = seed_record.text
    sentences = [text[s.start : s.end] for s in seed_record.sentences]
    assert [s.title for s in seed_record.sections] == ["Weight concerns"]
    assert "It also included work carried out by agencies to support this." in sentences
    assert "No bruises were however observed." in sentences
    assert "Weight concerns" in sentences
    assert len(sentences) == 25
    assert all(not s[0].islower() for s in sentences)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "x" * 5000, "word " * 10000])
def test_segment_degenerate_text(nlp, text):
    doc = nlp(text)
    assert sum(1 for _ in doc.sents) <= max(1, len(doc)) if len(doc) else True
