"""Token texts and sentence bounds read from a Doc's arrays, read once per tokenisation."""

import pytest
import spacy

from textmine.components.doc_arrays import sentence_char_spans, token_texts


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text",
    ["The HV visited on 12.03.19.", "  Leading spaces and a\nnew line. ", "Zoë’s GP was told.", ""],
)
def test_token_texts_match_spacy(blank, text):
    doc = blank(text)
    words, joined = token_texts(doc)
    assert words == [t.text for t in doc] and joined == doc.text


def test_token_texts_read_again_after_a_split(blank):
    doc = blank("Seen on 12/03/2019 by the HV.")
    first = token_texts(doc)[0]
    assert token_texts(doc)[0] is first  # the same list: read once
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[2], ["12/03/", "2019"], heads=[(doc[2], 0), (doc[2], 1)])
    words, text = token_texts(doc)
    assert words == [t.text for t in doc] and "2019" in words and text == doc.text


def test_sentence_char_spans_trim_trailing_space(blank):
    doc = blank("First one.  Second one. ")
    for token in doc:
        token.is_sent_start = token.i in (0, 4)  # tokens: First one . " " Second one .
    text = token_texts(doc)[1]
    assert [text[a:b] for a, b in sentence_char_spans(doc, text)] == ["First one.", "Second one."]
