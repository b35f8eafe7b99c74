"""Cue-phrase and shortfall features: lexicons load, phrases count per label, markers gate a copy of the words."""

import math
import re

import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.classify.features import (
    CueCounter,
    ShortfallWords,
    char_wb_4grams,
    cue_words,
    expand_alternatives,
    load_cues,
    load_hedges,
    load_markers,
    tfidf_transform,
    without_contractions,
    without_hedges,
)
from textmine.errors import LexiconError
from textmine.records import PRACTICE_ISSUES

CUES = {"escalation": ["escalat*", "did not escalate"], "record_keeping": ["not recorded", "record-keeping"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Record keeping was poor.", {"record_keeping": 2}, id="cue-and-criticised-topic"),
        pytest.param("The panel criticised the case notes.", {"record_keeping": 1}, id="criticised-topic-only"),
        pytest.param("There were no concerns about case notes.", {}, id="excluded-criticism"),
    ],
)
def test_cue_counter_counts_criticised_topics_once_more(text, expected):
    counter = CueCounter(CUES, topics={"record_keeping": ["record keeping", "case notes"]}, criticism=["poor", "criticised", "concerns about", "!no concerns about"]).fit([])
    row = counter.transform([text]).toarray()[0]
    assert {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v} == expected


def test_packaged_topics_only_for_the_labels_of_the_cues():
    counter = CueCounter(CUES).fit([])
    assert set(counter.topics_) == {"record_keeping", "escalation"}
    assert counter.transform(["Poor management oversight and weak assessment."]).nnz == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("The school did not escalate its worry.", {"escalation": 1}, id="longest-phrase-once"),
        pytest.param("It was escalated, then escalated again.", {"escalation": 2}, id="prefix-twice"),
        pytest.param("Record keeping was poor and the visit was not recorded.", {"record_keeping": 2}, id="hyphen-or-space"),
        pytest.param("Recording was excellent.", {}, id="no-cue"),
    ],
)
def test_cue_counter_counts_per_label(text, expected):
    counter = CueCounter(CUES, topics={}).fit([])
    row = counter.transform([text]).toarray()[0]
    assert {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v} == expected


def test_cue_words_prefix_and_hyphen():
    assert cue_words("Non-attendance") == ["non", "attendance"]
    assert cue_words("escalat*") == ["escalat*"]


def test_packaged_cues_cover_every_practice_issue():
    cues = load_cues()
    assert set(cues) == set(PRACTICE_ISSUES)
    assert all(len(patterns) >= 10 for patterns in cues.values())


def test_cue_counter_sklearn_contract():
    counter = CueCounter(CUES)
    assert clone(counter).get_params() == counter.get_params()
    assert counter.fit(["x"]) is counter
    assert list(counter.get_feature_names_out()) == ["cue_escalation", "cue_record_keeping"]


@pytest.mark.parametrize(
    "text, marked",
    [
        pytest.param("The father was never spoken to by any agency.", True, id="never"),
        pytest.param("His father said he had dropped the baby on the kitchen floor.", False, id="narrative-father"),
        pytest.param("Checks were not made with the GP before the case closed.", True, id="not"),
        pytest.param("The hospital informed the MASH the same afternoon.", False, id="good-practice"),
        pytest.param("The health visitor didn\u2019t pass the notification on.", True, id="curly-apostrophe"),
        pytest.param("Agencies failed to share what they knew.", True, id="prefix-fail"),
        pytest.param("A strategy discussion should have been convened.", True, id="hedged-finding"),
        pytest.param("Nothingness is a word, notwithstanding.", False, id="whole-words-only"),
        pytest.param("The father, who no longer lived with the mother, reported bruises.", False, id="excluded-phrase"),
        pytest.param("He no longer lived there and was not assessed.", True, id="marker-beside-exclusion"),
    ],
)
def test_shortfall_markers(text, marked):
    words = ShortfallWords(TfidfVectorizer()).fit([text, "another text"])
    assert bool(words.marked([text])[0]) is marked


def test_shortfall_copy_only_for_marked_texts():
    texts = ["The father was not seen.", "The father was seen at home."]
    words = ShortfallWords(TfidfVectorizer()).fit(texts)
    matrix = words.transform(texts).toarray()
    half = (matrix.shape[1] - 1) // 2
    assert (matrix[0, :half] == matrix[0, half:-1]).all() and matrix[0, half:-1].any()
    assert not matrix[1, half:-1].any() and matrix[1, :half].any()
    assert matrix[:, -1].tolist() == [1.0, 0.0]  # the marker flag
    names = list(words.get_feature_names_out())
    assert names[half:] == [f"shortfall:{n}" for n in names[:half]] + ["shortfall"]


def test_shortfall_words_sklearn_contract():
    words = ShortfallWords(TfidfVectorizer(), markers=["not"])
    assert clone(words).get_params()["markers"] == ["not"]
    assert words.fit(["not this", "that"]) is words
    assert words.markers_ == ["not"]
    assert not hasattr(words.vectorizer, "vocabulary_")  # the given vectorizer stays unfitted


