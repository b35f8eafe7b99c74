"""Abbreviations: Schwartz-Hearst definitions in both orders, later uses, glossary expansions."""

import pytest

from textmine.components.abbreviations import best_long_form, find_abbreviations, find_definitions, is_short_form
from textmine.lexicons import load_lexicon

GLOSSARY = {row["short"]: row for row in load_lexicon("abbreviations")}


@pytest.mark.parametrize(
    "short, candidate, expected",
    [
        ("RAS", "Coventry council's referral and assessment team", "referral and assessment team"),
        ("MASH", "the Multi Agency Safeguarding Hub", "Multi Agency Safeguarding Hub"),
        ("MIU", "the local Minor Injuries Unit", "Minor Injuries Unit"),
        ("HMICFRS", "by Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services", "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services"),
        ("MH", "her parents, the mother", "mother"),
        ("NSCP", "the Northamptonshire Safeguarding Children Partnership", "Northamptonshire Safeguarding Children Partnership"),
        ("XYZ", "the referral and assessment team", None),
    ],
)
def test_abbreviations_best_long_form(short, candidate, expected):
    start = best_long_form(short, candidate)
    assert (candidate[start:] if start is not None else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RAS", True),
        ("s47", False),  # no capital: glossary only
        ("S47", True),
        ("MASH", True),
        ("see above", False),
        ("aged 3", False),
        ("2013", False),
        ("A", False),
        ("Child Protection Plan", False),
    ],
)
def test_abbreviations_is_short_form(text, expected):
    assert is_short_form(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The hospital contacted the referral and assessment team (RAS) that day.", [("RAS", "referral and assessment team")]),
        ("The case went to RAS (referral and assessment team) for screening.", [("RAS", "referral and assessment team")]),
        ("It was screened by the Multi Agency Safeguarding Hub (MASH).", [("MASH", "Multi Agency Safeguarding Hub")]),
        ("A Local Authority Designated Officer (LADO) was told.", [("LADO", "Local Authority Designated Officer")]),
        ("His parents, mother (MH) and father (FH), were both interviewed.", [("MH", "mother"), ("FH", "father")]),
        ("Child B (born XX November 2020) was admitted.", []),
        ("The baby (aged 3 months) was seen at home.", []),
        ("The report (2013) was not shared.", []),
        ("Key events - Matt (Coventry)", []),
        ("The hospital rang the referral and\nassessment team (RAS).", [("RAS", "referral and assessment team")]),
        ("Para one ends here.\n\nAssessment team (RAS) took it.", []),
    ],
)
def test_abbreviations_definitions(text, expected):
    assert [(d.short, d.long) for d in find_definitions(text)] == expected


def test_abbreviations_definition_offsets():
    text = "The hospital contacted the referral and assessment team (RAS)."
    (d,) = find_definitions(text)
    assert text[d.short_start : d.short_end] == "RAS"
    assert text[d.long_start : d.long_end] == "referral and assessment team"


def test_abbreviations_later_uses_link_to_the_definition():
    text = "The referral and assessment team (RAS) took the call. RAS closed the case; the RAS reopened it."
    _, uses = find_abbreviations(text, GLOSSARY)
    assert [(u["short"], u["long"], u["glossary"]) for u in uses] == [("RAS", "referral and assessment team", False)] * 3
    assert [text[u["start"] : u["end"]] for u in uses] == ["RAS"] * 3


def test_abbreviations_use_before_definition_falls_back_to_glossary():
    text = "RAS screened it. Later the referral and assessment team (RAS) closed it."
    _, uses = find_abbreviations(text, GLOSSARY)
    assert [u["glossary"] for u in uses] == [True, False, ]
    assert uses[0]["long"] == GLOSSARY["RAS"]["long"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ICPC was held within 15 days and the case went to CAMHS.", [("ICPC", "Initial Child Protection Conference"), ("CAMHS", "Child and Adolescent Mental Health Services")]),
        ("The HV saw Child V; the s47 enquiry ended in NFA.", [("HV", "health visitor"), ("s47", "section 47 enquiry"), ("NFA", "no further action")]),
        ("The LADO and the MASH were told.", [("LADO", "Local Authority Designated Officer"), ("MASH", "Multi-Agency Safeguarding Hub")]),
        ("She had a mash and a cup of tea.", []),
        ("The CPS decided not to charge; the HVs were told.", [("CPS", "Crown Prosecution Service")]),
    ],
)
def test_abbreviations_glossary(text, expected):
    _, uses = find_abbreviations(text, GLOSSARY)
    assert [(u["short"], u["long"]) for u in uses] == expected
    assert all(u["glossary"] for u in uses)


def test_abbreviations_component_writes_record_fields(nlp):
    doc = nlp("The Multi Agency Safeguarding Hub (MASH) passed it to CAMHS. MASH then closed it.")
    assert [(a["short"], a["glossary"]) for a in doc._.abbreviations] == [("MASH", False), ("CAMHS", True), ("MASH", False)]
    assert [(s.text, s._.long_form) for s in doc.spans["abbreviations"]] == [
        ("MASH", "Multi Agency Safeguarding Hub"),
        ("CAMHS", "Child and Adolescent Mental Health Services"),
        ("MASH", "Multi Agency Safeguarding Hub"),
    ]
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Multi Agency Safeguarding Hub (MASH)", "AGENCY"),
        ("CAMHS", "AGENCY"),
        ("MASH", "AGENCY"),
    ]


def test_abbreviations_defined_code_takes_the_definition_label(nlp):
    doc = nlp("His parents, mother (MH) and father (FH), split up. MH later moved away.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("parents", "FAMILY"), ("mother", "FAMILY"), ("MH", "FAMILY"), ("father", "FAMILY"), ("FH", "FAMILY"),
        ("MH", "FAMILY"),
    ]


def test_abbreviations_role_glossary_is_professional(nlp):
    doc = nlp("The HV and the LADO discussed the referral.")
    assert [(e.text, e.label_) for e in doc.ents] == [("HV", "PROFESSIONAL"), ("LADO", "PROFESSIONAL")]


def test_abbreviations_seed(seed_record):
    ras = [a for a in seed_record.abbreviations if a.short == "RAS"]
    assert len(ras) == 3
    assert {a.long for a in ras} == {"referral and assessment team"}
    assert not any(a.glossary for a in ras)
    assert all(seed_record.text[a.start : a.end] == "RAS" for a in ras)


def test_abbreviations_empty_and_unpunctuated(nlp):
    assert nlp("")._.abbreviations == []
    doc = nlp("the referral and assessment team RAS took the call and RAS closed it")
    assert [a["short"] for a in doc._.abbreviations] == ["RAS", "RAS"]
    assert all(a["glossary"] for a in doc._.abbreviations)


def test_abbreviations_long_text_is_fast(nlp):
    import time

    text = "The referral and assessment team (RAS) passed the case to CAMHS and the MASH. " * 700
    start = time.perf_counter()
    doc = nlp(text)
    assert time.perf_counter() - start < 5
    assert len(doc._.abbreviations) == 2100
