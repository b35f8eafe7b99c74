"""Redaction: each kind of identifier replaced, roles and pseudonyms kept, one pseudonym per person, offsets into the
original text. Sentences are invented in the style of review prose and case notes."""

import json

import pytest

import textmine
from tests.conftest import load_cases
from textmine.errors import LexiconError
from textmine.lexicons import load_lexicon
from textmine.redact.identifiers import compile_rules, nhs_number_valid


@pytest.mark.parametrize("text, expected", load_cases("redact", "text", "expected"))
def test_redact_cases(nlp, text, expected):
    redaction = textmine.redact(text, nlp)
    assert [[r.original, r.replacement] for r in redaction.replacements] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Sarah Jones told the health visitor she was coping. Ms Jones later said that Sarah had not slept.",
            "[Person A] told the health visitor she was coping. Ms [Person A] later said that [Person A] had not "
            "slept.",
        ),
        (
            "Mr Peter Smith was seen by Dr Anna Patel. Mr Smith told Dr Patel that Peter Smith was his full name.",
            "Mr [Person A] was seen by Dr [Person B]. Mr [Person A] told Dr [Person B] that [Person A] was his full "
            "name.",
        ),
        (
            "Kayleigh Brown lived with Tom Walker. Tom was not known to services; Kayleigh was.",
            "[Person A] lived with [Person B]. [Person B] was not known to services; [Person A] was.",
        ),
        (
            "Mother gave 07700 900123 and later +44 7700 900123; the school had 07700 900456.",
            "Mother gave [Phone 1] and later [Phone 1]; the school had [Phone 2].",
        ),
        (
            "The letter went to 14 Elm Road. A second letter went to 2 Mill Lane, and a third to 14 Elm Road.",
            "The letter went to [Address 1]. A second letter went to [Address 2], and a third to [Address 1].",
        ),
        (
            "The family lived at 14 Elm Road, Coventry CV1 2AB. By May they had left 14 Elm Road for 9 Mill Lane.",
            "The family lived at [Address 1]. By May they had left [Address 1] for [Address 2].",
        ),
    ],
    ids=[
        "three-mentions-one-person", "title-variants", "two-people", "phone-variants", "addresses", "address-short-form"
    ],
)
def test_redact_consistent_within_document(nlp, text, expected):
    assert textmine.redact(text, nlp).text == expected


def test_redact_skips_person_letters_already_in_the_text(nlp):
    text = "Person A, an anonymous caller, said that Sarah Jones left the baby alone."
    assert textmine.redact(text, nlp).text == "Person A, an anonymous caller, said that [Person B] left the baby alone."


@pytest.mark.parametrize("case", load_cases("redact", "text"))
def test_redact_offsets_refer_to_the_original(nlp, case):
    redaction = textmine.redact(case, nlp)
    rebuilt, at = [], 0
    for r in redaction.replacements:
        assert case[r.start : r.end] == r.original
        assert r.start >= at
        rebuilt += [case[at : r.start], r.replacement]
        at = r.end
    assert "".join(rebuilt) + case[at:] == redaction.text


def test_redact_takes_a_processed_doc(nlp):
    text = "Holly's mother, Kate Green, rang 07700 900123 on 3 May 2016."
    assert textmine.redact(nlp(text)) == textmine.redact(text, nlp)


def test_redact_key_maps_originals_to_pseudonyms(nlp):
    redaction = textmine.redact("Sarah Jones (DOB 12/03/2010) moved. Ms Jones rang 07700 900123.", nlp)
    assert redaction.key() == {
        "Sarah Jones": "[Person A]", "12/03/2010": "[DOB]", "Jones": "[Person A]", "07700 900123": "[Phone 1]",
    }


def test_redact_empty_text_is_an_input_error(nlp):
    with pytest.raises(textmine.InputError, match="^<text>: empty document$"):
        textmine.redact("  \n", nlp)


@pytest.mark.parametrize(
    "digits, valid",
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("123456789", False), ("1234567890", False)],
)
def test_redact_nhs_check_digit(digits, valid):
    assert nhs_number_valid(digits) is valid


@pytest.mark.parametrize(
    "row, message",
    [
        ({"kind": "phone", "regex": "(0"}, "does not compile"),
        ({"kind": "phone", "regex": "{nowhere}"}, "unknown placeholder"),
        ({"kind": "street", "regex": "x"}, "needs a 'word'"),
        ({"kind": "email", "word": "x"}, "needs a 'regex'"),
        ({"kind": "surname", "word": "Smith"}, "kind"),
    ],
)
def test_redact_lexicon_rows_validated(tmp_path, row, message):
    path = tmp_path / "redaction.jsonl"
    path.write_text(json.dumps({"kind": "street", "word": "Road"}) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"redaction.jsonl:2: .*{message}"):
        load_lexicon("redaction", str(path))


def test_redact_rules_need_every_kind():
    with pytest.raises(LexiconError, match="no 'dob' regex"):
        compile_rules([{"kind": "street", "word": "Road"}])
