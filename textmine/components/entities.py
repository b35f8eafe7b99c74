"""Entities: CHILD, FAMILY, PROFESSIONAL, AGENCY, PERSON and LOCATION in ``doc.ents``.

Candidate rulers (``textmine_candidate_ruler``, a spaCy ``span_ruler``) find the lexicon phrases (``entities``,
``places`` and ``given_names``). This component interprets what they found: it joins role modifiers to their role
("maternal grandmother", "newly qualified social worker"), possessive family phrases ("mother's new partner"), agency names
built from a place or a name and an agency head ("Coventry council children's services", "Manchester Safeguarding
Children Board", "neurological team"), named people ("Dr Mark Peel", "By Charlotte Webster") and named children
("Alex Sutherland, aged 13 months", "Holly"). Overlaps are resolved longest first; articles and possessive pronouns
are not part of a span ("the father" -> "father").

Helper labels of the entities lexicon (never entities themselves): ``MODIFIER`` (joins the role after it),
``AGENCY_HEAD`` (an agency alone, and the head of a longer name), ``AGENCY_SUFFIX`` (the head of a longer name only),
``TEAM_HEAD`` (takes the lower-case words before it: "substance misuse team"), ``NAME_HEAD`` (ends a capitalised
name only: "Castle Practice"), ``AGENCY_PREFIX`` (starts an agency name: "NHS ..."), ``TITLE`` (before a person's
name), ``CHILD_CUE`` (marks a named person as a child), ``AGENCY_VERB`` (a place that does it stands for its council:
"Haringey has promised"), ``PLACE_CUE`` and ``ORIGIN_CUE`` (an unknown capitalised name after "home in" or "a couple
from" is a place), ``MOVE_CUE`` (so is one after "moved to"), ``STREET_HEAD`` (ends a street's name, a place:
"Sandgate Road") and ``O`` (a phrase that holds entity words but is none: "child protection", "school age").
Row ids with a meaning: ``pseudonym-head`` (takes a code: "Child" + "V"), ``collar-head`` (a police rank that
takes a collar number too: "PC 3382"), ``after-determiner`` (an entity only after a determiner: "the board"),
``proper-after-determiner`` (the same, capitalised only: "the Panel") and ``acronym-suffix`` (ends a body's acronym:
"SCB" in "NSCB").
"""

import calendar
import re
from functools import lru_cache
from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from textmine.components.candidates import candidates as lexicon_candidates
from textmine.components.candidates import drop_candidates
from textmine.components.doc_arrays import token_texts
from textmine.lexicons import load_lexicon
from textmine.records import ENTITY_LABELS

ROLE_LABELS = frozenset({"CHILD", "FAMILY", "PROFESSIONAL"})
FINAL_LABELS = (*ENTITY_LABELS, "O")  # lexicon labels that are candidates as they stand
# Words that open a noun phrase but are not part of the entity span (devset convention: bare role nouns).
LEADING_WORDS = frozenset(
    "the a an his her their its our my your this that these those both all each several other another two three "
    "four five six seven eight nine ten".split()
)
# Words between a determiner and a noun that needs one ("her older children").
DETERMINED_ADJECTIVES = LEADING_WORDS | frozenset(
    "older younger elder eldest youngest earlier own subject remaining surviving twin foster other".split()
)
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Lower-case words that never start a team name ("the same team", "universal services").
GENERIC_WORDS = frozenset(
    "same other whole new own relevant appropriate wider different various additional further universal statutory "
    "non-statutory city town shopping leisure contact local national any every single separate particular wrong "
    "right previous former current receiving".split()
)
# "a child", "each child", "neither child": a child role that is no particular child
ANY_DETERMINERS = frozenset({"a", "an", "any", "every", "each", "either", "neither", "another"})
BABY_WORDS = frozenset({"baby", "babies", "infant", "infants"})
NOT_MOBILE_BEFORE_RE = re.compile(r"\b(?:non|pre|not) - mobile$|\b(?:nonmobile|premobile|immobile|non-mobile|pre-mobile)$")
NOT_MOBILE_AFTER_RE = re.compile(r"^(?:who|that) (?:are|is|were|was) not (?:yet )?(?:independently )?mobile\b")
GENERIC_CHILD_WORDS = frozenset({"child"})
# children counted as a population: "many children", "the 21 children", "babies under one"
PLURAL_CHILD_WORDS = frozenset({"children", "babies", "infants", "boys", "girls"})
QUANTIFIERS = frozenset({"many", "several", "some", "most", "few", "numerous"})
POPULATION_AFTER_RE = re.compile(r"^(?:under|aged under|below) (?:one|1|the age|age)\b")
SPECIFIC_DETERMINERS = frozenset({"the", "this", "that", "her", "his", "their", "our"})  # "a baby" in a news report is often the one it is about
MAX_TEAM_WORDS = 4
# A capitalised word: "Coventry", "NHS", "Walker-Hall", "O'Brien", "Majesty's", "Zoë".
WORD = r"(?:[A-Z][A-Za-z0-9À-ÖØ-öø-ÿ&]*(?:['’][A-Za-z]+)?(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*)"
CONNECTOR = r"(?:of|and|upon|on|for|the|&|in)"
CHAIN_RE = re.compile(rf"(?:(?<![\w'’-])|(?<=\s['‘])){WORD}(?:[ ]+(?:{CONNECTOR}[ ]+)*{WORD})*(?!\w)")
NAME_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*-?")  # "Webster-" before a dash-less byline break
CONNECTORS = frozenset({"of", "and", "upon", "on", "for", "the", "&", "in"})
# Text around a capitalised name that makes it a named person.
PERSON_BEFORE_RE = re.compile(
    r"(?:^|\n)[ \t]*[Bb]y[ \t]+$|(?:\b(?:reviewer|author|chair|chaired by|[Ww]ritten by|[Ll]ed by|[Aa]uthored by|"
    r"[Aa]ccording to|[Mm]inister|[Ss]ecretary|[Cc]ommissioner|said)[,:]?[ \t]+)$"
)
PERSON_AFTER_RE = re.compile(
    r"^(?:[ \t]+(?:said|says|told|added|wrote|explained)\b|"
    r",[ \t]+(?:the[ \t]+|an?[ \t]+)?(?:independent[ \t]+|lead[ \t]+)?"
    r"(?:reviewer|author|chair|chairman|chairwoman|director|minister|spokes\w+|judge|head|chief)\b)"
)
AGE_UNITS = frozenset({"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mth", "mths", "year", "years",
                       "yr", "yrs"})
# A date of birth straight after a name ("Re: Amelia Bright, DOB 02/12/2020"), after one of the redaction lexicon's
# date-of-birth cues: its year is read.
DOB_DATE = (r"[ \t:]*(?:\d{1,2}[./-]\d{1,2}[./-](?P<year>\d{4}|\d{2})\b"
            r"|\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+[ \t]+(?P<long_year>\d{4})\b)")
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
CHILD_YEARS = 18
PSEUDONYM_HEAD = "pseudonym-head"  # lexicon id: a capitalised head that takes a code ("Child" + "V")
COLLAR_HEAD = "collar-head"  # lexicon id: a police rank that takes a code or a collar number ("PC 3382")
COLLAR_RE = re.compile(r"^\d{3,5}$")
# A word in capitals, maybe with a number: "SW1", "HV2", "NSCB" (then looked up, not matched one by one).
CAPITALS_RE = re.compile(r"(?<![\w&/])([A-Z]{2,7}|[A-Z])(\d{1,2})?(?![\w&/])")
ACRONYM_SUFFIX = "acronym-suffix"  # lexicon id: the end of a body's acronym ("SCB" in "NSCB")
PROFESSIONAL_TITLE = "professional-title"  # lexicon id: a title a professional holds; with initials, a worker ("Dr AS")
CIVIC_HEAD = "civic-head"  # lexicon id: a council's, force's or partnership's head: the words before it name a place
COURT_HEAD = "court-head"  # lexicon id: "Crown Court", which takes the place before it ("Stoke-on-Trent Crown Court")
PLACE_NAME_JOINERS = frozenset({"-", "on", "upon", "under", "le", "in", "the", "by"})  # "Stoke-on-Trent", "Newcastle upon Tyne"
AFTER_DETERMINER = "after-determiner"  # lexicon id: an entity only after a determiner ("the board")
PROPER_AFTER_DETERMINER = "proper-after-determiner"  # the same, capitalised only: "the Panel", not "the panel"
CODE_RE = re.compile(r"^(?:[A-Z][a-z]{0,2}\d{0,2}|[A-Z]{2}\d?|\d{1,2})$")
RANGE_WORDS = frozenset({"to", "-", "–", "and", "&"})
INITIALS_RE = re.compile(r"^(?:[A-Z]{2,3}\d?|[A-Z]\d)$")  # "SR", "GN", "S1": initials used as a pseudonym
# Month and day names: "the Council in March" is the council, at a time.
CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name) if w)
AUXILIARIES = frozenset("has have had was were is are will would been be".split())
APPOSITION_WORDS = frozenset({",", "called", "named", "known", "as"})
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from"})
SAINT_WORDS = frozenset({"st", "st.", "saint"})  # a given name after them names a church, school or place
PLACE_LIST_ENDS = frozenset({",", ".", ";", ")", "\n"})  # what may follow a town named after a place
PLACE_CUE_GAP = 1  # words between a place cue and "in" ("found dead in", "the family home in")
MAX_PLACE_WORDS = 3
# what a child named just before ("Arthur's death") or after ("the murder of Arthur") suffered
CHILD_HARMS = frozenset({"death", "murder", "killing", "manslaughter", "injuries", "neglect", "abuse", "funeral", "birth"})
# a child's age, in figures or words
CHILD_AGE = (r"(?:1[0-7]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
              r"fifteen|sixteen|seventeen)")
