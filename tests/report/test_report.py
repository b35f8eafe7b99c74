"""``render_report``: highlights with the right classes, concern context, evidence anchors, escaping, corpus summary."""

import re
from html.parser import HTMLParser

import pytest

import textmine
from textmine.records import Concern, Entity, Evidence, PracticeIssue, Record

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}


class Elements(HTMLParser):
    """Every element of a page with its attributes and the text inside it; fails on a misnested close tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.elements: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        element = {"tag": tag, **{k: v or "" for k, v in attrs}, "text": ""}
        self.open.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1]["tag"] == tag, f"</{tag}> closes <{self.open[-1]['tag']}>"
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def elements(page: str) -> list[dict]:
    parser = Elements()
    parser.feed(page)
    parser.close()
    assert parser.open == [], "unclosed elements"
    return parser.elements


def marked(page: str) -> list[tuple[str, str]]:
    """(class, text) of every span/mark/abbr inside the highlighted text."""
    found, inside = [], False
    for element in elements(page):
        if element["tag"] == "div":
            inside = element.get("class") == "text"
        elif inside and element["tag"] in {"span", "mark", "abbr"}:
            found.append((element["class"], element["text"]))
    return found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On 12 March 2019 the health visitor saw bruises on the baby.",
         [("date", "12 March 2019"), ("ent e-PROFESSIONAL", "health visitor"),
          ("concern c-physical_injury", "bruises"), ("ent e-CHILD", "baby")]),
        ("There were no bruises on the baby when the GP examined him.",
         [("concern c-physical_injury negated", "bruises"), ("ent e-PROFESSIONAL", "GP"), ("abbr", "GP")]),
        ("Mother said she suspected possible bruising to the baby.",
         [("ent e-FAMILY", "Mother"), ("concern c-physical_injury uncertain", "bruising")]),
        ("A referral would be made if the baby lost weight.",
         [("concern c-faltering_growth hypothetical", "lost weight")]),
        ("The father had a history of domestic abuse in 2015.",
         [("ent e-FAMILY", "father"), ("concern c-domestic_abuse historical", "domestic abuse")]),
    ],
    ids=["affirmed-date-entities", "negated", "uncertain", "hypothetical", "historical"],
)
def test_report_highlights_with_classes(nlp, text, expected):
    record = textmine.extract(text, nlp=nlp)[0]
    found = marked(textmine.render_report([record]))
    for item in expected:
        assert item in found


@pytest.mark.parametrize(
    "concern, title",
    [
        (Concern(text="bruises", category="physical_injury", start=13, end=20, negated=True,
                 triggers={"negated": "no"}), "physical_injury · negated ('no') · experiencer: child"),
        (Concern(text="bruises", category="physical_injury", start=13, end=20, uncertain=True, hypothetical=True,
                 reported_by="school", triggers={"uncertain": "possible", "reported_by": "said"}),
         "physical_injury · uncertain ('possible') · hypothetical · experiencer: child · reported by: school ('said')"),
        (Concern(text="bruises", category="physical_injury", start=13, end=20, experiencer="mother"),
         "physical_injury · present · experiencer: mother"),
    ],
    ids=["negated", "uncertain-hypothetical-reported", "present-other-experiencer"],
)
def test_report_concern_tooltip_names_modifiers_and_triggers(concern, title):
    record = _record("The baby had bruises on his arm.", concerns=[concern])
    spans = [e for e in elements(textmine.render_report([record])) if "concern" in e.get("class", "").split()]
    assert [(s["text"], s["title"]) for s in spans if s.get("id")] == [("bruises", title)]


def _record(text: str, **fields) -> Record:
    return Record(id=fields.pop("id", "doc"), source=fields.pop("source", "test"), text=text, **fields)


EVIDENCE_TEXT = "The chronology was incomplete. Records were not kept. The father was not seen."


@pytest.mark.parametrize(
    "issues, anchors",
    [
        ([("record_keeping", [(31, 53)])], ["d0-ev-31-53"]),
        ([("record_keeping", [(31, 53), (0, 30)]), ("chronology", [(0, 30)])], ["d0-ev-31-53", "d0-ev-0-30"]),
    ],
    ids=["one-sentence", "shared-sentence"],
)
def test_report_evidence_links_to_anchors_in_text(issues, anchors):
    record = _record(EVIDENCE_TEXT, practice_issues=[
        PracticeIssue(label=label, score=0.9, evidence=[
            Evidence(text=EVIDENCE_TEXT[s:e], start=s, end=e, score=0.8) for s, e in spans])
        for label, spans in issues
    ])
    found = elements(textmine.render_report([record]))
    targets = {e["id"]: e for e in found if e.get("id", "").startswith("d0-ev-")}
    assert sorted(targets) == sorted(anchors)
    for anchor in anchors:
        start, end = map(int, anchor.split("-")[2:])
        assert targets[anchor]["tag"] == "mark" and targets[anchor]["text"] == EVIDENCE_TEXT[start:end]
    links = {e["href"][1:] for e in found if e["tag"] == "a" and e.get("href", "").startswith("#d0-ev-")}
    assert links == set(anchors)


def test_report_overlapping_marks_nest_and_keep_text():
    text = "Baby Sam had bruises noted by the health visitor."
    record = _record(
        text,
        entities=[Entity(text="Baby Sam", label="CHILD", start=0, end=8),
                  Entity(text="health visitor", label="PROFESSIONAL", start=34, end=48)],
        concerns=[Concern(text="Sam had bruises", category="physical_injury", start=5, end=20)],  # crosses the entity
        practice_issues=[PracticeIssue(label="voice_of_child", score=0.7, evidence=[
            Evidence(text="bruises noted by the health visitor.", start=13, end=49, score=0.7)])],
    )
    page = textmine.render_report([record])
    found = marked(page)  # elements() asserts every tag closes in order
    body = next(e for e in elements(page) if e.get("class") == "text")
    assert body["text"] == text
    assert [t for c, t in found if c.startswith("concern")] == ["Sam", " had bruises"]
    assert [t for c, t in found if c == "evidence"] == ["bruises", " noted by the health visitor."]
    assert page.count('id="d0-c0"') == 1  # the anchor sits on the first fragment only


SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "record, title",
    [
        (_record(f"Note: {SCRIPT} was typed here.", id=SCRIPT, source=SCRIPT), SCRIPT),
        (_record(f"{SCRIPT} bruises", concerns=[Concern(text="bruises", category="physical_injury", start=26, end=33,
                                                         reported_by=SCRIPT, triggers={"reported_by": SCRIPT})],
                 entities=[Entity(text=SCRIPT, label="PERSON", start=0, end=25)],
                 practice_issues=[PracticeIssue(label=SCRIPT, score=1.0, evidence=[
                     Evidence(text=SCRIPT, start=0, end=25, score=1.0)])]), None),
    ],
    ids=["text-id-source-title", "annotations"],
)
def test_report_escapes_document_strings(record, title):
    for page in (textmine.render_report([record], title=title), textmine.render_report([record, record], title=title)):
        assert "<script" not in page.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        elements(page)


def test_report_is_self_contained(nlp):
    records = textmine.extract(["On 12 March 2019 the HV saw bruises.", "No bruises were seen by the GP."], nlp=nlp)
    for page in (textmine.render_report(records[:1]), textmine.render_report(records)):
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)|<link|@import|url\(|<script""", page, re.I)