@pytest.mark.parametrize("row", ['{"pattern": "Not"}', '{"pattern": "two  spaces"}', '{"pattern": ""}', '{"word": "not"}',
                                 '{"pattern": "no", "exclude": "sometimes"}'])
def test_bad_marker_lexicon_row_is_a_one_line_error(tmp_path, row):
    path = tmp_path / "markers.jsonl"
    path.write_text('{"pattern": "never"}\n' + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{re.escape(str(path))}:2: "):
        load_markers(str(path))


HEDGED_CUES = {"record_keeping": ["(did not|failed to) record", "not (always|) recorded"], "assessment": ["failed to assess"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Front-line officers did not consistently record the children's worries.", {"record_keeping": 1},
                     id="adverb-after-not"),
        pytest.param("Her views were not always recorded on the file.", {"record_keeping": 1}, id="cue-with-the-adverb"),
        pytest.param("The social worker failed to properly assess the risk from Mr B.", {"assessment": 1},
                     id="adverb-after-to"),
        pytest.param("The nursery didn’t routinely record injuries.", {"record_keeping": 1}, id="contraction-and-adverb"),
        pytest.param("Health visitors consistently record every contact.", {}, id="adverb-without-negation"),
        pytest.param("Staff did not record, consistently or otherwise.", {"record_keeping": 1}, id="adverb-after-the-verb"),
    ],
)
def test_cue_counter_passes_over_hedges_after_negation(text, expected):
    counter = CueCounter(HEDGED_CUES, topics={}).fit([])
    row = counter.transform([text]).toarray()[0]
    assert {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v} == {
        label: n for label, n in expected.items() if n}


@pytest.mark.parametrize(
    "words, expected",
    [
        (["did", "not", "consistently", "record"], ["did", "not", "record"]),
        (["not", "always", "always"], ["not", "always"]),  # only the adverb right after the head
        (["always", "not"], ["always", "not"]),
        ([], []),
    ],
)
def test_without_hedges(words, expected):
    assert without_hedges(words, frozenset({"not", "to"}), frozenset({"always", "consistently"})) == expected


@pytest.mark.parametrize(
    "words, expected",
    [
        (["she", "didn't", "record"], ["she", "did", "not", "record"]),
        (["they", "can't", "say", "and", "won't"], ["they", "cannot", "say", "and", "will", "not"]),
        (["n't"], ["n't"]),
        (["not", "recorded"], ["not", "recorded"]),
    ],
)
def test_without_contractions(words, expected):
    assert without_contractions(words) == expected


def test_packaged_hedges_load_by_role():
    hedges = load_hedges()
    assert {"not", "to"} <= set(hedges["head"]) and {"consistently", "always"} <= set(hedges["hedge"])
    assert not set(hedges["head"]) & set(hedges["hedge"])


@pytest.mark.parametrize("row", ['{"word": "not", "role": "negator"}', '{"word": "Not", "role": "head"}',
                                 '{"word": "two words", "role": "hedge"}', '{"pattern": "not"}'])
def test_bad_hedge_lexicon_row_is_a_one_line_error(tmp_path, row):
    path = tmp_path / "hedges.jsonl"
    path.write_text('{"word": "never", "role": "head"}\n' + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{re.escape(str(path))}:2: "):
        load_hedges(str(path))


@pytest.mark.parametrize(
    "pattern, phrases",
    [
        ("(poor|inadequate) information sharing", ["poor information sharing", "inadequate information sharing"]),
        ("fail* to produce (proper|) chronolog*", ["fail* to produce proper chronolog*", "fail* to produce chronolog*"]),
        ("no chronology", ["no chronology"]),
        ("(a|a) b", ["a b"]),
    ],
)
def test_cue_alternatives_expand(pattern, phrases):
    assert expand_alternatives(pattern) == phrases


def test_cue_alternatives_match_in_text():
    counter = CueCounter({"chronology": ["fail* to (produce|keep) (proper|) chronolog*"]}).fit([])
    texts = ["They kept failing to produce proper chronologies.", "Staff failed to keep chronologies.", "A chronology."]
    assert counter.transform(texts).toarray()[:, 0].astype(bool).tolist() == [True, True, False]


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer=char_wb_4grams, sublinear_tf=True),
        TfidfVectorizer(norm=None, use_idf=False),
    ],
    ids=["word-sublinear", "char", "counts"],
)
def test_tfidf_transform_equals_sklearns(vectorizer):
    fitted = vectorizer.fit(["The GP was never told.", "No chronology was kept, and the GP was not told.", "Records."])
    texts = ["The GP was not told; the GP was never told.", "", "Words it never saw.", "records records",
             "ZOË’S GP WAS NEVER TOLD.", "a b c"]
    assert abs(tfidf_transform(fitted, texts) - fitted.transform(texts)).max() < 1e-12
