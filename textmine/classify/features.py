"""Cue-phrase features: how often a passage uses the typical wording of each practice issue.

The cue phrases are data (``textmine/lexicons/practice_cues.jsonl``, one ``{"label", "pattern"}`` per line).
A pattern is a phrase matched case-insensitively word by word (hyphens and spaces both separate words), a word
ending in ``*`` matches any word it begins, and ``(a|b|)`` offers alternatives, an empty one making the part optional:
``(poor|inadequate) information sharing``, ``fail* to produce (proper|) chronolog*``.
"""

import re
import weakref
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from textmine.classify.frames import CriticisedTopics
from textmine.classify.patterns import WORD, cue_text, cue_words, expand_alternatives, phrase_pattern
from textmine.lexicons import load_lexicon

CUE_LEXICON = "practice_cues"
MARKER_LEXICON = "shortfall_markers"
TOPIC_LEXICON = "practice_topics"
CRITICISM_LEXICON = "criticism_words"
HEDGE_LEXICON = "cue_hedges"
_KEY = 3  # prefix cues are looked up by their first characters (a shorter stem: see CueCounter._root_stems)


_GRAMS: dict[str, list[str]] = {}
_GRAMS_LIMIT = 200_000  # words remembered; a corpus's vocabulary fits, memory stays bounded


def char_wb_4grams(text: str) -> list[str]:
    """Character 4-grams inside space-padded lower-cased words (sklearn's ``char_wb`` analyzer for n=4).

    Each word's n-grams are computed once and remembered, which makes this about a third cheaper than
    sklearn's own analyzer on review text, where the same words recur.
    """
    grams: list[str] = []
    for word in text.lower().split():
        found = _GRAMS.get(word)
        if found is None:
            found = _word_4grams(word)
            if len(_GRAMS) < _GRAMS_LIMIT:
                _GRAMS[word] = found
        grams += found
    return grams


def _word_4grams(word: str) -> list[str]:
    """The character 4-grams of one lower-cased word, padded with a space on each side."""
    padded = f" {word} "
    return [padded[i : i + 4] for i in range(len(padded) - 3)] or [padded]


def load_cues(path: str | None = None) -> dict[str, list[str]]:
    """Cue phrases per label from the packaged lexicon (or from the JSONL file at ``path``)."""
    cues: dict[str, list[str]] = defaultdict(list)
    for entry in load_lexicon(CUE_LEXICON, path):
        cues[entry["label"]].append(entry["pattern"])
    return dict(cues)


def load_topics(path: str | None = None) -> dict[str, list[str]]:
    """Topic phrases per label (the areas of practice a criticism word can find fault with)."""
    topics: dict[str, list[str]] = defaultdict(list)
    for entry in load_lexicon(TOPIC_LEXICON, path):
        topics[entry["label"]].append(entry["pattern"])
    return dict(topics)


def load_criticism(path: str | None = None) -> list[str]:
    """Criticism words from the packaged lexicon (or the JSONL file at ``path``); exclusion phrases start ``!``."""
    return [("!" if entry.get("exclude") else "") + entry["pattern"] for entry in load_lexicon(CRITICISM_LEXICON, path)]


def load_hedges(path: str | None = None) -> dict[str, list[str]]:
    """The hedge rule's words by role (``head``: "not", "to"; ``hedge``: "consistently", "always")."""
    roles: dict[str, list[str]] = {"head": [], "hedge": []}
    for entry in load_lexicon(HEDGE_LEXICON, path):
        roles[entry["role"]].append(entry["word"])
    return roles


_IRREGULAR_NEGATIONS = {"can't": ("cannot",), "won't": ("will", "not"), "shan't": ("shall", "not")}
_NONE: frozenset[int] = frozenset()


def without_contractions(words: list[str]) -> list[str]:
    """``words`` with negative contractions spelt out: "didn't" -> "did", "not"; "can't" -> "cannot"."""
    spelt: list[str] = []
    for w in words:
        if w.endswith("n't") and len(w) > 3:
            spelt.extend(_IRREGULAR_NEGATIONS.get(w, (w[:-3], "not")))
        else:
            spelt.append(w)
    return spelt