# "Finley Boden was sent home to his parents at eight months old": the sentence's subject is a child
AGE_LATER_RE = re.compile(
    r"^(?:was|is|had been|has been) (?:(?!\b(?:that|the|a|an|baby|child|boy|girl|son|daughter)\b)[^.;])*?"
    r"\b(?:at|aged|was|is) (?:\d{1,2}|[a-z]+(?:-[a-z]+)?) (?:months?|weeks?|days?|years?) old\b"
    rf"|^(?:was|is) (?:aged )?{CHILD_AGE} (?:and|when|,|\.)"  # "Kayleigh Haywood was 15 and lived ..."
)
# "Laura Castle was convicted of his murder": a carer who killed the child the report is about
CARER_CONVICTED_RE = re.compile(
    r"^(?:was|were|has been|had been|is) (?:convicted|jailed|found guilty|sentenced|imprisoned) (?:of|for) "
    r"(?:(?:his|her|their) (?:murder|manslaughter|death)|causing or allowing (?:his|her|their) death)"
)
# "Ryan Hollis, 29, of Cedar Close": an adult named with an age, as news reports name the parents and carers they
# are about
ADULT_AGE_AFTER_RE = re.compile(r"^, (?:aged )?(?:1[89]|[2-9]\d)(?: ,| \.| on | and )")
SENTENCE_ENDS = frozenset({".", "!", "?", ";"})
NAMING_WORDS = frozenset({"called", "named", "known"})  # "a man called Kyle"
NAMING_FILLERS = frozenset({"as", "only", "simply", "'", "‘", "’", '"', "“"})
GROWN_UP_WORDS = frozenset({"man", "woman", "male", "female", "adult", "lodger", "friend"})
OWNER_REACH = 6  # tokens after a lone given name in which "her children" makes it a grown-up's
# what only a grown-up has: "Hayley's children", "Sian's partner"
GROWN_UPS_OWN = frozenset({"children", "daughter", "daughters", "son", "sons", "baby", "babies", "partner", "husband",
                           "wife", "boyfriend", "girlfriend", "ex-partner", "employer", "tenancy"})
AGE_AFTER_RE = re.compile(
    rf"^, (?:then |now |aged )?{CHILD_AGE} ,|^, (?:\d{{1,2}}) (?:months?|weeks?|days?)\b|^\( {CHILD_AGE} \)"
    rf"|^[(,] (?:aged )?(?:\d{{1,2}} (?:months?|mths?|weeks?|days?)|{CHILD_AGE} (?:years?|yrs?))(?: old)? [),\n]"
    r"|^[(,] (?:Year (?:1[0-3]|[0-9])|Y(?:1[0-3]|[0-9])|Reception) [),]"  # "Leah Dobson (Year 4)"
)
SIBLING_WORDS = frozenset({"sister", "sisters", "brother", "brothers", "half-sister", "half-brother"})
CHILD_PREFIXES = frozenset({"Baby", "Child", "Infant", "Sibling"})
KIN_PREFIXES = frozenset({"Uncle", "Aunt", "Auntie", "Aunty", "Nan", "Nanny", "Nana", "Grandad", "Granddad", "Grandma",
                          "Grandpa", "Cousin"})
FAMILY_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Mr.", "Mrs.", "Ms.", "Miss."})
JUDICIAL_TITLES = frozenset({"Justice", "Recorder"})
NAME_ONLY_TITLES = frozenset({"Judge", "HHJ"})  # left out of a judge's full name ("Judge Thomas Greensmith")
APPOSITION = (",", "(")  # what may stand between a role and the name it gives: "her father, Paul Mills", "Father (Mr Keane)"
# what may stand between a role and a lone given name it labels ("Mum (Kerry)", "partner 'Jay'")
LABEL_MARKS = frozenset({",", "(", "-", "–", ":", "'", "‘", '"', "“"})
ROLE_DETERMINERS = frozenset({"her", "his", "their", "the", "older", "younger", "elder", "eldest", "former"})
# A letter's greeting before a name ("Dear Dr Mensah", "Hi Mark") and the words that close it before a signature
# ("Kind regards,\nKaren", "Yours sincerely,\nMrs Anita Kowalczyk").
GREETINGS = frozenset({"dear", "hi", "hello", "fao", "attn"})
VALEDICTIONS = frozenset({"regards", "sincerely", "faithfully", "wishes", "thanks"})
ROLE_REACH = 3  # tokens after a name's comma or bracket in which a role or body makes it a professional's
CUE_WINDOW = 3  # tokens between a child cue and a name
# Tie-break when two candidates cover the same number of tokens (lower wins).
PRIORITY = {"O": 0, "PERSON": 1, "AGENCY": 2, "PROFESSIONAL": 3, "FAMILY": 4, "CHILD": 5, "LOCATION": 6}


@Language.factory(
    "textmine_entities",
    requires=["doc.spans"],
    assigns=["doc.ents"],
    default_config={
        "candidate_keys": ["entity_lexicon", "places", "given_names"],
        "lexicon": {"@misc": "textmine.lexicon.v1", "name": "entities"},
        "glossary": {"@misc": "textmine.lexicon.v1", "name": "abbreviations"},
        "keep_candidates": False,
    },
)
def make_entities(
    nlp: Language,
    name: str,
    candidate_keys: list[str],
    lexicon: list[dict],
    glossary: list[dict],
    keep_candidates: bool,
) -> "EntityComposer":
    return EntityComposer(
        name, candidate_keys=candidate_keys, lexicon=lexicon, glossary=glossary, keep_candidates=keep_candidates
    )


def head_words(lexicon: list[dict]) -> frozenset[str]:
    """Single-word agency heads of the entities lexicon (lower case): the words that end an agency name."""
    labels = {"AGENCY_HEAD", "AGENCY_SUFFIX", "TEAM_HEAD", "NAME_HEAD"}
    return frozenset(
        row["pattern"].lower()
        for row in lexicon
        if row["label"] in labels and isinstance(row["pattern"], str) and " " not in row["pattern"]
    )


