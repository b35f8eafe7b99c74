"""Cue-phrase and shortfall features: lexicons load, phrases count per label, markers gate a copy of the words."""

import copy
import math
import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.classify.features import (
    CompactTfidfVectorizer,
    CueCounter,
    ShortfallWords,
    char_wb_4grams,
    cue_words,
    expand_alternatives,
    load_cues,
    load_hedges,
    load_markers,
    tfidf_transform,
    hedge_positions,
    without_contractions,
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


@pytest.mark.parametrize("text, count", [("An ICPC was held.", 1), ("Two ICs.", 1), ("I was there.", 0),
                                         ("IC, then ICPCs, then WNBs.", 3)])
def test_cue_counter_prefix_shorter_than_the_lookup_key(text, count):
    counter = CueCounter({"multi_agency_working": ["ic*", "wnb*"], "record_keeping": ["recording"]}, topics={}).fit([])
    assert round(math.expm1(counter.transform([text]).toarray()[0][0])) == count


def test_cue_words_prefix_and_hyphen():
    assert cue_words("Non-attendance") == ["non", "attendance"]
    assert cue_words("escalat*") == ["escalat*"]


def test_packaged_cues_cover_every_practice_issue():
    cues = load_cues()
    assert set(cues) == set(PRACTICE_ISSUES)
    assert all(len(patterns) >= 10 for patterns in cues.values())


@pytest.mark.parametrize(
    "text, label, cued",
    [
        pytest.param("There was no record of the decision to close the case.", "record_keeping", True, id="no-record"),
        pytest.param("Police checks show no record of domestic abuse.", "record_keeping", False, id="clean-checks"),
        pytest.param("No referral was made to children's social care.", "escalation", False, id="no-referral-is-no-dispute"),
        pytest.param("The case was stepped down prematurely.", "assessment", True, id="premature-step-down"),
        pytest.param("Decision: case stepped down to child in need.", "assessment", False, id="step-down-as-told"),
    ],
)
def test_packaged_cues_state_a_failing(text, label, cued):
    counter = CueCounter(load_cues(), topics={}).fit([])
    row = counter.transform([text]).toarray()[0]
    assert bool(row[list(counter.labels_).index(label)]) is cued


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


@pytest.mark.parametrize(
    "texts",
    [
        ["The father was not seen.", "The father was seen at home.", "Nobody recorded the visit."],
        ["The family moved to the area.", "Records were kept well."],  # no text marked
        ["Not recorded.", "Not shared."],  # every text marked
    ],
)
def test_shortfall_weighted_equals_product_of_transform(texts):
    words = ShortfallWords(TfidfVectorizer()).fit(texts + ["the visit was not recorded and the father was not seen"])
    weights = np.random.default_rng(0).normal(size=(words.n_features(), 3))
    assert words.transform(texts).shape[1] == words.n_features()
    assert np.allclose(words.weighted(texts, weights), words.transform(texts) @ weights)


def test_shortfall_words_sklearn_contract():
    words = ShortfallWords(TfidfVectorizer(), markers=["not"])
    assert clone(words).get_params()["markers"] == ["not"]
    assert words.fit(["not this", "that"]) is words
    assert words.markers_ == ["not"]
    assert not hasattr(words.vectorizer, "vocabulary_")  # the given vectorizer stays unfitted


HEDGED_CUES = {"record_keeping": ["(did not|failed to) record", "not fully recorded", "visitors record"],
               "assessment": ["failed to assess", "not regular* seen"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Front-line officers did not consistently record the children's worries.", {"record_keeping": 1},
                     id="hedge-after-not"),
        pytest.param("The social worker failed to properly assess the risk from Mr B.", {"assessment": 1},
                     id="hedge-after-to"),
        pytest.param("The nursery didn\u2019t routinely record injuries.", {"record_keeping": 1},
                     id="curly-contraction-and-hedge"),
        pytest.param("Staff did not always fully record the visits.", {"record_keeping": 1}, id="two-hedges"),
        pytest.param("Her views were not fully recorded.", {"record_keeping": 1}, id="cue-names-the-hedge"),
        pytest.param("Her views were not recorded.", {}, id="cue-needs-its-hedge"),
        pytest.param("The child was not regularly seen.", {"assessment": 1}, id="prefix-word-after-head"),
        pytest.param("Health visitors consistently record every contact.", {}, id="no-head-no-skip"),
        pytest.param("Staff did not record, did not record, consistently.", {"record_keeping": 2},
                     id="resume-after-match"),
    ],
)
def test_cue_counter_passes_over_hedges_after_a_head(text, expected):
    counter = CueCounter(HEDGED_CUES, topics={}).fit([])
    row = counter.transform([text]).toarray()[0]
    assert {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v} == expected