def hedge_positions(words: list[str], heads: frozenset[str], hedges: frozenset[str]) -> frozenset[int]:
    """Positions of the hedge adverbs a cue may pass over: those whose nearest preceding non-hedge word is a head
    ("did not consistently record", "not always fully recorded", "failed to properly assess")."""
    if hedges.isdisjoint(words):
        return _NONE
    found, after_head = [], False
    for i, w in enumerate(words):
        if w in hedges:
            if after_head:
                found.append(i)
        else:
            after_head = w in heads
    return frozenset(found)


class CueCounter(TransformerMixin, BaseEstimator):
    """Count cue phrases per label: one column per label, ``log1p`` of the number of matches.

    Matching runs over the text's words: at each word the longest cue that starts there wins, and matching
    resumes after it (so "did not escalate" is counted once, not also as "escalat*"). In texts and cues alike,
    negative contractions are spelt out ("didn't" is "did not"), and inside a cue a hedge adverb right after a head
    word ("not", "never", "to") may be passed over: "did not consistently record" matches the cue "did not record",
    while a cue that names the adverb ("not fully considered") still needs it (``lexicons/cue_hedges.jsonl``). A
    topic of the label under criticism ("poor record keeping", "criticised assessment, supervision and ...": see
    ``textmine.classify.frames``) counts once more.

    Args:
        cues: cue patterns per label; ``None`` reads the packaged practice-issue lexicon at ``fit``.
        topics: topic phrases per label; ``None`` reads the packaged lexicon (only the labels of ``cues`` are used).
        criticism: criticism words (exclusions start ``!``); ``None`` reads the packaged lexicon.
        hedges: the ``head`` and ``hedge`` words of the hedge rule; ``None`` reads the packaged lexicon, ``{}``
            turns the rule off.
    """

    hedges = None  # a counter saved before the hedge rule has no such parameter

    def __init__(self, cues: dict[str, list[str]] | None = None, topics: dict[str, list[str]] | None = None,
                 criticism: list[str] | None = None, hedges: dict[str, list[str]] | None = None):
        self.cues = cues
        self.topics = topics
        self.criticism = criticism
        self.hedges = hedges

    def fit(self, X, y=None):
        """Expand the cue patterns into phrases, longest first, each with the label columns it counts for."""
        self._forget_caches()
        cues = self.cues if self.cues is not None else load_cues()
        self.labels_ = sorted(cues)
        topics = self.topics if self.topics is not None else load_topics()
        self.topics_ = {label: list(patterns) for label, patterns in topics.items() if label in cues}
        self.criticism_ = list(self.criticism if self.criticism is not None else load_criticism())
        hedges = self.hedges if self.hedges is not None else load_hedges()
        self.hedge_heads_, self.hedge_words_ = sorted(hedges.get("head", [])), sorted(hedges.get("hedge", []))
        phrases: dict[str, list[int]] = {}
        for column, label in enumerate(self.labels_):
            for pattern in (phrase for entry in cues[label] for phrase in expand_alternatives(entry)):
                words = without_contractions(cue_words(cue_text(pattern)))
                if words:
                    owners = phrases.setdefault(" ".join(words), [])
                    if column not in owners:
                        owners.append(column)
        # longest first, so the first phrase that matches at a word is the longest one
        ordered = sorted(phrases, key=lambda p: (-len(p.split()), p))
        self.phrases_ = ordered  # saved as plain strings: a saved trie of nested dicts loads slowly
        self.columns_ = [phrases[p] for p in ordered]
        return self

    def _index(self) -> tuple[dict, dict[str, list[str]]]:
        """The word trie of the phrases and the first words' prefix stems by their first _KEY characters.

        Trie nodes: "w" exact next words, "p" prefix stems, "k" the phrase ending there (its rank in ``phrases_``).
        Built on first use and never saved.
        """
        built = getattr(self, "_trie", None)
        if built is None:
            trie: dict = {}
            for k, phrase in enumerate(self.phrases_):
                node = trie
                for word in phrase.split():
                    node = node.setdefault("p", {}).setdefault(word[:-1], {}) if word.endswith("*") else \
                        node.setdefault("w", {}).setdefault(word, {})
                node.setdefault("k", k)
            root_prefixes: dict[str, list[str]] = {}
            for stem in trie.get("p", {}):
                root_prefixes.setdefault(stem[:_KEY], []).append(stem)
            built = self._trie = (trie, root_prefixes)
            short: dict[int, set[str]] = {}
            for stem in trie.get("p", {}):
                if len(stem) < _KEY:
                    short.setdefault(len(stem), set()).add(stem)
            self._short_stems = tuple(short.items())  # (length, stems) of the stems shorter than _KEY
        return built

    def _root_stems(self, word: str) -> list[str]:
        """The prefix stems a cue may start with that ``word`` could begin with (looked up by its first _KEY
        characters, and by fewer for stems shorter than that: "wnb*" and "WNBs")."""
        _, root_prefixes = self._index()
        stems = root_prefixes.get(word[:_KEY], [])
        for n, short in self._short_stems:
            if n < len(word) and word[:n] in short:
                stems = stems + [word[:n]]
        return stems

    def _words(self, text: str) -> tuple[str, list[str], frozenset[int]]:
        """The lower-cased text, the words cues are matched against, and the positions of the hedges a cue may pass
        over. A counter saved before the hedge rule (no ``hedge_heads_``) reads words as it always did."""
        sets = getattr(self, "_hedge_sets", None)
        if sets is None:
            sets = self._hedge_sets = (frozenset(getattr(self, "hedge_heads_", ())),
                                       frozenset(getattr(self, "hedge_words_", ())), hasattr(self, "hedge_heads_"))
        heads, hedges, spelt = sets
        if not spelt:
            lowered = text.lower()
            return lowered, WORD.findall(lowered), _NONE
        lowered = cue_text(text)
        words = WORD.findall(lowered)
        if "n't" in lowered:
            words = without_contractions(words)
        return lowered, words, hedge_positions(words, heads, hedges) if heads else _NONE

    def _criticised(self) -> CriticisedTopics:
        """The matcher of criticised topics, built on first use and never saved."""
        built = getattr(self, "_frames", None)
        if built is None:
            built = self._frames = CriticisedTopics(self.topics_, self.criticism_)
        return built

    # built from the fitted attributes on first use; never saved
    _CACHES = ("_trie", "_short_stems", "_frames", "_hedge_sets")

    def _forget_caches(self) -> None:
        for name in self._CACHES:
            self.__dict__.pop(name, None)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        for name in self._CACHES:
            state.pop(name, None)
        return state

    def _match(self, words: list[str], pos: int, skippable: frozenset[int]) -> tuple[int, int] | None:
        """(rank, end) of the longest phrase starting at ``words[pos]`` (ties: the first in order), where a word at
        a ``skippable`` position inside the phrase may be passed over; None if no phrase starts there."""
        trie, _ = self._index()
        best = None
        frontier = [(trie, pos)]
        while frontier:
            node, at = frontier.pop()
            k = node.get("k")
            if k is not None and (best is None or k < best[0] or (k == best[0] and at > best[1])):
                best = (k, at)
            if at == len(words):
                continue
            word = words[at]
            if at > pos and at in skippable:
                frontier.append((node, at + 1))
            child = node.get("w", {}).get(word)
            if child is not None:
                frontier.append((child, at + 1))
            stems = node.get("p")
            if stems:
                candidates = self._root_stems(word) if node is trie else stems
                frontier.extend((stems[stem], at + 1) for stem in candidates if word.startswith(stem))
        return best

    def transform(self, X):
        """Sparse matrix (n_texts, n_labels) of log-scaled cue counts."""
        check_is_fitted(self, "phrases_")
        rows, cols = [], []
        trie, root_prefixes = self._index()
        firsts, short = trie.get("w", {}), self._short_stems
        criticised = self._criticised() if self.topics_ else None
        column_of = {label: j for j, label in enumerate(self.labels_)}
        for i, text in enumerate(X):
            lowered, words, skippable = self._words(text)
            # stems shorter than the lookup key are tried word by word only in a text that contains one
            present = [(n, stems) for n, stems in short if any(stem in lowered for stem in stems)] if short else None
            resume = 0
            for pos, word in enumerate(words):
                # most words start no cue: only those that might are walked
                if pos < resume:
                    continue
                node = firsts.get(word)
                if word[:_KEY] not in root_prefixes and not (present and self._root_stems(word)):
                    if node is None:
                        continue
                    # a first word whose cues all go on with exact words that the next word is not
                    if "k" not in node and "p" not in node and (pos + 1 == len(words) or (
                            words[pos + 1] not in node["w"] and pos + 1 not in skippable)):
                        continue
                found = self._match(words, pos, skippable)
                if found is not None:
                    k, resume = found
                    for column in self.columns_[k]:
                        rows.append(i)
                        cols.append(column)
            for label in criticised.labels(text) if criticised else ():
                rows.append(i)
                cols.append(column_of[label])
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(X), len(self.labels_)), dtype=np.float64
        )
        counts.sum_duplicates()
        counts.data = np.log1p(counts.data)
        return counts

    def get_feature_names_out(self, input_features=None):
        """One feature name per label: ``cue_<label>``."""
        check_is_fitted(self, "labels_")
        return np.asarray([f"cue_{label}" for label in self.labels_], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class CompactTfidfVectorizer(TfidfVectorizer):
    """A ``TfidfVectorizer`` whose fitted vocabulary is saved as one array of terms in column order.

    skops writes a dict entry by entry: the two vocabularies of the practice-issue model (70,000 terms) made its
    file take 4 s to load and 9 s to save; as arrays, 0.2 s and 3 s. Loading rebuilds the dict.
    """

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # may be the object's own __dict__
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            state["terms_"] = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=str)
        return state

    def __setstate__(self, state: dict) -> None:
        terms = state.pop("terms_", None)
        if terms is not None:
            state["vocabulary_"] = {term: column for column, term in enumerate(terms.tolist())}
        super().__setstate__(state)