class EntityComposer:
    """Reads the lexicon candidates found under ``candidate_keys``; writes ``doc.ents`` (and drops the candidates)."""

    def __init__(
        self, name: str, *, candidate_keys: list[str], lexicon: list[dict], glossary: list[dict], keep_candidates: bool
    ) -> None:
        self.name = name
        self.candidate_keys = list(candidate_keys)
        self.heads = head_words(lexicon)
        cues = sorted((row["word"] for row in load_lexicon("redaction") if row["kind"] == "dob_cue"), key=len, reverse=True)
        self.dob_after = re.compile(r"[ \t]*[(,]?[ \t]*(?i:" + "|".join(map(re.escape, cues)) + ")" + DOB_DATE)
        # known abbreviations ("HV", "S47") are never taken for a person's initials
        self.known_codes = frozenset(row["short"] for row in glossary) | frozenset(
            row["pattern"] for row in lexicon if isinstance(row["pattern"], str) and row["pattern"].isupper()
        )
        # pseudonym heads written in capitals take a number straight after them ("SW1", "HV2")
        self.code_labels = {
            row["pattern"]: row["label"]
            for row in lexicon
            if row.get("id") == PSEUDONYM_HEAD and isinstance(row["pattern"], str) and row["pattern"].isupper()
            and len(row["pattern"]) <= 4 and row["pattern"].isalpha()
        }
        # acronyms that end like a known body's ("NSCB", "OSCB" for a safeguarding children board)
        self.acronym_suffixes = {row["pattern"]: row["label"] for row in lexicon if row.get("id") == ACRONYM_SUFFIX}
        self.keep_candidates = keep_candidates

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        candidates: list[tuple[int, int, str]] = []
        words, text = token_texts(doc)
        lowers = [w.lower() for w in words]
        for key in self.candidate_keys:
            for start, end, label, kind in lexicon_candidates(doc, key):
                if kind in (PSEUDONYM_HEAD, COLLAR_HEAD):
                    candidates.extend(_pseudonym(words, lowers, start, end, label, collar=kind == COLLAR_HEAD))
                elif kind in (AFTER_DETERMINER, PROPER_AFTER_DETERMINER):
                    if _after_determiner(words, lowers, start) and (
                        kind == AFTER_DETERMINER or words[start][0].isupper()
                    ):
                        found[label].append((start, end))
                elif label in ("CHILD", "FAMILY") and _in_capitals_heading(words, start, end):
                    continue  # "LOOKED AFTER CHILD REVIEW": a heading's word, not a mention
                elif label == "CHILD" and _form_label(words, start, end):
                    found["CHILD_CUE"].append((start, end))  # "Child: Noah Whitfield": a form's field names the child
                elif label == "CHILD" and _any_child(lowers, start, end):
                    continue  # "talk to a child", "either child": any child, not one the text is about
                elif kind == COURT_HEAD:
                    found[label].append((_court_start(words, lowers, start), end))
                elif kind == PROFESSIONAL_TITLE:
                    found[label].append((start, end))
                    found["PROFESSIONAL_TITLE"].append((start, end))
                elif kind == CIVIC_HEAD:
                    found[label].append((start, end))
                    found["CIVIC_HEAD"].append((start, end))
                elif label != "TITLE" or words[start][0].isupper():
                    found[label].append((start, end))
            if not self.keep_candidates:
                drop_candidates(doc, key)
        if not words:
            return doc
        starts_at = doc.to_array(IDX).tolist()  # character offset of each token
        candidates.extend(self._glued_codes(starts_at, text))
        for label in FINAL_LABELS:
            if label in found:
                candidates += [(s, e, label) for s, e in found[label]]
        starts = {label: _by_start(found.get(label, [])) for label in ("AGENCY_HEAD", "AGENCY_SUFFIX")}
        candidates.extend(_with_modifiers(candidates, _by_end(found.get("MODIFIER", []))))
        candidates.extend(_family_phrases(words, candidates))
        blocked = {i for s, e in found.get("O", []) for i in range(s, e)}
        roles = {i for label in ROLE_LABELS for s, e in found.get(label, []) for i in range(s, e)} - blocked
        candidates.extend(_team_names(words, lowers, found.get("TEAM_HEAD", []), roles))
        keep = {s for s, _ in found.get("AGENCY_PREFIX", [])} | {s for s, _ in found.get("TITLE", [])}
        chains = list(_chains(starts_at, text, words, lowers, keep))
        candidates.extend(self._named(starts_at, text, words, lowers, chains, found))
        candidates.extend(_places_acting(lowers, found.get("LOCATION", []), found.get("AGENCY_VERB", [])))
        owners = [(s, e, label) for s, e, label in candidates if label in ("AGENCY", "LOCATION")]
        owners.extend((s, e, "AGENCY") for s, e in found.get("AGENCY_HEAD", []))
        owners.extend((s, e, "NAME") for s, e in chains if not _sentence_initial_word(words, s, e))
        candidates.extend(_compose_agencies(words, owners, starts["AGENCY_HEAD"], starts["AGENCY_SUFFIX"]))
        _resolve(doc, lowers, candidates)
        return doc

    def _glued_codes(self, starts_at: list[int], text: str) -> list[tuple[int, int, str]]:
        """Pseudonyms written as one word ("SW1", "HV2") and acronyms of local boards ("NSCB")."""
        out = []
        for m in CAPITALS_RE.finditer(text):
            letters, digits = m.group(1), m.group(2)
            if digits:
                label = self.code_labels.get(letters)
            else:
                label = next(
                    (
                        lab
                        for suffix, lab in self.acronym_suffixes.items()
                        if len(letters) > len(suffix) and letters.endswith(suffix)
                    ),
                    None,
                )
            i = bisect_left(starts_at, m.start()) if label else len(starts_at)
            if i < len(starts_at) and starts_at[i] == m.start() and (
                i + 1 == len(starts_at) or starts_at[i + 1] >= m.end()
            ) and starts_at[i] + len(m.group()) == m.end():
                out.append((i, i + 1, label))
        return out

    def _named(
        self,
        starts_at: list[int],
        text: str,
        words: list[str],
        lowers: list[str],
        chains: list[tuple[int, int]],
        found: dict,
    ) -> list[tuple[int, int, str]]:
        """Agency names among capitalised chains, named people, named children and coded family members."""
        given = _by_start(found.get("GIVEN_NAME", []))
        places = {s for s, _ in found.get("LOCATION", [])}
        titles = {s for s, _ in found.get("TITLE", [])}
        professional_titles = {s for s, _ in found.get("PROFESSIONAL_TITLE", [])}
        role_words = {i for label in ("PROFESSIONAL", "TITLE") for s, e in found.get(label, []) for i in range(s, e)}
        prefixes = _by_start(found.get("AGENCY_PREFIX", []))
        cues = ({e for _, e in found.get("CHILD_CUE", [])}, {s for s, _ in found.get("CHILD_CUE", [])})
        role_ends = {label: {e for _, e in found.get(label, [])} for label in ("FAMILY", "CHILD", "PROFESSIONAL")}
        role_starts = {label: {s for s, _ in found.get(label, [])} for label in ("FAMILY", "CHILD")}
        role_from = {s: e for s, e in found.get("PROFESSIONAL", [])}  # where a professional role starts -> its end
        role_to = {e: s for s, e in found.get("PROFESSIONAL", [])}
        lexicon_tokens = set()
        for label in ("LOCATION", "AGENCY", "AGENCY_HEAD", "PROFESSIONAL", "FAMILY", "CHILD", "O"):
            for s, e in found.get(label, []):
                lexicon_tokens.update(range(s, e))
        out: list[tuple[int, int, str]] = []
        settled = _settled_places(words, lowers, chains, found, lexicon_tokens)
        in_person: set[int] = set()
        names: dict[str, str] = {}  # a name or code labelled once keeps its label in the whole document
        unknown: list[tuple[int, int]] = []  # runs that read as a name but are not yet known to be one
        runs: list[tuple[int, int]] = []  # the runs of words of chains outside agency names
        judges: set[int] = set()  # where a judge's name starts, its title left out
        for s, e in chains:
            rest = []
            right = e
            while right > s:  # bodies named one after another: "Kent County Council and Kent Police"
                agency = self._agency_chain(words, lowers, s, right, prefixes, places)
                if not agency:
                    break
                out.append(agency)
                rest.append((agency[1], right))
                right = agency[0]
                while right > s and lowers[right - 1] in CONNECTORS:
                    right -= 1
            if not rest and (s, e) in settled:
                out.append((*settled[s, e], "LOCATION"))
                continue
            rest.append((s, right))
            # a run split at a possessive: "Ellie Marsden's GP" is a name and whose GP it is
            parts = (part for a, b in rest for run in _runs(lowers, a, b) for part in _split_at(words, *run, POSSESSIVE))
            for rs, re_ in parts:
                rs, judge = _name_start(words, rs, re_, titles, role_from, role_words, given)
                if judge:
                    judges.add(rs)
                runs.append((rs, re_))
                if re_ - rs == 3 and rs in given and _hyphened_name(starts_at, words, rs):
                    continue  # "Lily-Mae": one given name, labelled where lone given names are
                if re_ - rs == 1:
                    # a known abbreviation, alone or numbered ("PPN1"), is no code for a person
                    known = words[rs] in self.known_codes or words[rs].rstrip("0123456789") in self.known_codes
                    label = None if known else _coded_label(words, rs, role_ends, cues)
                    if label and rs not in lexicon_tokens:
                        names.setdefault(words[rs], label)
                    continue
                if re_ - rs == 2 and words[rs] in self.code_labels and _is_code(words[rs + 1]):
                    continue  # a pseudonym ("YP E told"): its head's label, never a person's name
                if judge:
                    label = "PERSON"
                elif rs in titles and 2 <= re_ - rs <= 4:
                    label = _titled_label(words, rs, re_, professional_titles, role_words)
                else:
                    label = self._person(starts_at, text, words, rs, re_, given, lexicon_tokens, cues)
                if (
                    label in ("PERSON", None)
                    and not lexicon_tokens.intersection(range(rs, re_))
                    and words[rs] not in CHILD_PREFIXES
                    and _names_a_relative(words, lowers, rs, re_, role_ends["FAMILY"], role_starts["FAMILY"], out)
                ):
                    # "Her father, Paul Mills", "her parents, Jade Barker and Liam Orton", "Jason Dolan, her mother's
                    # boyfriend"
                    label = "FAMILY"
                if label:
                    out.append((rs, re_, label))
                    in_person.update(range(rs, re_))
                elif _name_like(words, rs, re_) and not lexicon_tokens.intersection(range(rs, re_)):
                    unknown.append((rs, re_))
        for s, ends in given.items():
            if s in in_person or (s > 0 and (s - 1 in titles or lowers[s - 1] in SAINT_WORDS)):
                continue  # "Mr Mark ...", "St Mark's Primary"
            if s >= 2 and _hyphened_name(starts_at, words, s - 2):
                continue  # "Mae" of "Lily-Mae"
            end = s + 3 if _hyphened_name(starts_at, words, s) else max(ends)
            if _signs_or_greets(words, lowers, s, end):
                label = "PERSON"  # the letter's writer or reader, whatever the name is elsewhere
            elif s in role_to and words[role_to[s]][0].isupper():
                label = "PERSON"  # "Midwife Jane": a role used as a title names a professional
            else:
                label = _single_name_label(words, lowers, s, end, role_starts["FAMILY"], role_ends["FAMILY"])
            held = names.get(words[s])
            if label and (held is None or label == "PERSON" or (label == "FAMILY" and held != "PERSON")):
                names[words[s]] = label
        out.extend(_civic_places(words, out, runs, found.get("CIVIC_HEAD", []), lexicon_tokens | set(given)))
        _named_family(words, lowers, out, unknown, names, in_person, role_starts["FAMILY"], titles | judges, cues)
        _titled_family(words, lowers, out, titles, _role_bounds(found))
        if names:
            for i, word in enumerate(words):
                if word in names and i not in in_person and not (i >= 2 and _hyphened_name(starts_at, words, i - 2)):
                    out.append((i, i + 3 if _hyphened_name(starts_at, words, i) else i + 1, names[word]))
        return out

    def _person(self, starts_at, text, words, s, e, given, lexicon_tokens, cues) -> str | None:
        """PERSON (or CHILD, for a named child) for a run of 2-4 capitalised words with no title that reads as a
        name."""
        if not 2 <= e - s <= 4:
            return None
        if words[s] in CHILD_PREFIXES and e - s == 2 and (s + 1) in given:
            return "CHILD"  # "Baby Peter"
        if words[s] in KIN_PREFIXES and e - s == 2 and (s + 1) in given:
            return "FAMILY"  # "Uncle Dave"
        if not all(w in "-'’" or NAME_TOKEN_RE.fullmatch(w) for w in words[s:e]):
            return None
        if s > 0 and words[s - 1] == "to" and "born" in words[max(0, s - 5) : s] and not lexicon_tokens.intersection(
            range(s, e)
        ):
            return "FAMILY"  # "born in 2006 to Jennie Gray": a parent
        if s not in given and (
            lexicon_tokens.intersection(range(s, e)) or not _person_context(starts_at, words, text, s, e)
        ):
            return None
        if _near_cue(words, s, e, cues) or _born_recently(self.dob_after, text, starts_at[e - 1] + len(words[e - 1])):
            return "CHILD"
        return "PERSON"

    def _agency_chain(
        self, words: list[str], lowers: list[str], s: int, e: int, prefixes: dict, places: set[int]
    ) -> tuple[int, int, str] | None:
        """An agency name among capitalised words: a head after other words ("Kent Police"), a head with its
        complement ("Department for Education") or a prefix ("NHS Derby City").

        Runs joined by "of"/"for" belong to the name only when the earlier run is itself a body ("Inspectorate of
        Constabulary"), so "Sian Griffiths for Norfolk Safeguarding Children Board" names only the board; a body
        and a run starting with a place (``places``: token starts) or with the body's own first word are two bodies.
        """
        if s in prefixes and max(prefixes[s]) < e:
            return s, e, "AGENCY"
        runs = list(_runs(lowers, s, e))
        heads = [
            k
            for k, (rs, re_) in enumerate(runs)
            if any(lowers[i] in self.heads and words[i][0].isupper() for i in range(rs, re_))
        ]
        if not heads:
            return None
        last = heads[-1]
        first = last
        while first > 0:
            joint = lowers[runs[first][0] - 1]
            same_first = words[runs[first][0]] == words[runs[first - 1][0]]
            if (joint in ("and", "&") and same_first) or first - 1 in heads and (
                (joint in ("and", "&") and runs[first][0] in places)
                or (joint == "the" and runs[first][0] >= 2 and lowers[runs[first][0] - 2] in ("and", "&"))
            ):
                # two bodies: "Lancashire County Council and Lancashire Police", "the Board and the Police", "Harwick
                # County Council and Harwick Safeguarding Children Partnership", "Haverleigh CAMHS and Haverleigh
                # Borough Council" (one place the gazetteer lacks)
                break
            if first - 1 in heads or joint in ("and", "&"):
                first -= 1
            else:
                break
        start = runs[first][0]
        head_end = max(i for i in range(runs[last][0], runs[last][1]) if lowers[i] in self.heads) + 1
        end = head_end
        if (
            head_end < e
            and last + 1 < len(runs)
            and lowers[head_end] in ("of", "for", "upon", "on", "in")
            and lowers[runs[last + 1][0]] not in CALENDAR_WORDS
            and not (lowers[head_end] == "in" and runs[last + 1][0] in places)
        ):
            # "London Borough of Richmond upon Thames", "Department for Education"; not "the Council in March" or
            # "Little Heath Primary School in Coventry"
            end = e
        elif head_end == runs[last][1] and head_end - start == 1 and last == first:
            return None  # a lone capitalised head word ("Police") is the lexicon's
        return start, end, "AGENCY"


