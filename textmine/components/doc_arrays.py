"""Reading a Doc's token arrays: texts and sentence bounds without building a Token object per token.

``doc.text``, ``doc.sents`` and indexing a Doc create Python objects for every token, which costs more than
whole pipeline steps; these helpers read the same facts from ``doc.to_array``.
"""

import weakref

import numpy as np
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.tokens import Doc


# per Doc, its token count and what ``token_texts`` read: several components and the record builder ask in turn
_TEXTS: "weakref.WeakKeyDictionary[Doc, tuple[int, list[str], str]]" = weakref.WeakKeyDictionary()


def token_texts(doc: Doc) -> tuple[list[str], str]:
    """The token texts and the text of ``doc`` (read once per tokenisation: a split or merge, which changes the
    number of tokens, reads them again; callers must not change the list)."""
    if not len(doc):
        return [], ""
    cached = _TEXTS.get(doc)
    if cached is not None and cached[0] == len(doc):
        return cached[1], cached[2]
    strings = doc.vocab.strings
    orth, space = doc.to_array([ORTH, SPACY]).T.tolist()
    words = [strings[h] for h in orth]
    text = "".join([w + " " if sp else w for w, sp in zip(words, space)])
    _TEXTS[doc] = (len(doc), words, text)
    return words, text


def sentence_token_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence (the whole doc as one when sentences are not set)."""
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    starts = np.flatnonzero(doc.to_array(SENT_START).astype(np.int64) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)]))


def sentence_char_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """(start, end) characters of each non-empty sentence, trailing whitespace trimmed; ``text`` is ``doc.text``."""
    idx = doc.to_array(IDX).tolist() + [len(text)] if len(doc) else [0]
    spans = []
    for first, last in sentence_token_bounds(doc):
        start, end = idx[first], idx[last]
        end = start + len(text[start:end].rstrip())
        if end > start:
            spans.append((start, end))
    return spans