def _analyzer(vectorizer: TfidfVectorizer):
    """The vectorizer's analyzer; for plain lower-cased word 1-2-grams, the same n-grams without sklearn's layers
    of preprocessing calls (about a third faster)."""
    plain = (vectorizer.analyzer == "word" and vectorizer.ngram_range == (1, 2) and vectorizer.lowercase
             and vectorizer.preprocessor is None and vectorizer.tokenizer is None and vectorizer.stop_words is None
             and vectorizer.strip_accents is None)
    if not plain:
        return vectorizer.build_analyzer()
    findall = re.compile(vectorizer.token_pattern).findall

    def unigrams_and_bigrams(text: str) -> list[str]:
        words = findall(text.lower())
        return words + [a + " " + b for a, b in zip(words, words[1:])]

    return unigrams_and_bigrams


_WORD_COLUMNS: "weakref.WeakKeyDictionary[TfidfVectorizer, tuple[dict, dict[str, list[int]]]]" = weakref.WeakKeyDictionary()


def _columns(vectorizer: TfidfVectorizer) -> Callable[[str], list[int]]:
    """A function giving the vocabulary columns of a text's n-grams, unknown ones left out (repeats kept).

    For the character analyzer each word's columns are computed once and remembered, per fitted vocabulary: its
    4-grams never cross a word boundary, and the same words recur.
    """
    get = vectorizer.vocabulary_.get
    if vectorizer.analyzer is not char_wb_4grams:
        analyze = _analyzer(vectorizer)
        return lambda text: [i for i in map(get, analyze(text)) if i is not None]
    vocabulary, known = _WORD_COLUMNS.get(vectorizer, (None, None))
    if vocabulary is not vectorizer.vocabulary_:  # first use, or refitted since
        known = {}
        _WORD_COLUMNS[vectorizer] = (vectorizer.vocabulary_, known)

    def columns(text: str) -> list[int]:
        found: list[int] = []
        for word in text.lower().split():
            ids = known.get(word)
            if ids is None:
                ids = [i for i in map(get, _word_4grams(word)) if i is not None]  # not also in _GRAMS
                if len(known) < _GRAMS_LIMIT:
                    known[word] = ids
            found += ids
        return found

    return columns