def _names_a_relative(
    words: list[str], lowers: list[str], start: int, end: int, family_ends: set[int], family_starts: set[int],
    found: list[tuple[int, int, str]],
) -> bool:
    """Whether a name of two to four words at ``start`` stands in apposition to a family role, before or after it
    ("her father, Paul Mills"; "Jason Dolan, her mother's boyfriend,"), or follows, after "and", a name that does
    ("her parents, Jade Barker and Liam Orton")."""
    if not 2 <= end - start <= 4 or not all(w in "-'’" or NAME_TOKEN_RE.fullmatch(w) for w in words[start:end]):
        return False
    if start >= 1 and words[start - 1] in APPOSITION and start - 1 in family_ends:
        return True
    if end < len(words) and words[end] == ",":
        k = end + 1
        while k < min(len(words), end + 4) and lowers[k] in ROLE_DETERMINERS:
            k += 1
        # "Jason Dolan, her mother's boyfriend,"; "Daniel Hughes, father of Alfie"
        if k in family_starts and (k > end + 1 or _role_of(lowers, k)):
            return True
    return bool(
        start >= 1 and words[start - 1] in ("and", "&") and found and found[-1][1] == start - 1 and found[-1][2] == "FAMILY"
    )


def _team_names(
    words: list[str], lowers: list[str], team_heads: list[tuple[int, int]], roles: set[int]
) -> list[tuple[int, int, str]]:
    """Lower-case service names ending in a team head: "neurological team", "referral and assessment team".

    The name stops at a role word ("social workers and clinic staff" holds no team name)."""
    out = []
    for start, end in team_heads:
        if not words[start].islower():
            continue
        i, first = start, start
        while i > 0 and start - i < MAX_TEAM_WORDS:
            if i > 1 and words[i - 2] == "-" and words[i - 1].isalpha():
                j = i - 1  # a hyphenated word is taken whole and ends the name: "out-of-hours team"
                while j > 1 and words[j - 1] == "-" and words[j - 2].isalpha():
                    j -= 2
                first = j
                break
            if lowers[i - 1] in ("and", "&") and i - 1 > 0 and _team_word(words[i - 2]) and i - 2 not in roles:
                i -= 1
                continue
            if not _team_word(words[i - 1]) or i - 1 in roles:
                break
            i -= 1
            first = i
        if first < start:
            out.append((first, end, "AGENCY"))
    return out


def _chains(starts_at: list[int], text: str, words: list[str], lowers: list[str], keep: set[int]):
    """Token spans of runs of capitalised words (with "of", "and"... between), leading stop words and greetings
    ("Dear") dropped unless they start a title or an agency prefix (``keep``: "Her Majesty's ...")."""
    for m in CHAIN_RE.finditer(text):
        s = bisect_right(starts_at, m.start()) - 1
        e = bisect_left(starts_at, m.end())
        if s < 0 or e <= s:
            continue
        while s < e and s not in keep and (lowers[s] in STOP_WORDS or lowers[s] in GREETINGS) and not words[s].isupper():
            s += 1
        while e > s and (words[e - 1] in POSSESSIVE or lowers[e - 1] in CONNECTORS):
            e -= 1
        if s < e:
            yield s, e


def entity_bounds(doc: Doc) -> list[tuple[int, int, int]]:
    """(start, end, label hash) of each entity of ``doc``, in order, read from the token arrays."""
    if not len(doc):
        return []
    iob, types = doc.to_array([ENT_IOB, ENT_TYPE]).T
    starts = numpy.flatnonzero(iob == 3)  # 3 = B
    if not len(starts):
        return []
    inside = iob == 1  # 1 = I
    bounds = []
    for s in starts.tolist():
        e = s + 1
        while e < len(iob) and inside[e]:
            e += 1
        bounds.append((s, e, int(types[s])))
    return bounds