def test_cue_counter_without_hedges_matches_words_as_written():
    counter = CueCounter(HEDGED_CUES, topics={}, hedges={}).fit([])
    texts = ["Officers did not consistently record the worries.", "Officers didn't record the worries."]
    column = counter.transform(texts).toarray()[:, counter.labels_.index("record_keeping")]
    assert [round(math.expm1(v)) for v in column] == [0, 1]


def test_cue_counter_contracted_and_curly_cues_match_plain_text():
    counter = CueCounter({"escalation": ["didn\u2019t escalate", "won't challenge"]}, topics={}).fit([])
    texts = ["The school did not escalate.", "She will not challenge him.", "He didn't escalate."]
    assert counter.transform(texts).toarray()[:, 0].tolist() == [math.log1p(1)] * 3


def test_cue_counter_saved_before_the_hedge_rule_matches_as_before():
    counter = CueCounter(HEDGED_CUES, topics={}).fit([])
    old = copy.copy(counter)
    for name in ("hedges", "hedge_heads_", "hedge_words_"):
        old.__dict__.pop(name, None)
    old._forget_caches()
    texts = ["Officers did not consistently record it.", "Officers didn't record it.", "Officers did not record it."]
    assert old.transform(texts).toarray()[:, old.labels_.index("record_keeping")].tolist() == [0, 0, math.log1p(1)]
    assert "CueCounter" in repr(old) and old.get_params()["hedges"] is None
    assert clone(old).get_params() == old.get_params()


def test_cue_counter_refit_uses_the_new_cues_and_hedges():
    counter = CueCounter({"record_keeping": ["x y"]}, topics={}, hedges={}).fit([])
    assert counter.transform(["x y"]).nnz == 1
    counter.set_params(cues={"record_keeping": ["did not record"], "assessment": ["q"]}, hedges=None).fit([])
    row = counter.transform(["x y q; she did not properly record it"]).toarray()[0]
    assert {label: round(math.expm1(v)) for label, v in zip(counter.labels_, row) if v} == {"assessment": 1, "record_keeping": 1}


@pytest.mark.parametrize(
    "words, expected",
    [
        (["did", "not", "consistently", "record"], {2}),
        (["not", "always", "fully", "recorded"], {1, 2}),
        (["always", "not"], set()),
        (["to", "then", "refused"], {1}),
        ([], set()),
    ],
)
def test_hedge_positions(words, expected):
    assert hedge_positions(words, frozenset({"not", "to"}), frozenset({"always", "consistently", "fully", "then"})) == expected


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


BAD_LEXICON_ROWS = [
    (load_markers, '{"pattern": "never"}', row) for row in
    ['{"pattern": "Not"}', '{"pattern": "two  spaces"}', '{"pattern": ""}', '{"word": "not"}',
     '{"pattern": "no", "exclude": "sometimes"}']
] + [
    (load_hedges, '{"word": "never", "role": "head"}', row) for row in
    ['{"word": "not", "role": "negator"}', '{"word": "Not", "role": "head"}', '{"word": "two words", "role": "hedge"}',
     '{"word": "didn\'t", "role": "head"}', '{"pattern": "not"}']
]


@pytest.mark.parametrize("load, good, row", BAD_LEXICON_ROWS)
def test_bad_lexicon_row_is_a_one_line_error(tmp_path, load, good, row):
    path = tmp_path / "lexicon.jsonl"
    path.write_text(good + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{re.escape(str(path))}:2: "):
        load(str(path))


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


def test_tfidf_transform_follows_a_refitted_vocabulary():
    vectorizer = TfidfVectorizer(analyzer=char_wb_4grams)
    texts = ["The GP was never told.", "Records were missing."]
    vectorizer.fit(["The GP was never told."])
    tfidf_transform(vectorizer, texts)  # remembers each word's columns under this vocabulary
    vectorizer.fit(["Records were missing.", "Told."])
    assert abs(tfidf_transform(vectorizer, texts) - vectorizer.transform(texts)).max() < 1e-12


def test_compact_vectorizer_saves_its_vocabulary_as_terms(tmp_path):
    import skops.io as sio

    texts = ["The GP was never told.", "No chronology was kept, and the GP was not told.", "Records were lost."]
    vectorizer = CompactTfidfVectorizer(ngram_range=(1, 2)).fit(texts)
    state = vectorizer.__getstate__()
    assert "vocabulary_" not in state and list(state["terms_"]) == sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    assert vectorizer.vocabulary_  # saving leaves the fitted object as it was
    sio.dump(vectorizer, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=["textmine.classify.features.CompactTfidfVectorizer"])
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    assert abs(loaded.transform(texts) - vectorizer.transform(texts)).max() < 1e-12