def tfidf_transform(vectorizer: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """``vectorizer.transform(texts)`` for a fitted word or character TF-IDF, the same matrix in less time.

    sklearn counts each text's n-grams through a dictionary with an exception per unknown n-gram; here the
    known n-grams' columns are looked up in one pass and duplicates summed by scipy, which is what makes the
    practice-issue step affordable on every sentence.
    """
    columns = _columns(vectorizer)
    indices: list[int] = []
    indptr = [0]
    for text in texts:
        indices += columns(text)
        indptr.append(len(indices))
    X = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(texts), len(vectorizer.vocabulary_)))
    X.sum_duplicates()
    if vectorizer.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    if vectorizer.use_idf:
        X.data *= vectorizer.idf_[X.indices]
    return normalize(X, norm=vectorizer.norm, copy=False) if vectorizer.norm else X


def load_markers(path: str | None = None) -> list[str]:
    """Shortfall marker phrases from the packaged lexicon (or the JSONL file at ``path``); exclusions start ``!``."""
    return [("!" if entry.get("exclude") else "") + entry["pattern"] for entry in load_lexicon(MARKER_LEXICON, path)]


def marker_search(markers: list[str]):
    """A function telling whether a lower-cased text has a marker outside every exclusion (``!`` phrases)."""
    excluded = [m[1:] for m in markers if m.startswith("!")]
    marker = re.compile(phrase_pattern([m for m in markers if not m.startswith("!")]))
    if not excluded:
        return lambda text: marker.search(text) is not None
    either = re.compile(f"(?P<x>{phrase_pattern(excluded)})|{marker.pattern}")
    # an exclusion that starts where a marker does wins, being listed first; a marker elsewhere still counts;
    # texts without any marker (most of them) are let go by one plain search
    return lambda text: marker.search(text) is not None and any(m.lastgroup is None for m in either.finditer(text))