def entity_spans(doc: Doc) -> list[Span]:
    """``list(doc.ents)`` read from the token arrays (the ``doc.ents`` getter walks every token in Python)."""
    return [Span(doc, s, e, label=label) for s, e, label in entity_bounds(doc)]


def _settled_places(
    words: list[str], lowers: list[str], chains: list[tuple[int, int]], found: dict, lexicon_tokens: set[int]
) -> dict[tuple[int, int], tuple[int, int]]:
    """Places no gazetteer holds, told by where someone lives or something happened: a capitalised run after "in",
    "at" or "near" shortly after a place cue ("the family home in Farnley", "died in Sarn", "a review in
    Kingsford"), right after "from" and a person ("a couple from Westmoor"), or before a comma and a known place
    ("Emmer Green, Reading"), or ending a letterhead's line after a body's name ("Elm Tree Surgery, Ashcombe"), a
    street ("of Cedar Close") and the town after it or after another place (", Norbridge"), after "to" and a move
    ("moved to Eastmoor"), or
    after a person's age ("Liam Cartwright, 27, of Ashbridge"). Keyed by the chain the place starts."""
    cue_ends = {e for _, e in found.get("PLACE_CUE", [])}
    origin_ends = {e for _, e in found.get("ORIGIN_CUE", [])}
    move_ends = {e for _, e in found.get("MOVE_CUE", [])}  # where "to" stands after "moved"
    body_ends = {e for label in ("AGENCY", "AGENCY_HEAD", "NAME_HEAD") for _, e in found.get(label, [])}
    street_ends = {e for _, e in found.get("STREET_HEAD", [])}
    named = {s for label in ("TITLE", "GIVEN_NAME") for s, _ in found.get(label, [])}  # "Ms Sarah Lane" is a person
    if not (cue_ends or origin_ends or move_ends or found.get("LOCATION") or body_ends or street_ends):
        return {}
    place_starts = {s for s, _ in found.get("LOCATION", [])}
    place_ends = {e for _, e in found.get("LOCATION", [])}
    out = {}
    for chain in chains:
        s, e = chain
        if e in street_ends and e - s >= 2 and all(_place_word(w) for w in words[s : e - 1]) and not (
            lexicon_tokens.intersection(range(s, e - 1)) or named.intersection(range(s, e - 1))
        ):
            out[chain] = (s, e)
            continue
        if s == 0 or lexicon_tokens.intersection(range(s, e)):
            continue
        if not all(_place_word(w) for w in words[s:e]):
            e = next(_runs(lowers, s, e))[1]  # "Farnley in June 2016": the name before the connector
        if e - s > MAX_PLACE_WORDS or not all(_place_word(w) for w in words[s:e]):
            continue
        if e < len(words) and words[e].isdigit():
            continue  # "in Month 4", "in Year 9": a numbered period
        before = lowers[s - 1]
        known_after = e + 1 < len(words) and words[e] == "," and e + 1 in place_starts
        if before in PLACE_PREPOSITIONS - {"from"}:
            if known_after or any(c in cue_ends for c in range(s - 1 - PLACE_CUE_GAP, s)):
                out[chain] = (s, e)
        elif before == "from" and (known_after or s - 1 in origin_ends):
            out[chain] = (s, e)
        elif before == "to" and s - 1 in move_ends and s not in named:
            out[chain] = (s, e)
        elif before == "of" and s >= 3 and words[s - 2] == "," and words[s - 3].isdigit():
            out[chain] = (s, e)  # "Liam Cartwright, 27, of Ashbridge": where a person of that age lives
        elif before == "," and (
            s - 1 in street_ends
            or (s - 1 in body_ends and (e == len(words) or _line_break(words[e])))
            or (
                _after_place(s - 1, place_ends, out)
                and e - s == 1
                and (e == len(words) or words[e] in PLACE_LIST_ENDS)
            )
        ):
            out[chain] = (s, e)
    return out


def _after_place(comma: int, place_ends: set[int], settled: dict) -> bool:
    """Whether the comma at ``comma`` follows a place, known or settled ("a flat in Harbourside, Kingsmouth")."""
    return comma in place_ends or any(end == comma for _, end in settled.values())


def _civic_places(
    words: list[str], found: list[tuple[int, int, str]], runs: list[tuple[int, int]], civic: list[tuple[int, int]],
    known: set[int],
) -> list[tuple[int, int, str]]:
    """Places no gazetteer holds, named by a council, force or partnership the text names ("Northcombe Council",
    "Brackenford Safeguarding Children Partnership"): the same words standing alone elsewhere in the text are the
    place ("children's services in Northcombe")."""
    civic_starts = {s for s, _ in civic}
    names = set()
    for s, e, label in found:
        if label != "AGENCY":
            continue
        head = next((i for i in range(s + 1, e) if i in civic_starts), None)
        if head and head - s <= MAX_PLACE_WORDS and all(_place_word(w) for w in words[s:head]) and not known.intersection(
            range(s, head)
        ):
            names.add(tuple(words[s:head]))
    if not names:
        return []
    taken = {i for s, e, _ in found for i in range(s, e)}
    return [
        (s, e, "LOCATION") for s, e in runs if tuple(words[s:e]) in names and not taken.intersection(range(s, e))
    ]


def _titled_label(
    words: list[str], s: int, e: int, professional_titles: set[int], role_words: set[int]
) -> str | None:
    """The label of a run of 2-4 capitalised words opening with a title (at ``s``): a name (PERSON), a worker known
    by initials after a professional title (PROFESSIONAL), or none for a family code or a title and a role."""
    if role_words.issuperset(range(s + 1, e)):
        return None  # "Chief Constable": a title and a role, no name
    code = _is_code(words[s + 1]) or INITIALS_RE.match(words[s + 1])  # "Dr AS": initials, not the word "as"
    coded = code and (e - s == 2 or words[s + 2] in POSSESSIVE)
    if coded and words[s] in FAMILY_TITLES:
        return None  # "Mr B": a family code
    # "Dr AS", "Sgt LP": a worker known by initials; "Mr Tom Evans", "Dr Mark Peel": a name
    return "PROFESSIONAL" if coded and s in professional_titles else "PERSON"


def _name_start(
    words: list[str], s: int, e: int, titles: set[int], role_from: dict[int, int], role_words: set[int], given: dict
) -> tuple[int, bool]:
    """Where a name may start in a run of capitalised words ``s``..``e``, past a role or rank before it, and whether a
    judge's title was left out ("Judge Thomas Greensmith" names Thomas Greensmith, a PERSON)."""
    if role_from.get(s, e) < e and s not in titles:
        s = role_from[s]  # "Headteacher Jane Smith": the role is the lexicon's, the name follows it
    if s not in titles:
        s = next((t for t in range(s + 1, e - 1) if t in titles), s)  # "Her Honour Judge Alison Ramsay"
    while e - s > 4 and s in role_words:
        s += 1  # "Detective Chief Inspector Omar Siddiqui": a name after a long rank
    judge = words[s] in NAME_ONLY_TITLES and e - s >= 3 and s + 1 in given
    return (s + 1, True) if judge else (s, False)


def _place_word(word: str) -> bool:
    """A capitalised word that can be part of a place's name (not an acronym, a month or a stop word)."""
    return bool(NAME_TOKEN_RE.fullmatch(word)) and word[0].isupper() and not word.isupper() and (
        word.lower() not in STOP_WORDS and word.lower() not in CALENDAR_WORDS
    )


def _runs(lowers: list[str], s: int, e: int):
    """The runs of words of a chain between its connectors ("of", "and", "for"...)."""
    return _split_at(lowers, s, e, CONNECTORS)


def _split_at(tokens: list[str], s: int, e: int, stops: frozenset[str]):
    """The parts of ``s``..``e`` between tokens in ``stops``, which belong to neither part."""
    start = s
    for i in range(s, e):
        if tokens[i] in stops:
            if i > start:
                yield start, i
            start = i + 1
    if e > start:
        yield start, e


def _born_recently(dob_after: re.Pattern, text: str, end: int) -> bool:
    """A date of birth (``dob_after``) follows a name ending at character ``end`` ("Re: Amelia Bright, DOB
    02/12/2020") and falls within 18 years of the latest year the text mentions: a child's."""
    m = dob_after.match(text, end, end + 40)
    if not m:
        return False
    year = int(m.group("year") or m.group("long_year"))
    latest = _latest_year(text)
    if year < 100:
        year += 2000 if latest is None or 2000 + year <= latest else 1900
    return latest is None or latest - year < CHILD_YEARS


@lru_cache(maxsize=4)
def _latest_year(text: str) -> int | None:
    """The latest four-digit year a text mentions (read once per text, however many dates of birth it holds)."""
    return max((int(y) for y in YEAR_RE.findall(text)), default=None)


