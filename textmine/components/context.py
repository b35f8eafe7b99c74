"""ConText-style context of concern mentions (after Harkema et al. 2009, our own implementation).

Triggers come from a lexicon (``lexicons/context.jsonl``): each names the modifier it sets and the direction
it looks. A trigger's scope runs from the trigger to the end (forward) or start (backward) of its sentence,
cut short by a terminator ("but", "however", ";"...), by the next trigger of the same modifier, and by an
optional ``max_scope`` in tokens. Pseudo-triggers ("no further action", "not only") take their words away
from the shorter triggers inside them, so those do not fire. Triggers inside a target do not modify it
("not gaining weight" is a concern, not a negated one).

Interplay rules (TAXONOMY §2.2): a report ("father reported", "the grandmother alleged") sets ``reported_by``
and makes the mention uncertain unless the reporter is a professional; a denial ("mother denied") is negated,
uncertain and reported; "no longer" is negated and historical; a "?" glued to a mention ("?NAI") queries it.
"""

from bisect import bisect_left
from itertools import accumulate
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import LOWER, ORTH, SPACY, TAG
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from textmine.components.entities import entity_bounds

BOOLEAN_MODIFIERS = ("negated", "uncertain", "historical", "hypothetical")
DEFAULTS = {**dict.fromkeys(BOOLEAN_MODIFIERS, False), "experiencer": "child", "reported_by": None, "triggers": None}
SCOPED_MODIFIERS = (*BOOLEAN_MODIFIERS, "experiencer", "reported_by")
# Words that open a relative clause: a reporter named inside one is not the subject of the report.
RELATIVE_OPENERS = frozenset({"who", "which", "whose", "whom"})
PARENTHESIS_REACH = 8  # tokens within which ", who ...," closes a clause set in commas
# Words between a preposition and its noun that leave the noun its object ("at her first assessment").
ORDER_WORDS = frozenset({"first", "second", "third", "initial", "last", "final", "latest", "next", "previous"})
# How far (tokens) from a report trigger its reporter may be named.
REPORTER_WINDOW = 25
# Words that introduce who made a report named after it ("complaints of bruises by his father"); also "according to".
AGENT_MARKERS = frozenset({"by", "from"})
# Words before a role that make it an object, not who reported: a contact verb ("the father rang the MASH to
# say that...") or a preposition ("Child Q was seen at school and said that...", "the mother of Child X said").
NOT_SUBJECT_BEFORE = frozenset(
    "rang called phoned telephoned contacted emailed e-mailed texted messaged wrote visited approached "
    "rings calls phones telephones contacts emails texts messages writes visits approaches "
    "at in to with into of about on towards for".split()
)
# Report triggers whose object is the one told ("told the paramedics that...", "disclosed to the midwife that...").
RECIPIENT_TRIGGERS = frozenset("told tells tell telling informed informs disclosed discloses disclosing".split())
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "that", "our", "my"})
# A subordinate clause with a pronoun subject before a report trigger ("referred her after she disclosed self-harm"):
# the one who reported is that pronoun, not a role named before the clause.
CLAUSE_OPENERS = frozenset("after when because once until if while whilst although though before".split())
SUBJECT_PRONOUNS = frozenset({"she", "he", "they", "i", "we"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One trigger row of the context lexicon."""

    modifier: str
    direction: str
    value: str | None = None
    max_scope: int | None = None
    professional: bool = False
    ends: frozenset[str] | None = None  # a terminator that ends only these modifiers' scopes
    modal: bool = False  # a modal hedge ("could have"), which does not unsettle a settled label

    def stops(self, modifier: str, direction: str) -> bool:
        """Whether this trigger ends a scope of ``modifier`` running in ``direction`` ("forward", "backward"): a
        trigger of that modifier, or a terminator of it (or of all) whose direction is that one or both."""
        if self.modifier == modifier:
            return True
        return (self.modifier == "terminate" and (self.ends is None or modifier in self.ends)
                and self.direction in (direction, "bidirectional"))


class Trigger(NamedTuple):
    """A trigger found in a document: token offsets and the rule it matched."""

    start: int
    end: int
    rule: Rule


QUERY = Rule(modifier="uncertain", direction="forward")
MODAL_ID = "modal"  # lexicon id of the modal hedges ("could have", "may have")
# A mention that names itself a worry ("weight concerns", "concerns about weight") is uncertain (TAXONOMY §2.2).
WORRY_HEADS = frozenset({"concern", "concerns", "worry", "worries"})
RUN_MARKER = ("textmine_context", "ran")  # in doc.user_data once any context component has run on the doc


@dataclass(frozen=True)
class Reporter:
    """A role that can assert a concern: a reporter trigger or an entity."""

    start: int
    end: int
    value: str
    professional: bool


@Language.factory(
    "textmine_context",
    requires=["doc.spans"],
    assigns=[
        "span._.negated",
        "span._.uncertain",
        "span._.historical",
        "span._.hypothetical",
        "span._.experiencer",
        "span._.reported_by",
        "span._.triggers",
    ],
    default_config={
        "triggers": {"@misc": "textmine.lexicon.v1", "name": "context"},
        "spans_key": "concerns",
        "use_ents": False,
        "ent_labels": [],
        "max_scope": 15,
        "reporter_labels": ["FAMILY", "PROFESSIONAL", "AGENCY", "CHILD", "PERSON"],
        "professional_labels": ["PROFESSIONAL", "AGENCY", "PERSON"],
        "settled_labels": [],
    },
)
def make_context(
    nlp: Language,
    name: str,
    triggers: list[dict],
    spans_key: str,
    use_ents: bool,
    ent_labels: list[str],
    max_scope: int | None,
    reporter_labels: list[str],
    professional_labels: list[str],
    settled_labels: list[str],
) -> "Context":
    return Context(
        nlp,
        name,
        triggers=triggers,
        spans_key=spans_key,
        use_ents=use_ents,
        ent_labels=ent_labels,
        max_scope=max_scope,
        reporter_labels=reporter_labels,
        professional_labels=professional_labels,
        settled_labels=settled_labels,
    )


class Reporters(NamedTuple):
    """The reporters of a doc in order, with their start offsets for bisection."""

    items: list[Reporter]
    starts: list[int]


class Sentences:
    """Whether two tokens share a sentence, found lazily: most targets have no trigger near them."""

    # gaps up to this many tokens are scanned; longer ones use a running sentence number
    SHORT_GAP = 32

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts: list[int] | None = None  # SENT_START per token (1 = starts a sentence); [] without sentences
        self.number: list[int] | None = None

    def same(self, a: int, b: int) -> bool:
        """Whether tokens ``a`` and ``b`` are in one sentence (always, when sentences are not set)."""
        if self.starts is None and abs(a - b) <= 2:  # a close pair: look at the one or two tokens themselves
            doc = self.doc
            return a == b or not any(doc[k].is_sent_start for k in range(min(a, b) + 1, max(a, b) + 1))
        if self.starts is None:
            annotated = self.doc.has_annotation("SENT_START")
            self.starts = self.doc.to_array("SENT_START").tolist() if annotated else []
        if not self.starts or a == b:
            return True
        a, b = min(a, b), max(a, b)
        if b - a <= self.SHORT_GAP:
            return 1 not in self.starts[a + 1 : b + 1]
        if self.number is None:
            self.number = list(accumulate(1 if v == 1 else 0 for v in self.starts))
        return self.number[a] == self.number[b]


class Context:
    """Reads targets (``doc.spans[spans_key]``, or ``doc.ents`` with ``use_ents``); writes their ``._`` modifiers.

    Args:
        triggers: context lexicon rows (see ``textmine.lexicons.ContextEntry``).
        spans_key: span group whose spans are the targets.
        use_ents: take the targets from ``doc.ents`` instead (only ``ent_labels`` if given).
        max_scope: longest scope in tokens for rows without their own ``max_scope`` (None: the sentence).
        reporter_labels: entity labels that can name who reported a concern.
        professional_labels: of those, the ones whose reports are not hedged.
        settled_labels: target labels that neither a report nor a modal hedge makes uncertain ("his father said
            his son's death could have been prevented": the death is a fact); suspicion ("on suspicion of murder")
            still does.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        triggers: list[dict],
        spans_key: str = "concerns",
        use_ents: bool = False,
        ent_labels: list[str] | tuple[str, ...] = (),
        max_scope: int | None = None,
        reporter_labels: list[str] | tuple[str, ...] = (),
        professional_labels: list[str] | tuple[str, ...] = (),
        settled_labels: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.settled_labels = frozenset(settled_labels)
        self.spans_key = spans_key
        self.use_ents = use_ents
        self.ent_labels = frozenset(ent_labels)
        self.max_scope = max_scope
        self.reporter_labels = frozenset(reporter_labels)
        self.professional_labels = frozenset(professional_labels)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.rules: dict[int, Rule] = {}
        literals: dict[Rule, list[str]] = {}
        patterns: dict[Rule, list[list[dict]]] = {}
        for row in triggers:
            rule = Rule(
                modifier=row["modifier"],
                direction=row["direction"],
                value=row.get("value"),
                max_scope=row.get("max_scope"),
                professional=bool(row.get("professional")),
                ends=frozenset(row["ends"]) if row.get("ends") else None,
                modal=row.get("id") == MODAL_ID,
            )
            if "literal" in row:
                literals.setdefault(rule, []).append(row["literal"])
            else:
                patterns.setdefault(rule, []).append(row["pattern"])
        for i, rule in enumerate(dict.fromkeys([*literals, *patterns])):  # one match key per distinct rule
            key = f"{name}_{i}"
            self.rules[nlp.vocab.strings.add(key)] = rule
            if rule in literals:
                self.phrases.add(key, list(nlp.tokenizer.pipe(literals[rule])))
            if rule in patterns:
                self.matcher.add(key, patterns[rule])
        self.has_patterns = len(self.matcher) > 0

    def targets(self, doc: Doc) -> list[Span]:
        """The spans whose context is wanted, in document order."""
        if self.use_ents:
            spans = [e for e in doc.ents if not self.ent_labels or e.label_ in self.ent_labels]
        else:
            try:
                spans = list(doc.spans[self.spans_key])
            except KeyError:
                return []
        if len(spans) > 1:
            spans.sort(key=lambda s: (s.start, s.end))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        targets = self.targets(doc)
        if not targets:
            return doc
        rerun = doc.user_data.get(RUN_MARKER, False)  # defaults need writing only over an earlier run's values
        doc.user_data[RUN_MARKER] = True
        matches = self.phrases(doc)
        if self.has_patterns:
            matches += self.matcher(doc)
        found: list[dict[str, Trigger]] = [{} for _ in targets]
        sentences = Sentences(doc)
        triggers = self._triggers(doc, matches) if matches else None
        if triggers:
            self._find_scopes(doc, targets, triggers, found, sentences)
        # a "?" glued to a mention is a case-note query ("?NAI"), even where a sentence split falls after it
        queries = {t.start for t in triggers or () if t.end - t.start == 1 and doc[t.start].text == "?"}
        reporters = None
        resolved: dict[Trigger, Reporter | None] = {}  # report trigger -> its reporter, shared by its targets
        for target, hits in zip(targets, found):
            predicate = hits.pop("predicate", None)
            if predicate is not None and "negated" in hits and hits["negated"].start < target.start:
                del hits["negated"]  # "does not suggest that the injury was predictable": the injury happened
            if queries and target.start - 1 in queries and "uncertain" not in hits:
                mark = doc[target.start - 1]
                if not mark.whitespace_:
                    hits["uncertain"] = Trigger(mark.i, mark.i + 1, QUERY)
            if "uncertain" not in hits and (worry := _worry_word(doc, target)) is not None:
                hits["uncertain"] = Trigger(worry, worry + 1, QUERY)  # "weight concerns": a worry, not a finding
            if hits or rerun:
                if "reported_by" in hits and reporters is None:
                    reporters = self._reporters(doc, matches)
                self._assign(doc, target, hits, reporters, resolved, rerun, sentences)
        return doc

    def _find_scopes(
        self,
        doc: Doc,
        targets: list[Span],
        triggers: list[Trigger],
        found: list[dict[str, Trigger]],
        sentences: "Sentences",
    ) -> None:
        """Fill ``found[i]`` with the nearest trigger of each modifier whose scope covers target ``i``.

        Scopes are computed over the whole doc and a target counts only in its trigger's sentence: a limit
        lying in another sentence cannot cut a scope short inside this one, so the result is the same as
        scoping sentence by sentence, without finding every sentence first.
        """
        spans = [(t.start, t.end) for t in targets]
        triggers = _outside(triggers, spans, len(doc))
        target_starts = [a for a, _ in spans]
        last = len(spans)
        for trig, lo, hi in scopes(triggers, 0, len(doc), self.max_scope):
            for i in range(max(0, bisect_left(target_starts, lo) - 1), last):
                start, end = spans[i]
                if start >= hi:
                    break
                if end <= lo or not sentences.same(trig.start, start):
                    continue
                current = found[i].get(trig.rule.modifier)
                if current is None or _distance(trig, start, end) < _distance(current, start, end):
                    found[i][trig.rule.modifier] = trig

    def _triggers(self, doc: Doc, matches: list) -> list[Trigger]:
        """Triggers in document order; of overlapping matches the longest wins (a pseudo-trigger on a tie), equal
        spans keep all their rules, pseudo-triggers only block, and reporters are left out. A bracket right after a
        name, code or person is an age ("Child J (6)", "Sibling 1 (4)", "his brother (3)"), not a list number that
        ends a scope; nor does a relative clause set in commas ("that her uncle, who often babysat, had touched her")
        or an age set beside a person ("her brother, then fourteen, had")."""
        rules = self.rules
        kept: list[tuple[int, int, list[Rule]]] = []
        for m, start, end in sorted(matches, key=lambda x: (x[1], -x[2])):  # at each start, longest first
            rule = rules[m]
            if rule.modifier == "reporter" or (
                rule.modifier == "terminate"
                and (
                    _bracket_after_person(doc, start, end) or _set_in_commas(doc, start) or _age_aside(doc, start, end)
                )
            ):
                continue
            if kept and start < kept[-1][1]:
                last_start, last_end, last_rules = kept[-1]
                if (start, end) == (last_start, last_end):
                    last_rules.append(rule)
                elif end - start > last_end - last_start or (
                    end - start == last_end - last_start
                    and rule.modifier == "pseudo"
                    and all(r.modifier != "pseudo" for r in last_rules)
                ):
                    kept[-1] = (start, end, [rule])
                continue
            kept.append((start, end, [rule]))
        return [Trigger(start, end, rule) for start, end, kept_rules in kept for rule in kept_rules if rule.modifier != "pseudo"]

    def _reporters(self, doc: Doc, matches: list) -> "Reporters":
        """Who can report in this doc: entities of the reporter labels, and reporter triggers outside them."""
        rules = self.rules
        lexical = [
            Reporter(s, e, rules[m].value, rules[m].professional) for m, s, e in matches if rules[m].modifier == "reporter"
        ]
        return self._with_entities(doc, lexical)

    def _with_entities(self, doc: Doc, reporters: list[Reporter]) -> "Reporters":
        """Entity reporters first; lexicon reporters only where no entity covers them."""
        strings = doc.vocab.strings
        ents = [
            (s, e, label)
            for s, e, label in ((s, e, strings[h]) for s, e, h in entity_bounds(doc))
            if label in self.reporter_labels
        ]
        if ents:
            names = _RoleNames(doc)
            ents = [Reporter(s, e, names(s, e), label in self.professional_labels) for s, e, label in ents]
        covered = bytearray(len(doc))
        for e in ents:
            covered[e.start : e.end] = b"\x01" * (e.end - e.start)
        merged = sorted(ents + [r for r in reporters if not any(covered[r.start : r.end])], key=lambda r: (r.start, r.end))
        return Reporters(merged, [r.start for r in merged])

    def _assign(
        self,
        doc: Doc,
        target: Span,
        hits: dict[str, Trigger],
        reporters: "Reporters | None",
        resolved: dict[Trigger, Reporter | None],
        rerun: bool,
        sentences: "Sentences",
    ) -> None:
        """Set the target's modifiers from its triggers, applying the interplay rules."""
        settled = target.label_ in self.settled_labels
        if settled and "uncertain" in hits and hits["uncertain"].rule.modal:
            hits = {m: t for m, t in hits.items() if m != "uncertain"}
        values = {modifier: modifier in hits for modifier in BOOLEAN_MODIFIERS}
        values["experiencer"] = hits["experiencer"].rule.value if "experiencer" in hits else "child"
        values["reported_by"] = None
        report = hits.get("reported_by")
        if report is not None:
            if report not in resolved:
                resolved[report] = _reporter(doc, report, reporters, sentences)
            reporter = resolved[report]
            values["reported_by"] = reporter.value if reporter else None
            if (reporter is None or not reporter.professional) and "uncertain" not in hits and not settled:
                values["uncertain"] = True
                hits = {**hits, "uncertain": report}
        texts: dict[tuple[int, int], str] = {}
        for trig in hits.values():
            if (trig.start, trig.end) not in texts:
                texts[trig.start, trig.end] = doc[trig.start : trig.end].text
        values["triggers"] = {m: texts[hits[m].start, hits[m].end] for m in SCOPED_MODIFIERS if m in hits} or None
        ext = target._
        for name, value in values.items():
            if rerun or value != DEFAULTS[name]:
                setattr(ext, name, value)


def scopes(triggers: list[Trigger], sent_start: int, sent_end: int, max_scope: int | None = None):
    """(trigger, lo, hi) for each scope of each trigger of one sentence (a bidirectional trigger has two).

    A forward scope runs from the trigger's end to the sentence end, a backward one from the sentence start
    to the trigger; each stops at the nearest terminator (of every modifier, or of its own) or trigger of the same
    modifier, and after ``max_scope`` tokens (the rule's own, else the default). ``triggers`` are in document order
    and do not overlap unless they share a span.
    """
    for k, trig in enumerate(triggers):
        rule = trig.rule
        modifier = rule.modifier
        if modifier == "terminate":
            continue
        limit = rule.max_scope or max_scope
        if rule.direction != "forward":
            lo = max(sent_start, trig.start - limit) if limit else sent_start
            for other in reversed(triggers[:k]):
                if other.end <= lo:
                    break
                if other.end <= trig.start and other.rule.stops(modifier, "backward"):
                    lo = other.end
                    break
            yield trig, lo, trig.start
        if rule.direction != "backward":
            hi = min(sent_end, trig.end + limit) if limit else sent_end
            for other in triggers[k + 1 :]:
                if other.start >= hi:
                    break
                if other.start >= trig.end and other.rule.stops(modifier, "forward"):
                    hi = other.start
                    break
            yield trig, trig.end, hi


def _bracket_after_person(doc: Doc, start: int, end: int) -> bool:
    """Whether the terminator at ``start``..``end`` belongs to a short bracket just after a name, code or person that
    holds an age, a name or an abbreviation ("Child J (6)", "her partner (Mr D)", "teaching assistant (TA)")."""
    first = doc[start].text
    if first != "(" and first != ")" and not (end - start == 2 and doc[start].like_num):  # "6 )"
        return False
    p = next((k for k in range(start, max(start - 5, 0) - 1, -1) if doc[k].text == "("), None)
    if p is None or p < 1:
        return False
    q = next((k for k in range(p + 1, min(p + 5, len(doc))) if doc[k].text == ")"), None)
    if q is None or q == p + 1:
        return False
    inside = doc[p + 1 : q]
    if not all(t.like_num or t.ent_type or t.is_upper or t.is_title for t in inside):
        return False
    before = doc[p - 1]
    return before.is_title or before.is_upper or before.is_digit or bool(before.ent_type)


def _age_aside(doc: Doc, start: int, end: int) -> bool:
    """Whether a one-word terminator after a comma opens an age ("her brother, then fourteen," "then aged 3")."""
    return (
        end - start == 1 and start >= 1 and end < len(doc) and doc[start - 1].text == ","
        and (doc[end].like_num or doc[end].lower_ == "aged")
    )


def _set_in_commas(doc: Doc, start: int) -> bool:
    """Whether a relative pronoun at ``start`` opens a clause set in commas (", who often babysat,")."""
    if doc[start].lower_ not in RELATIVE_OPENERS or start < 1 or doc[start - 1].text != ",":
        return False
    for k in range(start + 1, min(start + PARENTHESIS_REACH, len(doc))):
        if doc[k].text in (".", ";", "!", "?"):
            return False
        if doc[k].text == ",":
            return True
    return False


def _worry_word(doc: Doc, target: Span) -> int | None:
    """The index of the word that names ``target`` a worry ("weight concerns", "concerns about weight"), if any."""
    for i in (target.end - 1, target.start):
        if doc[i].lower_ in WORRY_HEADS:
            return i
    return None


def _outside(triggers: list[Trigger], spans: list[tuple[int, int]], length: int) -> list[Trigger]:
    """Triggers outside the targets: words inside a target belong to it and neither trigger nor limit. A trigger
    that runs into a target keeps its words before it ("no new" before "new cuts" is "no")."""
    covered = bytearray(length)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    kept = []
    for trig in triggers:
        inside = covered.find(1, trig.start, trig.end)
        if inside < 0:
            kept.append(trig)
        elif inside > trig.start:
            kept.append(trig._replace(end=inside))
    return kept


def _distance(trig: Trigger, start: int, end: int) -> int:
    return trig.start - end if trig.start >= end else start - trig.end


class _RoleNames:
    """Entities' texts as reporter names, read from the token arrays of one doc (no Token objects)."""

    def __init__(self, doc: Doc) -> None:
        self.strings = doc.vocab.strings
        self.orths, self.spaces, self.lowers, self.tags = doc.to_array([ORTH, SPACY, LOWER, TAG]).T.tolist()
        self.pos = get_string_id("POS")

    def __call__(self, start: int, end: int) -> str:
        """The text of tokens ``start``..``end`` without leading determiners and possessors, roles lower-cased."""
        strings = self.strings
        cut = start
        for i in range(start, end - 1):
            lower = strings[self.lowers[i]]
            if lower in DETERMINERS or self.tags[i] == self.pos or lower in ("'s", "’s"):
                cut = i + 1
        text = "".join([strings[self.orths[i]] + (" " if self.spaces[i] else "") for i in range(cut, end - 1)])
        text += strings[self.orths[end - 1]]
        return text if any(ch.isupper() for ch in text[1:]) else text.lower()


def _reporter(doc: Doc, report: Trigger, reporters: "Reporters", sentences: "Sentences") -> Reporter | None:
    """Who made a report: the nearest reporter before the report trigger in its clause, outside relative
    clauses ("the father, who had left the mother, reported...") and not an object ("the father rang the MASH to
    say...", "seen at school and said..."); else the first one after it, preferring one introduced by "by", "from"
    or "according to" ("complaints of bruises by his father", "according to the mother"), and never the one told
    ("told the paramedics that..."); none after a clause opener and a pronoun ("after she disclosed"); the owner of
    a report noun ("the mother's statement that"). Only reporters within ``REPORTER_WINDOW`` tokens of the trigger and
    in its sentence count."""
    if report.rule.value:
        return Reporter(report.start, report.end, report.rule.value, report.rule.professional)
    lo, hi = max(0, report.start - REPORTER_WINDOW), min(len(doc), report.end + REPORTER_WINDOW)
    while lo < report.start and not sentences.same(lo, report.start):
        lo += 1
    while hi > report.end and not sentences.same(report.start, hi - 1):
        hi -= 1
    first, last = bisect_left(reporters.starts, lo), bisect_left(reporters.starts, hi)
    if (report.start >= 2 and doc[report.start - 1].lower_ in SUBJECT_PRONOUNS
            and doc[report.start - 2].lower_ in CLAUSE_OPENERS):
        return None  # "after she disclosed": an unnamed reporter
    if report.start >= 1 and doc[report.start - 1].lower_ in ("'s", "’s"):
        # "the mother's statement that": whose statement it is, even after "rests on"
        owner = next((r for r in reporters.items[first:last] if r.end == report.start - 1), None)
        if owner is not None:
            return owner
    if doc[report.start : report.end].text.lower() == "according to":  # "according to the second review"
        return next((r for r in reporters.items[first:last] if report.end <= r.start <= report.end + 5), None)
    for r in reversed(reporters.items[first:last]):
        if r.end <= report.start and not _in_relative_clause(doc, r, report.start, lo) and not _object(doc, r, lo):
            return r
    after = [r for r in reporters.items[first:last] if r.start >= report.end]
    for r in after:
        k = r.start - 1
        while k > report.end and (doc[k].lower_ in DETERMINERS or doc[k].lower_ in ("'s", "’s")):
            k -= 1
        marker = doc[k].lower_
        if marker in AGENT_MARKERS or (marker == "to" and k > 0 and doc[k - 1].lower_ == "according"):
            return r
    if not after or doc[report.start].lower_ in RECIPIENT_TRIGGERS:
        return None
    return after[0]


def _object(doc: Doc, reporter: Reporter, lo: int) -> bool:
    """Whether ``reporter`` is the object of a contact verb or a preposition rather than who reported, past the
    determiners and the owner before it ("rang the children's services front door")."""
    k = reporter.start - 1
    while k > lo and (
        doc[k].lower_ in DETERMINERS or doc[k].lower_ in ORDER_WORDS or doc[k].ent_type or doc[k].lower_ in ("'s", "’s")
    ):
        k -= 1
    return k >= lo and doc[k].lower_ in NOT_SUBJECT_BEFORE


def _in_relative_clause(doc: Doc, reporter: Reporter, until: int, lo: int) -> bool:
    """Whether a ", who/which ..." clause opened before ``reporter`` (not before ``lo``) is closed by a comma
    before ``until``."""
    i = reporter.start - 1
    while i > lo and doc[i].text not in {",", ".", ";"}:
        if doc[i].lower_ in RELATIVE_OPENERS and doc[i - 1].text == ",":
            return any(doc[j].text == "," for j in range(reporter.end, until))
        i -= 1
    return False