CORPUS = [
    _record("a", id="a", practice_issues=[PracticeIssue(label="record_keeping", score=0.9),
                                          PracticeIssue(label="chronology", score=0.8)],
            concerns=[Concern(text="x", category="neglect", start=0, end=1),
                      Concern(text="x", category="neglect", start=0, end=1, uncertain=True)]),
    _record("b", id="b", practice_issues=[PracticeIssue(label="record_keeping", score=0.7),
                                          PracticeIssue(label="chronology", score=0.6),
                                          PracticeIssue(label="escalation", score=0.5)],
            concerns=[Concern(text="x", category="physical_injury", start=0, end=1, negated=True),
                      Concern(text="x", category="neglect", start=0, end=1, uncertain=True)]),
    _record("c", id="c", practice_issues=[PracticeIssue(label="record_keeping", score=0.6)],
            concerns=[Concern(text="x", category="domestic_abuse", start=0, end=1, hypothetical=True),
                      Concern(text="x", category="domestic_abuse", start=0, end=1, historical=True)]),
]


def test_report_corpus_summary_counts_documents():
    page = textmine.render_report(CORPUS)
    found = elements(page)
    bars = {e["text"] for e in found if e["tag"] == "title" and " of 3 documents" in e["text"]}
    assert {"record_keeping: 3 of 3 documents", "chronology: 2 of 3 documents", "escalation: 1 of 3 documents",
            "voice_of_child: 0 of 3 documents", "neglect: 2 of 3 documents", "domestic_abuse: 1 of 3 documents",
            "physical_injury: 0 of 3 documents"} <= bars
    cells = {e["title"]: e["text"] for e in found if e["tag"] == "td" and e.get("title", "").endswith("documents")}
    assert cells["record_keeping & record_keeping: 3 documents"] == "3"
    assert cells["record_keeping & chronology: 2 documents"] == "2"
    assert cells["chronology & escalation: 1 documents"] == "1"
    assert len(cells) == 9  # three labels found: a 3 x 3 matrix
    assert [e["id"] for e in found if e["tag"] == "details" and "document" in e.get("class", "")] == [
        "doc-0", "doc-1", "doc-2"]


def test_report_single_document_has_no_corpus_summary():
    page = textmine.render_report(CORPUS[:1])
    assert "<details class=\"document\"" not in page and "Summary" not in page
    assert "<title>a</title>" in page


def test_report_needs_records():
    with pytest.raises(ValueError):
        textmine.render_report([])