def _near_cue(words: list[str], s: int, e: int, cues: tuple[set[int], set[int]]) -> bool:
    """A child cue ends just before the name ("13-month-old Alex ...", but not "the unborn baby of Kerry Doyle": a
    parent) or starts just after it ("..., aged 13")."""
    cue_ends, cue_starts = cues
    before = (s == 0 or words[s - 1] != "of") and any(
        c in cue_ends and not SENTENCE_ENDS.intersection(words[c:s]) for c in range(s - CUE_WINDOW, s + 1)
    )  # not "... her daughter. Chantelle Rix, 26,": the cue ends another sentence
    return before or any(c in cue_starts for c in range(e, e + CUE_WINDOW))


def _coded_label(words: list[str], i: int, role_ends: dict[str, set[int]], cues) -> str | None:
    """The label of a one-word name or code from what stands beside it: a family or child role ("His mother, SR";
    "half-siblings S1 and S2", "Mum (KB)"), a professional's role before initials ("Social worker (HK)"), a child's
    age ("Alsami, 14,"), or a child cue ("GN was 22 months old")."""
    word = words[i]
    if len(word) < 2 or word.lower() in STOP_WORDS:
        return None  # a lone capital is a code only after a pseudonym head ("Child A")
    coded = bool(INITIALS_RE.match(word))
    if not coded and not NAME_TOKEN_RE.fullmatch(word):
        return None
    before = i - 1
    while before >= 0 and (words[before] in APPOSITION_WORDS or words[before] in ("and", "&", "(") or (
        coded and INITIALS_RE.match(words[before])
    )):
        before -= 1
    for label in ("FAMILY", "CHILD"):
        if before + 1 in role_ends[label] and (coded or words[i - 1] in APPOSITION_WORDS):
            return label
    if coded and before + 1 in role_ends["PROFESSIONAL"]:
        return "PROFESSIONAL"  # a worker's initials after the role: "Social worker (HK)", "the IRO, ZK"
    if AGE_AFTER_RE.match(" ".join(words[i + 1 : i + 5])):
        return "CHILD"
    if coded and any(c in cues[1] for c in range(i + 1, i + 1 + CUE_WINDOW)):
        return "CHILD"
    return None


def _name_like(words: list[str], s: int, e: int) -> bool:
    """Two or three capitalised words that could be a person's name ("Keanu Williams")."""
    return 2 <= e - s <= 3 and all(
        NAME_TOKEN_RE.fullmatch(w) and w[0].isupper() and not w.isupper() and w.lower() not in STOP_WORDS
        for w in words[s:e]
    )


def _child_cued(
    words: list[str], lowers: list[str], s: int, e: int, family_starts: set[int], cues, known: bool = True
) -> bool:
    """A name used as a child's: with an age beside it ("Keanu Williams, 2,"), before a family role it owns
    ("Star's great-grandfather") or a harm it suffered ("Arthur's death"), after "the murder of", or, for a
    ``known`` name, beside a child cue ("toddler Star")."""
    after = " ".join(words[e : e + 12])
    if (known and _near_cue(words, s, e, cues)) or AGE_AFTER_RE.match(after) or (known and AGE_LATER_RE.match(after)):
        return True
    if e + 1 < len(words) and lowers[e] in POSSESSIVE_MARKS and (
        (e + 1 in family_starts and not _grown_ups_own(lowers, e + 1)) or lowers[e + 1] in CHILD_HARMS
    ):
        return True  # not "Mark Jones's partner": a partner or a child is a grown-up's
    return s >= 2 and lowers[s - 1] == "of" and lowers[s - 2] in CHILD_HARMS


def _named_family(
    words: list[str], lowers: list[str], out: list[tuple[int, int, str]], unknown: list[tuple[int, int]],
    names: dict[str, str], in_person: set[int], family_starts: set[int], titles: set[int], cues,
) -> None:
    """Named children and their relatives across a document, as news reports of a review name them.

    A full name is a child's when any use of it or of its first name is a child's (``_child_cued``): every use of
    both is then CHILD. A person sharing a named child's surname, or convicted of the child's murder, is family
    ("Ellie Butler" ... "Ben Butler"); a full name keeps one label in the document; a surname used alone takes the
    label of a family member's full name ("Star's mother, Frankie Smith" ... "Smith") and is never a child's given
    name. ``unknown`` are runs that read as a name without being known as one ("Keanu Williams").
    """
    full = {(s, e, label) for s, e, label in out
            if label in ("PERSON", "CHILD", "FAMILY") and e - s >= 2 and s not in titles}
    if not full and not unknown:
        return
    by_first: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    for s, e, _ in full:
        by_first[words[s]].append((s, e, True))
    for s, e in unknown:
        by_first[words[s]].append((s, e, False))
    positions: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        if w in by_first and i not in in_person:
            positions[w].append(i)
    child_first = {words[s] for s, e, label in full if label == "CHILD"}
    for first, uses in by_first.items():
        if first in child_first or len(first) < 3:
            continue
        inside = {s for s, _, _ in uses}
        alone = [i for i in positions[first] if i not in inside]
        # a name not known to be one is a child's by a child cue only when its first name is also used alone
        known = bool(alone) or any(k for _, _, k in uses)
        alone = [(i, i + 1, known) for i in alone]
        uses = [(s, e, known) for s, e, _ in uses]
        if any(_adult_age_after(words, e) for s, e, _ in uses):
            continue  # "Chantelle Rix, 26,": a grown-up, whatever her first name does alone
        # a first name used alone as a child's ("Poppy was not registered with a GP") makes the full name a child's
        if (alone and names.get(first) == "CHILD") or any(
            _child_cued(words, lowers, s, e, family_starts, cues, k) for s, e, k in uses + alone
        ):
            child_first.add(first)
    labelled = {}  # name spans -> their label
    for k, (s, e, label) in enumerate(out):
        if label == "PERSON" and (s, e, label) in full and words[s] in child_first:
            out[k] = (s, e, "CHILD")
        if out[k][2] in ("PERSON", "CHILD", "FAMILY"):
            labelled[(s, e)] = out[k][2]
    for s, e in unknown:
        if words[s] in child_first:
            out.append((s, e, "CHILD"))
            labelled[(s, e)] = "CHILD"
            in_person.update(range(s, e))
    for first in child_first:
        if NAME_TOKEN_RE.fullmatch(first):
            names[first] = "CHILD"
    child_surnames = {words[e - 1] for (s, e), label in labelled.items() if label == "CHILD" and e - s >= 2}
    for k, (s, e, label) in enumerate(out):
        if label == "PERSON" and e - s >= 2 and words[s] not in child_first and (
            words[e - 1] in child_surnames or CARER_CONVICTED_RE.match(" ".join(words[e : e + 9]))
            or _adult_age_after(words, e)
        ):
            out[k] = (s, e, "FAMILY")
            labelled[(s, e)] = "FAMILY"
    # a full name keeps one label in the document: a family member's or a child's once shown to be one
    best: dict[tuple[str, ...], str] = {}
    for (s, e), label in labelled.items():
        key = tuple(words[s:e])
        if label == "FAMILY" or (label == "CHILD" and best.get(key) != "FAMILY"):
            best[key] = label
    for k, (s, e, label) in enumerate(out):
        if label == "PERSON" and best.get(tuple(words[s:e]), label) != label:
            out[k] = (s, e, best[tuple(words[s:e])])
            labelled[(s, e)] = out[k][2]
    # a title and the surname of a family member or a named child is family ("Heather Boyce" ... "Ms Boyce")
    kin_surnames = child_surnames | {words[e - 1] for (s, e), label in labelled.items() if label == "FAMILY" and e - s >= 2}
    for k, (s, e, label) in enumerate(out):
        if label == "PERSON" and s in titles and e - s == 2 and words[e - 1] in kin_surnames:
            out[k] = (s, e, "FAMILY")
    # a surname used alone is not a child's given name ("Vanessa George" ... "George"); a family member's is family
    for (s, e), label in labelled.items():
        surname = words[e - 1]
        if e - s < 2 or len(surname) < 3 or surname in child_first:
            continue
        if label == "FAMILY":
            names[surname] = "FAMILY"
        elif label == "PERSON" and names.get(surname) == "CHILD":
            del names[surname]


def _role_of(lowers: list[str], start: int) -> bool:
    """Whether the family role starting at ``start`` is followed by "of" within its next two tokens ("father of")."""
    return "of" in lowers[start + 1 : start + 3]


def _role_bounds(found: dict) -> tuple[set[int], set[int]]:
    """Token ends and starts of the professional roles and agencies found."""
    spans = found.get("PROFESSIONAL", []) + found.get("AGENCY", [])
    return {e for _, e in spans}, {s for s, _ in spans}


