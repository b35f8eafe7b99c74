"""The date grammar: compiled regular expressions built from the ``dates`` lexicon.

Each rule is a named regex; :func:`find` runs them all over a text and keeps the longest non-overlapping
matches (leftmost first). What a match *means* is decided in :mod:`textmine.components.date_normalise`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from textmine.errors import LexiconError
from textmine.lexicons import load_lexicon

STOPWORDS = frozenset({"a", "an", "the", "at", "in", "of", "s"})
DIGIT = "#"  # trigger class: any digit run
YEAR = "#year"  # trigger class: a four-digit run that can be a year (1800-2099)
NUMERIC_DATE = "#d/m"  # trigger class: a one- or two-digit run followed by a separator and a digit ("12/03")
WORD_RE = re.compile(r"[A-Za-z]+|\d+")
NUMERAL_RE = re.compile(r"\d+(?:\.\d+)?")
WINDOW = 48  # characters a match may reach beyond its farthest trigger word
# how far before its trigger a rule's match can start ("the end of the" + "2013"); the default is WINDOW
LEFT_REACH = {
    "iso": 1, "num_my": 4, "num_dm": 1, "wd_ord": 1, "month_rel_year": 1, "num_dm_head": 3, "num_dm_dot_head": 3, "year_pair": 1, "q_short": 8, "holiday": 1, "weekday": 1, "age_when": 1,
    "anonymised": 2, "day_after": 6, "century": 8, "vague_ref": 8, "duration_bare": 10, "half": 12,
    "deictic_part": 12, "part_of_anchor": 16, "quarter": 14, "mdy": 14, "set": 16, "deictic_day": 18, "vague_later": 18, "time": 20, "vague_offset": 34,
    "duration_the": 22, "fin_year": 22, "offset": 24, "age": 24, "ago": 24, "anchored": 28, "my": 30, "month": 30,
    "year": 30, "season": 30, "decade": 34, "deictic": 36, "earlier_this": 36, "duration": 44,
}

KINDS = frozenset(
    "month month_abbr season weekday weekday_abbr number vague_number unit part_of_day holiday vague set "
    "qualifier title_word citation number_noun context_cue future_cue account_cue plan_cue school_cue proceedings_cue analysis_section".split()
)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _cap_alt(words: Iterable[str]) -> str:
    """Case-sensitive alternation accepting Capitalised and UPPER forms (``May`` but not the verb ``may``)."""
    forms = set()
    for w in words:
        forms.update({w.capitalize(), w.upper()})
    return _alt(forms)


@dataclass
class Grammar:
    """Lexicon tables and the compiled rules built from them."""

    terms: dict[str, dict[str, str]]
    rules: list[tuple[str, re.Pattern]] = field(default_factory=list)
    rule_triggers: dict[str, frozenset[str]] = field(default_factory=dict)  # words one of which each match holds
    triggers: frozenset[str] = frozenset()
    cues: dict[str, re.Pattern] = field(default_factory=dict)

    def lookup(self, kind: str, text: str) -> str | None:
        """The value of ``text`` (lower-cased, spaces collapsed) in the ``kind`` table."""
        return self.terms.get(kind, {}).get(" ".join(text.lower().split()))

    def month(self, text: str) -> int | None:
        """Month number of a month name or abbreviation."""
        word = text.lower().rstrip(".")
        value = self.lookup("month", word) or self.lookup("month_abbr", word)
        return int(value) if value else None

    def weekday(self, text: str) -> int | None:
        """ISO weekday (1 = Monday) of a weekday name or abbreviation."""
        word = text.lower().rstrip(".")
        value = self.lookup("weekday", word) or self.lookup("weekday_abbr", word)
        return int(value) if value else None

    def number(self, text: str) -> float | None:
        """The number a numeral or number word stands for; None for vague quantities (``a few``)."""
        word = " ".join(text.lower().replace("-", " ").split())
        if NUMERAL_RE.fullmatch(word):
            return float(word)
        value = self.lookup("number", word)
        if value is not None:
            return float(value)
        parts = word.split()
        if len(parts) == 2 and all(self.lookup("number", p) for p in parts):
            return float(self.lookup("number", parts[0])) + float(self.lookup("number", parts[1]))
        return None


def build_grammar(rows: list[dict]) -> Grammar:
    """Compile the rules from lexicon rows ``{"kind", "text", "value"}``."""
    terms: dict[str, dict[str, str]] = {}
    for lineno, row in enumerate(rows, start=1):
        if row["kind"] not in KINDS:
            raise LexiconError(f"dates lexicon row {lineno}: unknown kind '{row['kind']}'")
        terms.setdefault(row["kind"], {})[" ".join(row["text"].lower().split())] = row["value"]
    g = Grammar(terms)
    t = lambda kind: list(terms.get(kind, {}))  # noqa: E731
    month_full = _cap_alt(t("month"))
    # a full stop belongs to an abbreviation ("Sept.", "Fri.") but not to a full name at a sentence end
    month = rf"(?:(?:{_cap_alt(t('month'))})|(?:{_cap_alt(t('month_abbr'))})\.?)(?![a-z])"
    weekday = rf"(?:(?:{_cap_alt(t('weekday'))})|(?:{_cap_alt(t('weekday_abbr'))})\.?)(?![a-z])"
    season = rf"(?i:{_alt(t('season'))})"
    num_words = _alt(t("number"))
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    number = rf"(?:\d+(?:\.\d+)?|(?i:(?:{tens})[-\s](?:one|two|three|four|five|six|seven|eight|nine)|{num_words}))"
    vague = rf"(?i:{_alt(t('vague_number'))})"
    quantity = rf"(?:{number}|{vague})"
    unit = rf"(?i:(?:{_alt(t('unit'))})s?|centuries)"
    unit_date = r"(?i:days?|weeks?|fortnights?|months?|years?|decades?|weekends?|nights?|wks?|mths?|yrs?)"
    part = rf"(?i:{_alt(t('part_of_day'))})"
    qual = (
        r"(?P<q>(?i:(?:the\s+)?(?:early|late|mid|middle)(?:\s*-\s*|\s+)|"
        r"(?:the\s+)?(?:beginning|start|end|middle|close|turn)\s+of\s+(?:the\s+)?))?"
    )
    # "the first week of the summer term": a school term's first or last days
    term_part = r"(?P<tp>(?i:(?:the\s+)?(?:first|opening|last|final|closing)\s+(?:few\s+)?(?:days?|weeks?)\s+of\s+))?"
    year = r"(?:1[89]\d\d|20\d\d)"
    day = r"(?:[0-3]?\d|[Xx]{2})"
    ordinal = r"(?:st|nd|rd|th)"
    wc = r"(?:(?i:w/c|w\.c\.|week\s+commencing|week\s+beginning)\s+)?"
    numeric_tail = r"(?![\d/]|[.:]\d)"
    dm_day, dm_month = r"(?:[12]\d|3[01]|0?[1-9])", r"(?:1[0-2]|0?[1-9])"
    # a year-less day/month or a month's abbreviation is a date after a word that takes one ("until 27/06", "visit
    # 17/10", "since Dec"), not alone ("scored 8/10", "Jan said")
    dm_words = ("[Oo]n", "until", "since", "by", "from", "[Vv]isit", "[Vv]isit of", "[Ss]een")
    dm_after = "(?:" + "|".join(rf"(?<=\b{w} )" for w in dm_words) + ")"
    abbr_words = ("in", "since", "from", "until", "by", "of", "[Ee]arly", "[Ll]ate", "[Mm]id", "Since", "Until")
    abbr_after = "|".join(rf"(?<=\b{w} )" for w in abbr_words)
    month_abbr_after = rf"(?:{abbr_after})(?:{_cap_alt(t('month_abbr'))})\.?"
    rules = [
        ("iso", rf"\b(?P<y>{year})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d))?\b"),
        ("num_dmy", rf"{wc}(?:(?P<wd>{weekday}),?\s+)?(?<![\d/.:-])(?P<d>\d{{1,2}}|(?<!\w)[Xx]{{2}})(?P<sep>[./-])(?P<m>\d{{1,2}})"
                    rf"(?P=sep)(?P<y>\d{{4}}|\d\d){numeric_tail}"),
        ("num_my", rf"(?<![\d/.:])(?P<m>\d{{1,2}})[/.](?P<y>{year}){numeric_tail}"),
        ("num_dm", rf"(?P<wd>{weekday}),?\s+(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}}){numeric_tail}"),
        # a weekday and an ordinal day with no month ("Mon 3rd"): the next such day after the anchor
        ("wd_ord", rf"(?P<wd>{weekday}),?\s+(?:the\s+)?(?P<d>{dm_day}){ordinal}(?!\s+(?:of\s+)?(?:{month}))(?![\w/.:-]\w)"),
        # a year-less day/month heading a case-note entry ("22/6 Seen at home") or after "on" ("on 21/2")
        # or inside a run of note-form entries, after a full stop and before a colon ("... bruise. 06/04: SW phoned")
        ("num_dm_head", rf"(?:(?<=\n)(?:(?i:w/c|w\.c\.)\s+)?|^|(?<=[.!?] )(?=\d{{1,2}}/\d{{1,2}}:\s))(?P<d>{dm_day})/(?P<m>{dm_month}){numeric_tail}(?=[ \t]+[A-Z(|]|[ \t]*[:,.;)|]|[ \t]*$)"
                        rf"|{dm_after}(?P<d2>{dm_day})/(?P<m2>{dm_month}){numeric_tail}(?!\s+of\b)"),
        # a year-less day.month heading an entry ("13.09 Seen alone at school"); kept only under entries headed by
        # dotted full dates, since a review's paragraphs are numbered the same way ("4.12 Throughout 2019")
        ("num_dm_dot_head", rf"(?:(?<=\n)|^)(?P<d>{dm_day})\.(?P<m>{dm_month})(?![\d/]|[.:]\d)"
                            rf"(?=[ \t]+(?:[A-Z(|]|\d{{1,2}}[:.]\d\d\b)|[ \t]*[:,;)|])"),
        ("dmy", rf"{wc}{qual}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<d>{day}){ordinal}?(?:\s+of)?(?:\s+|-)(?P<mo>{month})"
                rf"(?:,?\s+(?P<y>{year})|-(?P<y4>{year})|\s+'(?P<yy>\d\d)|-(?P<yy2>\d\d))?(?!\d|:\d)"),
        ("mdy", rf"(?:(?P<wd>{weekday}),?\s+)?(?P<mo>{month})\s+(?P<d>[0-3]?\d){ordinal}?(?:,?\s+(?P<y>{year}))?(?![\d:,./]\d)"),
        ("my", rf"{qual}(?P<mo>{month}),?(?:\s+of)?\s+(?P<y>{year})(?![\d/])"),
        # a month in a list that ends with a year takes it: "in March, April and June 2023"
        ("month", rf"{qual}(?P<mo>{month_full}|{month_abbr_after})(?![\w-])(?:(?=(?:,\s*(?:{month_full}))*,?\s+(?:and|or|&)\s+(?:{month_full})\s+"
                  rf"(?P<ly>{year})\b))?"),
        ("year", rf"{qual}(?<![\d£$€#.,/])(?P<y>{year})(?![\d%/]|,\d|\.\d|-\d\d\b|–\d\d\b)"),
        ("fin_year", rf"(?P<kind>(?i:(?:the\s+)?(?:academic|school|financial|fiscal)\s+year\s+))?"
                     rf"(?<![\d£$€#.,/])(?P<y>{year})\s*/\s*(?P<y2>(?:19|20)?\d\d)(?![\d%/])"),
        ("year_pair", rf"(?<![\d£$€#.,/])(?P<y>{year})(?P<sep>\s*[-–]\s*)(?P<y2>\d\d)(?![\d%/-])"),
        ("century", r"(?i:(?P<c>\d{1,2})(?:st|nd|rd|th)[\s-]+century)\b"),
        ("decade", rf"{qual}(?i:the\s+)?(?P<dec>(?:19|20)\d)0'?s\b"),
        ("season", rf"{qual}{term_part}(?i:the\s+)?(?P<se>{season})(?:\s+(?i:holidays?|(?P<term>term)))?(?:(?:\s+of)?\s+(?P<y>{year})"
                   rf"(?:\s*/\s*(?P<y2>\d{{2,4}}))?)?(?![\w-])(?(y)|(?!\s+[A-Z][a-z]))"),  # not "Summer Time"
        ("quarter", rf"(?i:(?:the\s+)?(?P<qn>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter)"
                    rf"(?:\s+(?i:of)\s+(?P<y>{year}))?"),
        ("q_short", rf"\bQ(?P<qn>[1-4])\s+(?P<y>{year})\b"),
        ("half", rf"(?i:(?:the\s+)?(?P<hn>first|second)\s+half\s+of)\s+(?P<y>{year})"),
        ("holiday", rf"(?P<hol>(?i:{_alt(t('holiday'))}))(?:\s+(?P<y>{year}))?(?![\w-])"),
        ("deictic_day", r"(?i:(?:the\s+day\s+(?:before|after)\s+)?(?P<dd>today|yesterday|tomorrow|tonight))\b"),
        ("deictic_part", rf"(?i:(?P<dd>this|yesterday|tomorrow|last|tonight)\s+(?P<part>{part}))\b"),
        ("deictic", rf"{qual}(?i:(?P<rel>last|this|next|past|coming|current)\s+)"
                    rf"(?:(?P<u>(?i:week|month|(?:(?:fiscal|financial|academic|school)\s+)?year|weekend|quarter))|(?P<wd>{weekday})|(?P<se>{season})|(?P<mo>{month_full}))(?![\w-])"),
        ("earlier_this", rf"{qual}(?i:(?:earlier|later)\s+(?P<rel>this|last|next)\s+(?P<u>week|month|year))\b"),
        ("ago", rf"(?P<n>{quantity})\s+(?P<u>{unit_date})\s+(?i:ago)\b"),
        ("weekday", rf"(?<!\w)(?P<wd>{weekday})(?:\s+(?P<part>{part}))?(?![\w/])"),
        ("anchored", rf"(?i:(?:(?:later|earlier)\s+)?(?:the\s+)?(?P<rel>following|next|previous|preceding|same|that|prior)\s+)"
                     rf"(?:(?P<u>(?i:day|week|weekend|month|year))|(?P<part>{part})|(?P<wd>{weekday}))(?![\w-])"),
        # a month of a year told relative to the anchor's ("January that year", "March of the following year")
        ("month_rel_year", rf"(?P<mo>{month_full})(?:\s+of)?\s+"
                           rf"(?i:(?:the\s+)?(?P<rel>following|next|previous|preceding|same|that|prior))\s+(?i:year)(?![\w-])"),
        ("day_after", rf"(?i:the\s+(?P<u>day|morning|evening|night|week|month|year)\s+(?P<rel>after|before))(?!\s+(?:\d|{month}))"),
        # a part of the day told in the narrative ("during the night", "in the morning", "early one morning"):
        # the day of the anchor
        ("part_of_anchor", rf"\b(?i:(?:(?:early|late)\s+one|(?:during|in)\s+the|one)\s+(?P<part>{part}))(?![\w-])"),
        # not a term served ("jailed for 12 years", "sentenced to 12 years after admitting...")
        ("offset", rf"(?<!\bto )(?<!\bfor )(?P<n>{quantity})\s+(?P<u>{unit_date}|(?i:hours?|minutes?))\s+(?P<rel>(?i:later|earlier|afterwards|beforehand|previously|"
                   rf"after|before|prior))(?!\s+(?i:than)\b)(?:\s+(?P<that>(?i:that|this)\b))?"),  # "a week later than usual": no date
        ("vague_later", r"(?i:(?P<v>some\s+time|shortly|soon|not\s+long|a\s+short\s+time|a\s+while|sometime)\s+"
                        r"(?:later|afterwards?|thereafter|after(?=\s*(?:[,.;:)]|$))))\b"),  # "soon after the birth": an event, not a date
        # an unstated stretch of time from the narrative's point ("within weeks", "in the weeks before he died",
        # "days later"): a date with no value
        ("vague_offset", r"(?i:\b(?:within\s+(?:a\s+(?:few|couple\s+of)\s+|several\s+)?(?:hours|days|weeks|months)|"
                         r"the\s+(?:(?:few|first|last|following|preceding|previous)\s+)?(?:hours|days|weeks|months)\s+"
                         r"(?:before|after|following|leading\s+up\s+to)|(?<!\w\s)(?:hours|days|weeks|months)\s+(?:later|earlier|afterwards))\b)"),
        # "Year 3" of a pupil ("Child M (Year 5)", "Year 3, Brookfield Primary", "a Year 9 pupil") is a class, not a date
        ("anonymised", r"(?:\b(?:(?:Day|Month|Week|DATE|Date)\s+\d{1,3}|Year\s+\d{1,3}(?!\d|\)|\s+(?i:pupils?|class|group|teacher|"
                       r"students?)\b|,\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:Primary|Academy|School|College|High)\b))\b(?![/.:-]\d)"
                       r"|\[(?i:date|dd/mm/yyyy|redacted\s+date)\])"),
        ("vague_ref", rf"(?i:\b(?:{_alt(t('vague'))}))\b"),
        ("time", r"(?i:(?<![\d.:/])(?P<hh>[01]?\d|2[0-3])(?::(?P<mm>[0-5]\d)(?:\s*(?P<ap>[ap])\.?m\b\.?)?|"
                 r"(?:[.:](?P<mm2>[0-5]\d))?\s*(?P<ap2>[ap])\.?m\b\.?)(?!\d|:\d)|\b(?P<named>noon|midday|midnight)\b|"
                 # a police or clinical log's 24-hour time: "2250hrs", "0130 hrs", "1430 hours"
                 r"(?P<hh3>[01]\d|2[0-3])(?P<mm3>[0-5]\d)\s?(?:hrs?|hours)\b(?!\s+of\b)|"
                 r"the\s+early\s+hours(?:\s+of\s+the\s+morning)?|\bovernight\b)"),
        ("age", rf"(?i:(?:\b(?:at\s+the\s+)?(?:aged|ages?)\s+(?:of\s+)?(?P<n>{number})(?:\s+(?P<u>{unit}))?(?:\s+old)?)|"
                rf"(?P<n2>{number})[\s-](?P<u2>{unit})[\s-]old)\b"),
        ("age_when", rf"(?i:when\s+(?:he|she|they|the\s+child|the\s+baby)\s+(?:was|were)\s+(?P<n3>{number})"
                     rf"(?:\s+(?P<u3>{unit})(?:\s+old)?)?)\b"),
        ("duration", rf"(?i:(?:(?:almost|nearly|about|around|approximately|roughly|a\s+mere|more\s+than|"
                     rf"less\s+than|at\s+least|up\s+to)\s+)?"
                     rf"(?:the\s+)?(?:(?P<rel>past|last|next|previous|following|preceding|coming)\s+)?"
                     rf"(?<![\d./:])(?P<n>{quantity})[\s-]+(?P<u>{unit})(?:[\s-]+(?:long|period))?)(?![\w-])"
                     r"(?!\s+\d{1,2}\s+(?i:pupils?|class|group|students?)\b)"),  # "a Year 9 pupil" is a class
        ("duration_the", rf"(?i:the\s+(?P<rel>past|last|next|coming|previous|preceding|following)\s+(?P<u>{unit_date}|hours?))(?![\w-])"),
        ("duration_bare", rf"(?i:(?<=for\s)|(?<=over\s))(?i:(?:many|several)\s+)?(?P<u>(?i:days|weeks|months|years|decades|hours))\b"),
        ("set", rf"(?i:(?:(?:every|each)\s+(?:other\s+)?(?:(?P<n>{number})\s+)?(?:(?P<u>{unit})|(?P<wd>{weekday})|(?P<se>{season})|"
                rf"(?P<part>{part})))|(?P<freq>once|twice|(?:{number})\s+times)\s+(?:a|per|each|every)\s+(?P<u2>{unit})|"
                rf"(?P<adv>{_alt(t('set'))}))\b"),
    ]
    # no rule starts inside a word ("page 3" is not "age 3")
    g.rules = [(name, re.compile(r"(?<![A-Za-z0-9])" + pattern)) for name, pattern in rules]
    words = lambda *kinds: {w for k in kinds for term in t(k) for w in term.replace("'", " ").split()} - STOPWORDS  # noqa: E731
    units = {u for term in t("unit") for u in (term, term + "s")} | {"centuries"}
    time_units = {"day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years",
                  "decade", "decades", "weekend", "weekends", "night", "nights", "wk", "wks", "mth", "mths", "yr", "yrs"}
    calendar = words("month", "month_abbr")
    rule_triggers = {
        "num_dm": words("weekday", "weekday_abbr"),
        "wd_ord": words("weekday", "weekday_abbr"),
        "dmy": calendar, "mdy": calendar, "my": calendar, "month": calendar, "month_rel_year": calendar,
        "season": words("season"),
        "quarter": {"quarter"}, "half": {"half"},
        "holiday": words("holiday"),
        "deictic_day": {"today", "yesterday", "tomorrow", "tonight"},
        "deictic_part": words("part_of_day"),
        "deictic": {"week", "month", "year", "weekend", "quarter"} | words("weekday", "weekday_abbr", "season", "month"),
        "earlier_this": {"week", "month", "year"},
        "ago": {"ago"},
        "weekday": words("weekday", "weekday_abbr"),
        "century": {"century"},
        "anchored": {"day", "week", "weekend", "month", "year"} | words("part_of_day", "weekday", "weekday_abbr"),
        "day_after": {"day", "morning", "evening", "night", "week", "month", "year"},
        "part_of_anchor": words("part_of_day"),
        "offset": time_units | {"hour", "hours", "minute", "minutes"},
        "vague_later": {"later", "afterwards", "after", "afterward", "thereafter"},
        "vague_offset": {"hours", "days", "weeks", "months"},
        "vague_ref": words("vague"),
        "anonymised": {"day", "month", "week", "year", "date"},
        "time": {DIGIT, "noon", "midday", "midnight", "hours", "overnight"},
        "age": {"age", "aged", "ages", "old"},
        "age_when": {"when"},
        "duration": units, "duration_the": units | {"hour", "hours"}, "duration_bare": units,
        "set": {"every", "each", "once", "twice", "times"} | words("set"),
    }
    # rules whose every match holds a year are looked for only around four-digit runs that can be one
    rule_triggers.update({name: {YEAR} for name in ("iso", "num_my", "year", "fin_year", "year_pair", "decade", "q_short")})
    rule_triggers["num_dmy"] = rule_triggers["num_dm_head"] = {NUMERIC_DATE}
    g.rule_triggers = {name: frozenset(rule_triggers.get(name, {DIGIT})) for name, _ in rules}
    g.triggers = frozenset().union(*g.rule_triggers.values())
    g.cues = {
        "title_before": re.compile(rf"(?:^|\s)(?:{_cap_alt(t('title_word'))})\s*(?:\([^)]{{1,12}}\)\s*)?$"),
        # a capitalised word before a year names it ("Working Together 2018"), unless it opens a sentence, a line or a
        # numbered paragraph ("4.12 Throughout 2019")
        "capital_before": re.compile(r"(?<![.!?\d)]\s)(?<![\n(])(?<!^)\b([A-Z][a-z]+)\s+$"),
        "citation_after": re.compile(rf"^\]?\s*(?i:{_alt(t('citation'))})\b"),
        "citation_before": re.compile(r"(?:et\s+al\.?|[A-Z][a-z]+)\s*,\s*$"),
        # not after an apostrophe: "the grandmother's. 09/2009" is a possessive and a full stop, not "s. 9"
        "number_before": re.compile(rf"(?i:(?:^|[^\w'\u2019])(?:{_alt(t('number_noun'))})\s*$)"),
        "context": re.compile(rf"(?i:\b(?:{_alt(t('context_cue'))}))"),
        # the same over lower-cased ASCII text: Python's regex engine is several times slower ignoring case
        "context_lower": re.compile(rf"\b(?:{_alt(w.lower() for w in t('context_cue'))})"),
        "future": re.compile(rf"(?i:\b(?:{_alt(t('future_cue'))})\b)"),
        # a reporting verb and its "that" clause: "Mother told the health visitor that"
        # "told the school nurse at Hartside Academy that", "says she": what follows is the account
        "account": re.compile(
            rf"(?i:\b(?:{_alt(t('account_cue'))})(?:(?:\s+[\w'\u2019]+){{0,8}}?\s+that|\s+(?:she|he|they))\b)"
        ),
        # a plan or a deadline: what is to happen, not what happened ("to be reviewed on", "Actions: ... by")
        "plan": re.compile(rf"(?i:\b(?:{_alt(t('plan_cue'))})\b:?)"),
        "school": re.compile(rf"(?i:\b(?:{_alt(t('school_cue'))})\b)"),
        "proceedings": re.compile(rf"(?i:\b(?:{_alt(t('proceedings_cue'))})\b)"),
        "range": re.compile(r"^\s*(?:(?i:and|to|until|till|through|or)|-|–|—)\s*$"),
        "open_before": re.compile(r"(?i:\b(?P<w>since|from|after|by|until|till|through|before|prior\s+to|up\s+to)\s+(?:the\s+)?)$"),
    }
    return g


@lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    """The grammar of the packaged ``dates`` lexicon."""
    return build_grammar(load_lexicon("dates"))


PREPOSITIONS = frozenset(
    "in on at by of from since during until till to and or between before after around about circa early late mid "
    "end start beginning middle from summer winter autumn spring".split()
)


def _year_excluded(g: Grammar, text: str, start: int, end: int) -> bool:
    """A bare year that is a statute/guidance title, a citation, a page/section number or a title word's number."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 12]
    if g.cues["title_before"].search(before) or g.cues["number_before"].search(before):
        return True
    if before.endswith("[") or g.cues["citation_after"].match(after):
        return True
    if after.lstrip().startswith(")") and g.cues["citation_before"].search(before):
        return True  # (Brandon et al., 2013): a publication year in a reference
    cap = g.cues["capital_before"].search(before)
    return bool(cap and cap.group(1).lower() not in PREPOSITIONS and g.month(cap.group(1)) is None)


