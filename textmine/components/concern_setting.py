"""Concerns whose category depends on what they are told with: grooming in a sentence about exploitation ("girls
groomed by older men at takeaways") is exploitation; elsewhere ("missed typical signs of grooming") it stays sexual
abuse (TAXONOMY §2.1: sexual abuse covers "grooming outside an exploitation context").

Lexicon rows with one of the ``ids`` mark such mentions; a mention takes the ``setting`` category when a mention of
that category, or one of the setting's ``words`` ("groomed by drug dealers", "a gang"), stands in its sentence.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span


@Language.factory(
    "textmine_concern_setting",
    requires=["doc.spans", "token.is_sent_start"],
    assigns=["doc.spans"],
    default_config={
        "spans_key": "concerns",
        "ids": ["grooming"],
        "setting": "exploitation",
        "words": ["dealer", "dealers", "gang", "gangs", "gangsters"],
    },
)
def make_concern_setting(
    nlp: Language, name: str, spans_key: str, ids: list[str], setting: str, words: list[str]
) -> "ConcernSetting":
    return ConcernSetting(name, spans_key=spans_key, ids=ids, setting=setting, words=words)


class ConcernSetting:
    """Reads ``doc.spans[spans_key]``; relabels the setting-dependent mentions.

    Args:
        ids: lexicon row ids of the mentions whose category follows their sentence.
        setting: the category they take in a sentence with a mention of that category.
        words: lower-case words that make a sentence that setting without a mention of it.
    """

    def __init__(self, name: str, *, spans_key: str, ids: list[str], setting: str, words: list[str] = ()) -> None:
        self.name = name
        self.spans_key = spans_key
        self.ids = frozenset(ids)
        self.setting = setting
        self.words = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key)
        if not spans or not any(s.id_ in self.ids for s in spans):
            return doc
        settings = {doc[s.start].sent.start for s in spans if s.label_ == self.setting}
        settings.update(t.sent.start for t in doc if t.lower_ in self.words)
        doc.spans[self.spans_key] = [
            Span(doc, s.start, s.end, label=self.setting, span_id=s.id_)
            if s.id_ in self.ids and s.label_ != self.setting and doc[s.start].sent.start in settings
            else s
            for s in spans
        ]
        return doc