def _titled_family(words: list[str], lowers: list[str], out: list[tuple[int, int, str]], titles: set[int],
                   roles: tuple[set[int], set[int]]) -> None:
    """A title and a surname ("Ms Carter", "Mr Keane"), or a title and a full name ("Ms Sian Kelly"), is a family
    member's: reviews and case records name parents and carers this way and professionals by their role. Not when
    a role or body stands beside it ("the head teacher, Mr Evans", "Mr Evans, the chair", "Mr Hallam was a
    housemaster", or on the next line of a letter's address), a person named in full has that surname, the name
    signs a letter, or the title is a judge's ("Mrs Justice Hogg")."""
    role_ends, role_starts = roles

    def professional(s: int, e: int) -> bool:
        if words[s + 1] in JUDICIAL_TITLES:
            return True  # "Mrs Justice Hogg": a judge
        if s in role_ends or (s > 0 and words[s - 1] in APPOSITION and s - 1 in role_ends):
            return True
        greeted = s > 0 and lowers[s - 1] in GREETINGS  # "Dear Ms Greaves, Eastbrook Council is writing"
        beside = e < len(words) and (_line_break(words[e]) or (words[e] in APPOSITION and not greeted))
        if beside and role_starts.intersection(range(e + 1, e + 1 + ROLE_REACH)):
            return True  # "Mr Evans, the chair", a letter's "Ms Rosa Achterberg\nHead of Service"
        if e + 2 < len(words) and lowers[e] in ("was", "is") and lowers[e + 1] in ("a", "an", "the") and (
            role_starts.intersection(range(e + 2, e + 2 + ROLE_REACH))
        ):
            return True  # "Mr Piers Hallam was a housemaster there"
        return _after_valediction(words, lowers, s)  # "Yours sincerely,\nMrs Anita Kowalczyk": the writer

    titled = [k for k, (s, e, label) in enumerate(out)
              if label == "PERSON" and s in titles and 2 <= e - s <= 3 and words[s] in FAMILY_TITLES]
    kept = {k for k in titled if professional(*out[k][:2])}
    people = {words[e - 1] for k, (s, e, label) in enumerate(out)
              if label == "PERSON" and e - s >= 2 and (s not in titles or k in kept)}
    for k in titled:
        s, e, _ = out[k]
        if k not in kept and words[e - 1] not in people:
            out[k] = (s, e, "FAMILY")


def _form_label(words: list[str], s: int, e: int) -> bool:
    """A capitalised role at a line's start before a colon: a form's field name ("Young person: Kieran")."""
    return e < len(words) and words[e] == ":" and words[s][:1].isupper() and (s == 0 or _line_break(words[s - 1]))


def _line_break(word: str) -> bool:
    """A whitespace token that ends a line."""
    return "\n" in word and not word.strip()


def _after_valediction(words: list[str], lowers: list[str], s: int) -> bool:
    """The words before token ``s`` (commas and line breaks passed over) close a letter ("Kind regards,")."""
    before = s - 1
    while before >= 0 and (words[before] == "," or not words[before].strip()):
        before -= 1
    return before >= 0 and lowers[before] in VALEDICTIONS


def _signs_or_greets(words: list[str], lowers: list[str], s: int, e: int) -> bool:
    """A lone name that signs a letter or email ("Kind regards,\nKaren", or alone on the text's last line) or
    greets its reader ("Dear Mark", "Hi Priya", or "Mark," alone on a line)."""
    if _after_valediction(words, lowers, s) or (s > 0 and lowers[s - 1] in GREETINGS):
        return True
    if s > 0 and not _line_break(words[s - 1]):
        return False
    after = e + 1 if e < len(words) and words[e] == "," else e
    if after < len(words) and not _line_break(words[after]):
        return False  # not alone on its line
    return after > e or all(not word.strip() for word in words[after:])


def _person_context(starts_at: list[int], words: list[str], text: str, s: int, e: int) -> bool:
    """Words around a capitalised name that make it a person ("By ...", "reviewer ...", "... said")."""
    start, end = starts_at[s], starts_at[e - 1] + len(words[e - 1])
    before = PERSON_BEFORE_RE.search(text[max(0, start - 40) : start])
    return bool(before or PERSON_AFTER_RE.match(text[end : end + 60]))


def _court_start(words: list[str], lowers: list[str], start: int) -> int:
    """The start of a named court ending in a court head at ``start``: the capitalised place before it, whose words
    may be joined by hyphens and "on", "upon" ("Stoke-on-Trent Crown Court"); the head alone without one."""
    s = start
    while s > 0:
        k = s - 1
        while k > 0 and lowers[k] in PLACE_NAME_JOINERS:
            k -= 1
        if not words[k][:1].isupper():
            break
        s = k
    return s


def _any_child(lowers: list[str], start: int, end: int) -> bool:
    """A child role word after a determiner that makes it any child ("a child discloses", "neither child", "another
    young person"), children counted as a population ("many children", "the 21 children", "babies under one"), or
    babies as a protocol names them ("non-mobile babies", "infants who are not yet mobile")."""
    if start == 0:
        return False
    if lowers[start - 1] in ANY_DETERMINERS - {"a", "an"}:
        return True  # "another young person", "every baby"
    if end - start != 1:
        return False
    if lowers[start] in GENERIC_CHILD_WORDS and lowers[start - 1] in ANY_DETERMINERS:
        return True
    if lowers[start] in PLURAL_CHILD_WORDS and (
        lowers[start - 1] in QUANTIFIERS
        or (lowers[start - 1].isdigit() and len(lowers[start - 1]) > 1)
        or POPULATION_AFTER_RE.match(" ".join(lowers[end : end + 3]))
    ):
        return True
    if lowers[start] not in BABY_WORDS:
        return False
    before = NOT_MOBILE_BEFORE_RE.search(" ".join(lowers[max(0, start - 3) : start]))
    if before:  # "the non-mobile baby" is one baby
        first = start - len(before.group().split())
        return not (first > 0 and lowers[first - 1] in SPECIFIC_DETERMINERS)
    return bool(NOT_MOBILE_AFTER_RE.match(" ".join(lowers[end : end + 5])))


def _after_determiner(words: list[str], lowers: list[str], s: int) -> bool:
    """A word that is an entity only after a determiner ("the board", "both children", "her older children")."""
    if s > 0 and lowers[s - 1] in LEADING_WORDS:
        return True
    return s > 1 and lowers[s - 1] in DETERMINED_ADJECTIVES and lowers[s - 2] in LEADING_WORDS


def _is_code(text: str) -> bool:
    """A pseudonym code: "B", "V", "Au", "Q1", "12", "HD" (not an ordinary word such as "In")."""
    text = text.rstrip(".") or text  # "Mr L."
    if len(text) == 1:
        return text.isupper() or text.isdigit()
    return bool(CODE_RE.match(text)) and text.lower() not in STOP_WORDS


def _pseudonym(
    words: list[str], lowers: list[str], s: int, e: int, label: str, collar: bool = False
) -> list[tuple[int, int, str]]:
    """A capitalised pseudonym head and its code ("Child V", "Mr B", "GP Practice A"), with a range ("Children A
    to F") when one follows; a police rank (``collar``) takes a collar number too ("Sgt 1964"), and the officer's
    initials after it ("PC 2231 AK")."""
    if not words[s][0].isupper() or e >= len(words):
        return []
    if collar and COLLAR_RE.match(words[e]):
        initials = e + 1 < len(words) and INITIALS_RE.match(words[e + 1]) and not words[e + 1][-1].isdigit()
        return [(s, e + 2 if initials else e + 1, label)]
    if not _is_code(words[e]):
        return []
    if words[e].isdigit() and e + 1 < len(lowers) and lowers[e + 1] in AGE_UNITS:
        return []  # "(Child 7 weeks old)": an age, not a code
    if words[e].isdigit() and int(words[e]) >= 10 and e + 1 < len(words) and _counted_noun(words[e + 1]):
        return []  # "sent Mother 40 messages": a count of something, not a code
    end = e + 1
    if (end + 1 < len(words) and lowers[end] in RANGE_WORDS and _is_code(words[end + 1])
            and words[end + 1] not in FAMILY_TITLES):  # "Ms E and Mr W" is two people, not a range
        end += 2
    return [(s, end, label)]


def _in_capitals_heading(words: list[str], start: int, end: int) -> bool:
    """Words of four letters or more written in capitals, next to another capitalised word of three or more:
    part of a heading in capitals, not an acronym."""
    def capital_word(i: int, least: int) -> bool:
        return 0 <= i < len(words) and len(words[i]) >= least and words[i].isalpha() and words[i].isupper()

    return all(capital_word(i, 4) for i in range(start, end)) and (capital_word(start - 1, 3) or capital_word(end, 3))


def _counted_noun(word: str) -> bool:
    """A lower-case plural noun a number can count ("messages", "calls"); not "was", "is", "has"."""
    return word.isalpha() and word.islower() and len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _by_end(spans: list[tuple[int, int]]) -> dict[int, int]:
    """end -> earliest start of the spans ending there."""
    out: dict[int, int] = {}
    for s, e in spans:
        out[e] = min(s, out.get(e, s))
    return out