def trigger_positions(g: Grammar, text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each trigger word occurs in ``text``; digit runs under ``#``, those that can be a year also under
    ``#year``, a day or month followed by a separator and a digit also under ``#d/m``."""
    found: dict[str, list[tuple[int, int]]] = {}
    triggers = g.triggers
    ascii_text = text.isascii()  # lower-casing ASCII keeps every offset and letter run: match it lower-cased once
    for m in WORD_RE.finditer(text.lower() if ascii_text else text):
        word = m.group()
        if word[0].isdigit():
            found.setdefault(DIGIT, []).append(m.span())
            if len(word) == 4 and word[:2] in _CENTURIES:
                found.setdefault(YEAR, []).append(m.span())
            elif len(word) <= 2 and text[m.end() : m.end() + 1] in _SEPARATORS and text[m.end() + 1 : m.end() + 2].isdigit():
                found.setdefault(NUMERIC_DATE, []).append(m.span())
            continue
        key = word if ascii_text else word.lower()
        if key in triggers:
            found.setdefault(key, []).append(m.span())
    return found


_CENTURIES = frozenset({"18", "19", "20"})
_SEPARATORS = frozenset("./-")


def windows(positions: list[tuple[int, int]], length: int, left: int = WINDOW) -> list[tuple[int, int]]:
    """Merged stretches of text around trigger positions, where a rule can match.

    Args:
        positions: (start, end) of the trigger words.
        length: length of the text.
        left: how far before its trigger word a match of the rule can start.
    """
    spans: list[tuple[int, int]] = []
    reach = WINDOW
    for start, end in sorted(positions):  # plain comparisons: min()/max() calls cost more than the merge
        a = start - left if start > left else 0
        b = end + reach
        if b > length:
            b = length
        if spans and a <= spans[-1][1]:
            if b > spans[-1][1]:
                spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def find(g: Grammar, text: str) -> list[tuple[int, int, str, re.Match]]:
    """Longest non-overlapping rule matches in ``text`` as (start, end, rule, match), in text order."""
    where = trigger_positions(g, text)
    present = where.keys()
    found = []
    spans_of: dict[tuple[frozenset[str], int], list[tuple[int, int]]] = {}  # rules sharing triggers and reach
    for order, (name, rx) in enumerate(g.rules):
        words = g.rule_triggers[name] & present
        if not words:
            continue
        key = (frozenset(words), LEFT_REACH.get(name, WINDOW))
        spans = spans_of.get(key)
        if spans is None:
            spans = spans_of[key] = windows([p for word in words for p in where[word]], len(text), key[1])
        for m in (m for a, b in spans for m in rx.finditer(text, a, b)):
            if m.end() == m.start():
                continue
            if name == "year" and not m.group("q") and _year_excluded(g, text, m.start("y"), m.end("y")):
                continue
            if name in {"num_dmy", "dmy", "my", "num_my"} and g.cues["number_before"].search(text[max(0, m.start() - 12) : m.start()]):
                continue
            if name == "year_pair":  # "1957-58": two years, as written
                found.append((m.start("y"), m.end("y"), order, "year", m))
                found.append((m.start("y2"), m.end("y2"), order, "year_tail", m))
                continue
            found.append((m.start(), m.end(), order, name, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[2]))
    taken = bytearray(len(text))
    kept = []
    for start, end, _order, name, m in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, name, m))
    kept.sort(key=lambda k: k[0])
    return kept