class ShortfallWords(TransformerMixin, BaseEstimator):
    """Word n-gram TF-IDF, plus a copy of it that is non-zero only for texts stating a shortfall, plus that flag.

    A text states a shortfall when it contains a marker word ("not", "failed", "should", "despite"...; data in
    ``textmine/lexicons/shortfall_markers.jsonl``). The copy lets a linear model weigh a topic word differently
    where a failing is stated: "the father" in narrative is not evidence of ``fathers_men``, "the father was
    never spoken to" is.

    Args:
        vectorizer: the word TF-IDF to fit (a copy is fitted; this one stays unfitted).
        markers: marker phrases, exclusions prefixed ``!`` (None: the packaged lexicon, read at ``fit``).
    """

    def __init__(self, vectorizer, markers: list[str] | None = None):
        self.vectorizer = vectorizer
        self.markers = markers

    def fit(self, X, y=None):
        """Fit the word vectorizer and read the markers."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit, then return the (n_texts, 2 * n_words + 1) matrix of ``transform``."""
        self.vectorizer_ = clone(self.vectorizer)
        self.markers_ = list(self.markers if self.markers is not None else load_markers())
        return self._with_copy(self.vectorizer_.fit_transform(X), X)

    def transform(self, X):
        """Word TF-IDF of each text, the same again for texts with a shortfall marker (zeros otherwise), the flag."""
        check_is_fitted(self, "vectorizer_")
        return self._with_copy(tfidf_transform(self.vectorizer_, X), X)

    def n_features(self) -> int:
        """Width of ``transform``'s matrix: the n-grams, their shortfall copy and the flag."""
        return 2 * len(self.vectorizer_.vocabulary_) + 1

    def weighted(self, X, weights: np.ndarray) -> np.ndarray:
        """``transform(X) @ weights`` without building the copy: the word block's product, plus for marked texts
        the copy block's product and the flag's row."""
        check_is_fitted(self, "vectorizer_")
        words = tfidf_transform(self.vectorizer_, X)
        n = words.shape[1]
        marked = self.marked(X)
        out = np.asarray(words @ weights[:n])
        if marked.any():
            rows = np.flatnonzero(marked)
            out[rows] += np.asarray(words[rows] @ weights[n : 2 * n]) + weights[2 * n]
        return out

    def marked(self, X) -> np.ndarray:
        """Whether each text contains a shortfall marker."""
        found = getattr(self, "_search", None)
        if found is None:
            found = self._search = marker_search(self.markers_)
        return np.fromiter((found(cue_text(text)) for text in X), bool, len(X))

    def _with_copy(self, words, X):
        marked = self.marked(X).astype(float)
        # all blocks CSR, so that scipy stacks them without a detour through COO
        flag = sparse.csr_matrix(marked[:, None])
        return sparse.hstack([words, sparse.diags(marked, format="csr") @ words, flag], format="csr")

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_search", None)  # compiled from markers_; never saved
        return state

    def get_feature_names_out(self, input_features=None):
        """The vectorizer's n-grams, the same n-grams prefixed ``shortfall:``, then ``shortfall`` (the marker flag)."""
        check_is_fitted(self, "vectorizer_")
        names = self.vectorizer_.get_feature_names_out()
        return np.concatenate([names, np.asarray([f"shortfall:{n}" for n in names] + ["shortfall"], dtype=object)])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