def _by_start(spans: list[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for s, e in spans:
        out[s].append(e)
    return out


def _team_word(word: str) -> bool:
    """A lower-case word that can be part of a team name (not a stop word, not a past participle: "attended")."""
    return (
        word.isalpha() and word.islower() and word not in STOP_WORDS and word not in GENERIC_WORDS
        and not word.endswith("ed")
    )


def _sentence_initial_word(words: list[str], s: int, e: int) -> bool:
    """A single capitalised word that opens a sentence ("Local services"): no owner of an agency name."""
    if e - s != 1:
        return False
    prev = s - 1
    while prev >= 0 and words[prev].isspace() and "\n" not in words[prev]:
        prev -= 1
    return prev < 0 or words[prev][-1] in ".:;!?\n\"“”'‘’-–—•("


def _with_modifiers(
    candidates: list[tuple[int, int, str]], modifier_ends: dict[int, int]
) -> list[tuple[int, int, str]]:
    """Role spans extended over the modifiers right before them ("newly qualified social worker")."""
    out = []
    for s, e, label in candidates:
        if label not in ROLE_LABELS:
            continue
        start = s
        while start in modifier_ends and modifier_ends[start] < start:
            start = modifier_ends[start]
        if start < s:
            out.append((start, e, label))
    return out


def _family_phrases(words: list[str], candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A family member's family role is one FAMILY span: "mother's partner", "mother's new partner"; an adult's
    sibling too ("Mother's sister" is an aunt, where "the baby's sister" is a child)."""
    family = [(s, e) for s, e, label in candidates if label == "FAMILY"]
    ends_at_start: dict[int, int] = {}
    for s, e in family:
        ends_at_start[s] = max(e, ends_at_start.get(s, e))
    for s, e, label in candidates:
        if label == "CHILD" and e - s == 1 and words[s].lower() in SIBLING_WORDS:
            ends_at_start[s] = max(e, ends_at_start.get(s, e))
    out = []
    for s, e in family:
        if e + 1 < len(words) and words[e] in POSSESSIVE and e + 1 in ends_at_start:
            out.append((s, ends_at_start[e + 1], "FAMILY"))
    return out


def _compose_agencies(words: list[str], owners, head_starts: dict, suffix_starts: dict) -> list[tuple[int, int, str]]:
    """A place, agency or name followed by agency heads is one agency ("Coventry council children's services").

    A possessive joins only a place or an agency to a head ("Coventry council's children's services"), never a
    person's name ("Matt's school").
    """
    out = []
    for s, e, label in owners:
        end = e
        while end < len(words):
            if words[end] in POSSESSIVE:
                if label == "NAME":
                    break
                heads = head_starts.get(end + 1, [])
            else:
                heads = head_starts.get(end, []) + suffix_starts.get(end, [])
            if not heads:
                break
            end = max(heads)
        if end > e:
            out.append((s, end, "AGENCY"))
    return out


def _places_acting(
    lowers: list[str], places: list[tuple[int, int]], verbs: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A place that says, decides or fails stands for its council: "Haringey has promised to act" (AGENCY).

    Not after a preposition ("in Coventry", "across the West Midlands"): there the place is a place.
    """
    verb_starts = {s for s, _ in verbs}
    out = []
    for s, e in places:
        prev = s - 2 if s > 1 and lowers[s - 1] == "the" else s - 1  # "across the West Midlands"
        if prev >= 0 and lowers[prev] in PLACE_PREPOSITIONS:
            continue
        k = e
        while k < len(lowers) and k - e < 2 and lowers[k] in AUXILIARIES:
            k += 1
        if k in verb_starts:
            out.append((s, e, "AGENCY"))
    return out


def _hyphened_name(starts_at: list[int], words: list[str], i: int) -> bool:
    """Whether the word at ``i`` starts a given name of two joined by a hyphen ("Lily-Mae", "Amelia-Rose")."""
    return (
        i + 2 < len(words)
        and words[i + 1] == "-"
        and starts_at[i + 1] == starts_at[i] + len(words[i])
        and starts_at[i + 2] == starts_at[i + 1] + 1
        and words[i + 2][:1].isupper()
        and bool(NAME_TOKEN_RE.fullmatch(words[i + 2]))
    )


def _single_name_label(
    words: list[str], lowers: list[str], s: int, e: int, family_starts: set[int], family_ends: set[int]
) -> str | None:
    """A lone given name is a child (reviews name children) unless it stands beside a family role ("mother, Kate"),
    or is a place ("the house in Shirley": None)."""
    if s > 0 and lowers[s - 1] in PLACE_PREPOSITIONS:
        return None
    # "Mum (Kerry)", "mother, Kate", "partner - Steve"
    before = s - 1 if s > 0 and words[s - 1] not in LABEL_MARKS else s - 2
    after = e + 1 if e < len(words) and words[e] in LABEL_MARKS else e
    if after < len(words) and lowers[after] in ("the", "her", "his", "their"):
        after += 1
    if before + 1 in family_ends or after in family_starts or _named_grown_up(lowers, s, family_ends):
        return "FAMILY"
    if _adult_age_after(lowers, e) or (
        e + 1 < len(words) and lowers[e] in POSSESSIVE_MARKS and _grown_ups_own(lowers, e + 1)
    ) or _owns_nearby(lowers, e):
        return "FAMILY"  # "Joanne, aged 34,", "Priya's daughters", "Hayley moved with her children": a grown-up
    return "CHILD"


def _named_grown_up(lowers: list[str], s: int, family_ends: set[int]) -> bool:
    """Whether a name at ``s`` is what a grown-up or a relative is called ("a man called Kyle", "Partner named only
    as 'Dean'")."""
    k = s - 1
    while k >= 0 and lowers[k] in NAMING_FILLERS:
        k -= 1
    return k >= 1 and lowers[k] in NAMING_WORDS and (lowers[k - 1] in GROWN_UP_WORDS or k in family_ends)


def _adult_age_after(words: list[str], e: int) -> bool:
    """Whether a grown-up's age follows a name ending at token ``e`` ("Ryan Hollis, 29,", "Joanne, aged 34, on")."""
    return bool(ADULT_AGE_AFTER_RE.match(" ".join(words[e : e + 5]) + " "))


def _owns_nearby(lowers: list[str], e: int) -> bool:
    """Whether "her" or "his" and what only a grown-up has follow a name in its clause ("Hayley moved with her
    children", "strangling Priya in front of her daughters")."""
    for i in range(e, min(len(lowers) - 1, e + OWNER_REACH)):
        if lowers[i] in SENTENCE_ENDS or lowers[i] in (",", "and", "but"):
            return False
        if lowers[i] in ("her", "his") and _grown_ups_own(lowers, i + 1):
            return True
    return False


def _grown_ups_own(lowers: list[str], i: int) -> bool:
    """Whether the word at ``i`` is what only a grown-up has ("her daughters"), not a sibling ("her baby brother")."""
    return lowers[i] in GROWN_UPS_OWN and not (i + 1 < len(lowers) and lowers[i + 1] in SIBLING_WORDS)


def _resolve(doc: Doc, lowers: list[str], candidates: list[tuple[int, int, str]]) -> None:
    """Set ``doc.ents``: longest candidates first (ties: PRIORITY), without overlaps; ``O`` spans block but are
    dropped."""
    trimmed = set()
    for s, e, label in candidates:
        if label not in ("PERSON", "LOCATION", "O"):
            while s < e - 1 and (lowers[s] in LEADING_WORDS or (lowers[s].isdigit() and lowers[s + 1] != "-")):
                s += 1  # "the", "two" social workers; not the "0" of a "0-19 service"
        if s < e:
            trimmed.add((s, e, label))
    taken = [False] * len(doc)
    ents = []
    for s, e, label in sorted(trimmed, key=lambda c: (c[0] - c[1], PRIORITY[c[2]], c[0])):
        if any(taken[s:e]):
            continue
        for i in range(s, e):
            taken[i] = True
        if label != "O":
            ents.append((s, e, doc.vocab.strings.add(label)))
    # keep entities set by an earlier component where nothing was found
    ents.extend(ent for ent in entity_bounds(doc) if not any(taken[ent[0] : ent[1]]))
    write_entities(doc, ents)


def write_entities(doc: Doc, ents: list[tuple[int, int, int]]) -> None:
    """Set ``doc.ents`` to the (start, end, label hash) spans ``ents`` (no overlaps), every other token outside,
    through the IOB arrays: the ``doc.ents`` setter builds a Span and Token objects per entity."""
    iob = numpy.full(len(doc), 2, dtype="uint64")  # 2 = O
    types = numpy.zeros(len(doc), dtype="uint64")
    for s, e, label in ents:
        iob[s] = 3  # B
        iob[s + 1 : e] = 1  # I
        types[s:e] = label
    doc.from_array([ENT_IOB, ENT_TYPE], numpy.stack([iob, types], axis=1))
