"""Normalise a temporal expression to an ISO-8601 value at its written granularity.

Pure functions: the narrative state (the anchor date, the document's reference date, a range partner's year)
is passed in, never kept here. ``normalise("the following day", anchor=("2013-05-16", "day"))`` gives
``Timex(label="TIME"|"DATE", value="2013-05-17", ...)``. Impossible dates ("31/02/2014") get ``value=None``.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from textmine.components.date_grammar import Grammar, default_grammar

Anchor = tuple[str, str]  # (ISO value, granularity)

QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}
SEASON_START = {"SP": 3, "SU": 6, "AU": 9, "WI": 12}
TERM_MONTHS = {"AU": (9, 12), "SP": (1, 3), "SU": (4, 7)}  # a school term's first and last months
PART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
SHORT_UNITS = {"wk": "week", "mth": "month", "yr": "year"}  # case-note shorthand ("2 wks later")
UNIT_CODE = {"day": "D", "week": "W", "fortnight": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
             "hour": "H", "minute": "M", "second": "S", "weekend": "WE", "night": "D"}
ROUNDED = frozenset({"hour", "minute", "second"})  # time units: PT..


@dataclass(frozen=True)
class Timex:
    """One interpreted expression.

    Attributes:
        label: DATE, TIME, DURATION, SET or AGE.
        value: ISO-8601 (or TIMEX3 duration/set/reference) value; None when the text cannot fix it.
        granularity: day, month, year, season, quarter, half, week, decade, century, interval, time, or unknown
            (an anonymised date such as "Day 1").
        qualifier: early/mid/late, or by/before/after for bounds.
        relative: resolved (or to be resolved) from an anchor or the reference date.
        used_anchor: the narrative anchor (not the reference date) was used or needed.
        explicit: a calendar date written out in full, fit to anchor later relative expressions.
    """

    label: str
    value: str | None
    granularity: str | None = None
    qualifier: str | None = None
    relative: bool = False
    used_anchor: bool = False
    explicit: bool = False


@dataclass(frozen=True)
class Context:
    """What a relative or year-less expression resolves against."""

    anchor: Anchor | None = None
    reference: date | None = None
    year_hint: int | None = None  # the year of a range partner ("May" in "between May and July 2016")
    future: bool = False  # the sentence speaks of the future ("will", "next")
    bound_ahead: bool = False  # it is a bound that lies after its anchor ("not completed until 8 January")
    # it lies before its anchor: in a reported account ("Mother said that on Saturday") or after "since"
    before_anchor: bool = False
    # "the previous November" (-1) or "the following June" (+1): the nearest one before or after the anchor
    relation: int = 0
    prefer_reference: bool = False  # deictic news style: year-less dates take the reference date's year
    # the latest anchor of a day, week or month: what "the same afternoon" means when a season or year came since
    fine_anchor: Anchor | None = None


def parse_reference(value: str | None) -> date | None:
    """The reference date of an ISO string, or None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month(y: int, m: int) -> str | None:
    return f"{y:04d}-{m:02d}" if 1 <= m <= 12 and 1 <= y <= 9999 else None


def _two_digit_year(y: str) -> int:
    # UK records: 2-digit years are 20YY (a year in the future beyond the next decade reads as 19YY)
    n = int(y)
    if len(y) == 4:
        return n
    return 2000 + n if n <= (date.today().year % 100) + 10 else 1900 + n


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


ANCHOR_RE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
ANCHOR_WEEK_RE = re.compile(r"\d{4}-W\d\d")


def anchor_parts(anchor: Anchor | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) known from an anchor value; missing parts are None."""
    if not anchor or not anchor[0]:
        return None, None, None
    m = ANCHOR_RE.match(anchor[0])
    if not m:
        return None, None, None
    y, mo, d = m.groups()
    if ANCHOR_WEEK_RE.match(anchor[0]):
        monday = date.fromisocalendar(int(y), int(anchor[0][6:8]), 1)
        return monday.year, monday.month, None
    return int(y), int(mo) if mo else None, int(d) if d else None


def _qualifier(text: str | None) -> str | None:
    if not text:
        return None
    word = text.lower().replace("-", " ").split()
    word = [w for w in word if w not in {"the", "of"}]
    if not word:
        return None
    return {"early": "early", "beginning": "early", "start": "early", "turn": "early", "mid": "mid", "middle": "mid",
            "late": "late", "end": "late", "close": "late"}.get(word[0])


def _term_edge(gd: dict, q: str | None) -> int | None:
    """0 for a school term's start ("the start of", "the first week of"), 1 for its end, None otherwise."""
    part = (gd.get("tp") or "").lower()
    if q == "early" or any(w in part for w in ("first", "opening")):
        return 0
    if q == "late" or any(w in part for w in ("last", "final", "closing")):
        return 1
    return None


def _year_for(ctx: Context, month: int | None = None) -> tuple[int | None, bool]:
    """A year for a year-less date and whether the narrative anchor supplied it."""
    if ctx.year_hint:
        return ctx.year_hint, False
    ay = anchor_parts(ctx.anchor)[0]
    if month and ctx.relation:
        if ay is not None:
            pivot_year, pivot_month = ay, anchor_parts(ctx.anchor)[1] or _season_month(ctx.anchor)
        else:
            pivot_year, pivot_month = (ctx.reference.year, ctx.reference.month) if ctx.reference else (None, None)
        if pivot_year is not None and pivot_month:
            if ctx.relation < 0:
                return (pivot_year - 1 if month >= pivot_month else pivot_year), ay is not None
            return (pivot_year + 1 if month <= pivot_month else pivot_year), ay is not None
    if ctx.reference and (ctx.prefer_reference or ay is None):
        y = ctx.reference.year
        if month and ctx.future and month < ctx.reference.month - 1:
            y += 1  # "in January" said in March of plans: next year
        elif month and not ctx.future and month > ctx.reference.month + 1:
            y -= 1  # "in August" told in March: last August
        return y, False
    if ctx.before_anchor and month and ay is not None:
        anchor_month = anchor_parts(ctx.anchor)[1]
        if anchor_month and month > anchor_month:
            return ay - 1, True  # "since Christmas" in a note of 14 February (or of 02/2022): last December
    if ctx.bound_ahead and month and ay is not None:
        anchor_month = anchor_parts(ctx.anchor)[1]
        if anchor_month and month < anchor_month:
            return ay + 1, True  # "not completed until 8 January" after 29 December 2023: January 2024
    return ay, ay is not None


def _season_month(anchor: Anchor | None) -> int | None:
    """The first month of a season anchor ("2021-AU": 9), so "the following summer" counts from it."""
    code = anchor[0][5:7] if anchor and len(anchor[0]) == 7 else None
    return SEASON_START.get(code) if code else None


def _quantity(g: Grammar, text: str | None) -> float | None:
    return g.number(text) if text else None


def _unit(text: str) -> str:
    word = text.lower()
    if word == "centuries":
        return "century"
    word = word[:-1] if word.endswith("s") and (word[:-1] in UNIT_CODE or word[:-1] in SHORT_UNITS) else word
    return SHORT_UNITS.get(word, word)


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: ``P3Y``, ``PT24H``, ``PXM`` for vague quantities."""
    if unit == "fortnight":
        n, unit = (n * 2 if n is not None else None), "week"
    if unit == "night":
        unit = "day"
    if unit in {"decade", "century"} and n is not None:
        n, unit = n * (10 if unit == "decade" else 100), "year"
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    prefix = "PT" if unit in ROUNDED else "P"
    return f"{prefix}{amount}{UNIT_CODE.get(unit, 'X')}"


def _shift(anchor: Anchor | None, n: int, unit: str) -> tuple[str | None, str | None]:
    """The anchor moved by ``n`` units, at the granularity the unit allows; None if the anchor is too coarse."""
    y, m, d = anchor_parts(anchor)
    if unit in {"day", "week", "fortnight", "weekend", "night"}:
        if d is None:
            return None, None
        step = {"day": 1, "night": 1, "week": 7, "weekend": 7, "fortnight": 14}[unit]
        return (date(y, m, d) + timedelta(days=step * n)).isoformat(), "day"
    if unit == "month":
        if m is None:
            return None, None
        ny, nm = _add_months(y, m, n)
        return _month(ny, nm), "month"
    if unit in {"year", "decade"}:
        if y is None:
            return None, None
        return f"{y + n * (10 if unit == 'decade' else 1):04d}", "year"
    return None, None


def _reference_unit(ref: date, rel: str, unit: str) -> tuple[str | None, str]:
    """``last/this/next week|month|year|weekend|quarter`` against the reference date."""
    k = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, 0)
    if unit in {"week", "weekend"}:
        value = _iso_week(ref + timedelta(weeks=k))
        return (value + "-WE" if unit == "weekend" else value), "week"
    if unit == "month":
        y, m = _add_months(ref.year, ref.month, k)
        return _month(y, m), "month"
    if unit == "quarter":
        q = (ref.month - 1) // 3 + k
        y = ref.year + (q // 4)
        return f"{y:04d}-Q{q % 4 + 1}", "quarter"
    return f"{ref.year + k:04d}", "year"


def _weekday_near(base: date, weekday: int, direction: int) -> date:
    """The ``weekday`` nearest ``base``: on/before it (-1), after it (+1)."""
    delta = (weekday - base.isoweekday()) % 7
    if direction > 0:
        return base + timedelta(days=delta or 7)
    return base - timedelta(days=(base.isoweekday() - weekday) % 7)


def _year_of_weekday(y: int, month: int, day: int, weekday: int | None) -> int:
    """The year, of ``y`` and the years either side, in which day/month falls on the weekday written with it
    ("Tues 15/1" after entries of December 2018: 2019); ``y`` when none or several do."""
    fits = [k for k in (y, y + 1, y - 1) if _day(k, month, day) and date(k, month, day).isoweekday() == weekday]
    return fits[0] if fits and (fits[0] == y or len(fits) == 1) else y


def _weekday_ordinal(weekday: int | None, day: int, ctx: Context) -> Timex:
    """"Mon 3rd": the first day numbered ``day`` on that weekday from the anchor's day on (from the reference date
    back, with no anchor), within a year."""
    y, mo, d = anchor_parts(ctx.anchor)
    if d is not None:
        base, step = date(y, mo, d), 1
    elif ctx.reference:
        base, step = ctx.reference, -1
    else:
        return Timex("DATE", None, "day", relative=True)
    for k in range(13):
        yy, mm = _add_months(base.year, base.month, step * k)
        value = _day(yy, mm, day)
        if value and date(yy, mm, day).isoweekday() == weekday and (date(yy, mm, day) - base).days * step >= 0:
            return Timex("DATE", value, "day", relative=True, used_anchor=d is not None)
    return Timex("DATE", None, "day", relative=True, used_anchor=d is not None)


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def interpret(g: Grammar, rule: str, m: re.Match, ctx: Context) -> Timex:  # noqa: C901 (one branch per rule)
    """The Timex of a grammar match ``m`` of ``rule`` in context ``ctx``."""
    gd = m.groupdict()
    q = _qualifier(gd.get("q"))
    if rule == "iso":
        value = _day(int(gd["y"]), int(gd["m"]), int(gd["d"]))
        if value and gd.get("hh"):
            return Timex("TIME", f"{value}T{gd['hh']}:{gd['mm']}", "time", explicit=True)
        return Timex("DATE", value, "day", explicit=value is not None)
    if rule == "num_dmy":
        # day first: UK records; a redacted day ("XX/08/17") leaves the month
        if gd["d"].lower() == "xx":
            value = _month(_two_digit_year(gd["y"]), int(gd["m"]))
            return Timex("DATE", value, "month", explicit=value is not None)
        value = _day(_two_digit_year(gd["y"]), int(gd["m"]), int(gd["d"]))
        return Timex("DATE", value, "day", explicit=value is not None)
    if rule == "num_my":
        value = _month(int(gd["y"]), int(gd["m"]))
        return Timex("DATE", value, "month", explicit=value is not None)
    if rule in {"num_dm", "num_dm_head", "num_dm_dot_head"}:
        month, day = int(gd["m"] or gd["m2"]), int(gd["d"] or gd["d2"])
        y, used = _year_for(ctx, month)
        if y and gd.get("wd"):
            y = _year_of_weekday(y, month, day, g.weekday(gd["wd"]))
        value = _day(y, month, day) if y else None
        return Timex("DATE", value, "day", relative=True, used_anchor=used or not ctx.reference, explicit=value is not None)
    if rule in {"dmy", "mdy"}:
        month = g.month(gd["mo"])
        redacted = gd["d"].lower() == "xx"
        day = None if redacted else int(gd["d"])
        written = gd.get("y") or gd.get("y4")
        short = gd.get("yy") or gd.get("yy2")
        if written or short:
            y = int(written) if written else _two_digit_year(short)
            value = _month(y, month) if redacted else _day(y, month, day)
            return Timex("DATE", value, "month" if redacted else "day", qualifier=q, explicit=value is not None)
        y, used = _year_for(ctx, month)
        value = (_month(y, month) if redacted else _day(y, month, day)) if y else None
        return Timex("DATE", value, "month" if redacted else "day", qualifier=q, relative=True,
                     used_anchor=used or not ctx.reference, explicit=value is not None)
    if rule == "my":
        value = _month(int(gd["y"]), g.month(gd["mo"]))
        return Timex("DATE", value, "month", qualifier=q, explicit=True)
    if rule == "month":
        month = g.month(gd["mo"])
        if gd.get("ly"):
            return Timex("DATE", _month(int(gd["ly"]), month), "month", qualifier=q, explicit=True)
        y, used = _year_for(ctx, month)
        return Timex("DATE", _month(y, month) if y else None, "month", qualifier=q, relative=True,
                     used_anchor=used or not ctx.reference, explicit=y is not None)
    if rule == "year":
        return Timex("DATE", gd["y"], "year", qualifier=q, explicit=True)
    if rule == "year_tail":  # "58" in "1957-58"
        y1 = int(gd["y"])
        y2 = (y1 // 100) * 100 + int(gd["y2"])
        return Timex("DATE", f"{y2:04d}" if y2 > y1 else None, "year", explicit=y2 > y1)
    if rule == "century":
        n = int(gd["c"])
        return Timex("DATE", f"{n - 1:02d}" if 1 <= n <= 21 else None, "century", explicit=True)
    if rule == "fin_year":
        y1 = int(gd["y"])
        y2 = int(gd["y2"]) if len(gd["y2"]) == 4 else (y1 // 100) * 100 + int(gd["y2"])
        if y2 <= y1:
            return Timex("DATE", None, "interval")
        kind = (gd.get("kind") or "").lower()
        if y2 != y1 + 1 or not kind:
            return Timex("DATE", f"{y1:04d}/{y2:04d}", "interval", explicit=True)
        if "academic" in kind or "school" in kind:
            return Timex("DATE", f"{y1:04d}-09/{y2:04d}-07", "interval", explicit=True)
        return Timex("DATE", f"{y1:04d}-04/{y2:04d}-03", "interval", explicit=True)
    if rule == "decade":
        return Timex("DATE", gd["dec"], "decade", qualifier=q, explicit=True)
    if rule == "season":
        code = g.lookup("season", gd["se"])
        edge = _term_edge(gd, q)
        if gd.get("term") and code in TERM_MONTHS and edge is not None:  # "the end of the autumn term": December
            month = TERM_MONTHS[code][edge]
            y, used = (int(gd["y"]), False) if gd.get("y") else _year_for(ctx, month)
            return Timex("DATE", f"{y:04d}-{month:02d}" if y else None, "month", relative=not gd.get("y"),
                         explicit=bool(gd.get("y")), used_anchor=used or (not gd.get("y") and not ctx.reference))
        if gd.get("y"):
            return Timex("DATE", f"{gd['y']}-{code}", "season", qualifier=q, explicit=True)
        y, used = _year_for(ctx, SEASON_START[code])
        return Timex("DATE", f"{y:04d}-{code}" if y else None, "season", qualifier=q, relative=True,
                     used_anchor=used or not ctx.reference)
    if rule in {"quarter", "q_short"}:
        n = QUARTERS.get(gd["qn"].lower(), None) if rule == "quarter" else int(gd["qn"])
        if gd.get("y"):
            return Timex("DATE", f"{gd['y']}-Q{n}", "quarter", explicit=True)
        y, used = _year_for(ctx)
        return Timex("DATE", f"{y:04d}-Q{n}" if y else None, "quarter", relative=True, used_anchor=used or not ctx.reference)
    if rule == "half":
        return Timex("DATE", f"{gd['y']}-H{1 if gd['hn'].lower() == 'first' else 2}", "half", explicit=True)
    if rule == "holiday":
        code = g.lookup("holiday", gd["hol"])
        y = int(gd["y"]) if gd.get("y") else None
        used = False
        if y is None:
            y, used = _year_for(ctx, int(code[:2]) if code[:2].isdigit() else 4)
        if y is None:
            return Timex("DATE", None, "day", relative=True, used_anchor=True)
        if code == "EASTER_MONTH":  # "since Easter": the holiday's month, as "Christmas" is December
            return Timex("DATE", _month(y, _easter(y).month), "month", relative=not gd.get("y"), used_anchor=used)
        if code.startswith("EASTER"):  # "EASTER-2": Good Friday
            day = _easter(y) + timedelta(days=int(code[6:] or 0))
            return Timex("DATE", day.isoformat(), "day", relative=not gd.get("y"), used_anchor=used)
        gran = "day" if "-" in code else "month"
        return Timex("DATE", f"{y:04d}-{code}", gran, relative=not gd.get("y"), used_anchor=used, explicit=bool(gd.get("y")))
    if rule == "deictic_day":
        word = gd["dd"].lower()
        if ctx.reference is None:
            return Timex("TIME" if word == "tonight" else "DATE", None, "day", relative=True)
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        text = m.group(0).lower()
        if text.startswith("the day before"):
            shift -= 1
        elif text.startswith("the day after"):
            shift += 1
        value = (ctx.reference + timedelta(days=shift)).isoformat()
        if word == "tonight":
            return Timex("TIME", value + "TNI", "time", relative=True)
        return Timex("DATE", value, "day", relative=True)
    if rule == "deictic_part":
        word, part = gd["dd"].lower(), gd["part"].lower()
        if ctx.reference is None:
            return Timex("TIME", None, "time", relative=True)
        shift = {"this": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[word]
        value = (ctx.reference + timedelta(days=shift)).isoformat()
        return Timex("TIME", f"{value}T{PART_CODES.get(part, 'NI')}", "time", relative=True)
    if rule in {"deictic", "earlier_this"}:
        rel = gd["rel"].lower()
        ref = ctx.reference
        if ref is None:
            return Timex("DATE", None, None, relative=True)
        k = {"last": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[rel]
        if gd.get("u"):
            value, gran = _reference_unit(ref, rel, gd["u"].lower())
            early = m.group(0).lower().startswith("earlier")
            return Timex("DATE", value, gran, qualifier=q or ("early" if early else None), relative=True)
        if gd.get("wd"):
            wd = g.weekday(gd["wd"])
            base = ref + timedelta(weeks=k) if k else ref
            day = _weekday_near(base, wd, 1 if k > 0 or (k == 0 and ctx.future) else -1)
            return Timex("DATE", day.isoformat(), "day", relative=True)
        if gd.get("se"):
            code = g.lookup("season", gd["se"])
            start = SEASON_START[code]
            y = ref.year
            if k < 0:
                y = y if start + 3 <= ref.month else y - 1
            elif k > 0:
                y = y if start > ref.month else y + 1
            return Timex("DATE", f"{y:04d}-{code}", "season", relative=True)
        month = g.month(gd["mo"])
        y = ref.year
        if k < 0 and month >= ref.month:
            y -= 1
        elif k > 0 and month <= ref.month:
            y += 1
        return Timex("DATE", _month(y, month), "month", relative=True)
    if rule == "ago":
        n = _quantity(g, gd["n"])
        unit = _unit(gd["u"])
        if ctx.reference is None or n is None or not float(n).is_integer():
            return Timex("DATE", None, None, relative=True)
        ref_anchor = (ctx.reference.isoformat(), "day")
        if unit in {"week", "fortnight"}:
            back = ctx.reference - timedelta(weeks=int(n) * (2 if unit == "fortnight" else 1))
            return Timex("DATE", _iso_week(back), "week", relative=True)
        value, gran = _shift(ref_anchor, -int(n), unit)
        return Timex("DATE", value, gran, relative=True)
    if rule == "month_rel_year":
        base, used = _base(ctx)
        y = anchor_parts(base)[0] if base else None
        sign = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(gd["rel"].lower(), 0)
        value = _month(y + sign, g.month(gd["mo"])) if y else None
        return Timex("DATE", value, "month", relative=True, used_anchor=used)
    if rule == "wd_ord":
        return _weekday_ordinal(g.weekday(gd["wd"]), int(gd["d"]), ctx)
    if rule == "weekday":
        wd = g.weekday(gd["wd"])
        part = PART_CODES.get((gd.get("part") or "").lower())
        label, suffix = ("TIME", f"T{part}") if part else ("DATE", "")
        if ctx.reference:
            # deictic: the same day, else the nearest one before (after, when the sentence speaks of the future)
            same = ctx.reference.isoweekday() == wd
            day = ctx.reference if same else _weekday_near(ctx.reference, wd, 1 if ctx.future else -1)
            return Timex(label, day.isoformat() + suffix, "time" if part else "day", relative=True)
        y, mo, d = anchor_parts(ctx.anchor)
        if d is None:
            return Timex(label, None, "day", relative=True, used_anchor=ctx.anchor is not None)
        # on or after the anchor's day; before it when looking back ("Mother said that on Saturday")
        day = _weekday_near(date(y, mo, d) - timedelta(days=1), wd, -1 if ctx.before_anchor else 1)
        return Timex(label, day.isoformat() + suffix, "time" if part else "day", relative=True, used_anchor=True)
    if rule in {"anchored", "day_after"}:
        return _anchored(g, gd, ctx)
    if rule == "part_of_anchor":  # "during the night": the anchor's day, like "that night"
        return _anchored(g, {**gd, "rel": "that"}, ctx)
    if rule == "offset":
        n = _quantity(g, gd["n"])
        unit = _unit(gd["u"])
        rel = gd["rel"].lower()
        sign = -1 if rel in {"earlier", "before", "beforehand", "previously", "prior"} else 1
        open_event = rel in {"after", "before", "prior"} and not gd.get("that")  # "five days after the birth"
        base, used = _base(ctx)
        if n is None or open_event or not float(n).is_integer() or base is None:
            return Timex("DATE", None, None, relative=True, used_anchor=True)
        if unit in {"hour", "minute"}:  # "two hours later": the anchor's day, when it has one
            value = base[0][:10] if anchor_parts(base)[2] is not None else None
            return Timex("TIME", value, "day" if value else None, relative=True, used_anchor=used)
        value, gran = _shift(base, sign * int(n), unit)
        return Timex("DATE", value, gran, relative=True, used_anchor=used)
    if rule == "anonymised":  # "Day 1", "Month 3", "[date]": order only
        return Timex("DATE", None, "unknown", explicit=True)
    if rule in {"vague_later", "vague_offset"}:
        return Timex("DATE", None, None, relative=True, used_anchor=True)
    if rule == "vague_ref":
        return Timex("DATE", g.lookup("vague", m.group(0)), None, relative=True)
    if rule == "time":
        return _time(gd, m.group(0), ctx)
    if rule in {"age", "age_when"}:
        n = _quantity(g, gd.get("n") or gd.get("n2") or gd.get("n3"))
        unit = gd.get("u") or gd.get("u2") or gd.get("u3")
        return Timex("AGE", duration_value(n, _unit(unit) if unit else "year"), None)
    if rule in {"duration", "duration_the", "duration_bare"}:
        unit = _unit(gd["u"])
        n = _quantity(g, gd.get("n")) if gd.get("n") else (1.0 if rule == "duration_the" else None)
        return Timex("DURATION", duration_value(n, unit), None)
    if rule == "set":
        return _set(g, gd)
    raise ValueError(f"no interpretation for date rule '{rule}'")


FINE_GRANULARITIES = frozenset({"day", "week", "month"})
DAY_UNITS = frozenset({"day", "morning", "evening", "night"})


def _base(ctx: Context) -> tuple[Anchor | None, bool]:
    """What an anchored expression counts from: the narrative anchor, else the reference date."""
    if ctx.anchor:
        return ctx.anchor, True
    if ctx.reference:
        return (ctx.reference.isoformat(), "day"), False
    return None, True


def _anchored(g: Grammar, gd: dict, ctx: Context) -> Timex:
    """"the following day", "that evening", "the previous month", "the day before", "the following Monday"."""
    rel = gd["rel"].lower()
    sign = {"following": 1, "next": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1, "prior": -1}.get(rel, 0)
    base, used = _base(ctx)
    unit = (gd.get("u") or "").lower()
    part = gd.get("part")
    label = "TIME" if part or unit in {"morning", "evening", "night"} else "DATE"
    if (part or unit in DAY_UNITS) and base and base[1] not in FINE_GRANULARITIES and ctx.fine_anchor:
        base = ctx.fine_anchor  # "in the summer of 2023 ... the same afternoon": the afternoon of the last day told
    if base is None:
        return Timex(label, None, None, relative=True, used_anchor=True)
    if gd.get("wd"):
        y, mo, d = anchor_parts(base)
        if d is None:
            return Timex("DATE", None, "day", relative=True, used_anchor=used)
        wd = g.weekday(gd["wd"])
        day = _weekday_near(date(y, mo, d), wd, -1 if sign < 0 else 1)
        if sign < 0 and day == date(y, mo, d):
            day -= timedelta(days=7)
        return Timex("DATE", day.isoformat(), "day", relative=True, used_anchor=used)
    if part or unit in {"morning", "evening", "night"}:
        # "that night" keeps the anchor's value at its own granularity
        if sign == 0:
            return Timex(label, base[0][:10] if base[1] == "day" else base[0], base[1], relative=True, used_anchor=used)
        value, gran = _shift(base, sign, "day")
        return Timex(label, value, gran, relative=True, used_anchor=used)
    if sign == 0:  # "that day", "the same year", "that month"
        y, mo, d = anchor_parts(base)
        need = {"day": d, "month": mo, "year": y, "week": d, "weekend": d}.get(unit)
        if unit == "day" and base[1] == "month":  # "the same day" after "in May 2022", like "that night"
            return Timex("DATE", _month(y, mo), "month", relative=True, used_anchor=used)
        if need is None:
            return Timex("DATE", None, None, relative=True, used_anchor=used)
        if unit == "day":
            return Timex("DATE", date(y, mo, d).isoformat(), "day", relative=True, used_anchor=used)
        if unit in {"week", "weekend"}:
            return Timex("DATE", _iso_week(date(y, mo, d)), "week", relative=True, used_anchor=used)
        if unit == "month":
            return Timex("DATE", _month(y, mo), "month", relative=True, used_anchor=used)
        return Timex("DATE", f"{y:04d}", "year", relative=True, used_anchor=used)
    if unit in {"week", "weekend"}:
        y, mo, d = anchor_parts(base)
        if d is None:
            if base[1] == "week":
                yy, ww = int(base[0][:4]), int(base[0][6:8])
                return Timex("DATE", _iso_week(date.fromisocalendar(yy, ww, 1) + timedelta(weeks=sign)), "week",
                             relative=True, used_anchor=used)
            return Timex("DATE", None, "week", relative=True, used_anchor=used)
        return Timex("DATE", _iso_week(date(y, mo, d) + timedelta(weeks=sign)), "week", relative=True, used_anchor=used)
    value, gran = _shift(base, sign, unit or "day")
    return Timex("DATE", value, gran, relative=True, used_anchor=used)


def _time(gd: dict, text: str, ctx: Context) -> Timex:
    """A clock time attached to the anchor's day (or the reference date)."""
    low = text.lower()
    base, used = _base(ctx)
    if base and base[1] != "day" and ctx.fine_anchor and ctx.fine_anchor[1] == "day":
        base = ctx.fine_anchor  # "met in the summer of 2023 ... referral at 15:20": the time of the last day told
    y, mo, d = anchor_parts(base)
    if gd.get("named"):
        hh, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}[gd["named"].lower()], None
        hh, mm = hh
    elif "early hours" in low or "overnight" in low:
        if d is None:
            return Timex("TIME", None, "time", relative=True, used_anchor=used)
        # early hours after an evening event: the next calendar day
        shift = 1 if base and base[0][10:] in {"TEV", "TNI"} else 0
        return Timex("TIME", (date(y, mo, d) + timedelta(days=shift)).isoformat() + "TNI", "time", relative=True,
                     used_anchor=used)
    else:
        hh = int(gd.get("hh") or gd["hh3"])
        mm = int(gd.get("mm") or gd.get("mm2") or gd.get("mm3") or 0)
        ap = (gd.get("ap") or gd.get("ap2") or "").lower()
        if ap == "p" and hh < 12:
            hh += 12
        elif ap == "a" and hh == 12:
            hh = 0
        if hh > 23:
            return Timex("TIME", None, "time")
    clock = f"T{hh:02d}:{mm:02d}"
    if d is None:
        if base and base[1] == "month":  # a log under "XX June 2019": the entry's month
            return Timex("TIME", _month(y, mo), "month", relative=True, used_anchor=used)
        return Timex("TIME", None, "time", relative=True, used_anchor=used)
    day = date(y, mo, d)
    if base and base[0][10:] in {"TEV", "TNI"} and hh < 6:
        day += timedelta(days=1)  # a log running through the night: "23:05 attended ... 01:10 DASH completed"
    return Timex("TIME", day.isoformat() + clock, "time", relative=True, used_anchor=used)


def _set(g: Grammar, gd: dict) -> Timex:
    """"every day", "twice a week", "weekly", "every Friday", "every winter"."""
    if gd.get("adv"):
        return Timex("SET", g.lookup("set", gd["adv"]), None)
    if gd.get("wd"):
        return Timex("SET", f"XXXX-WXX-{g.weekday(gd['wd'])}", None)
    if gd.get("se"):
        return Timex("SET", f"XXXX-{g.lookup('season', gd['se'])}", None)
    if gd.get("part"):
        return Timex("SET", f"XXXX-XX-XXT{PART_CODES.get(gd['part'].lower(), 'MO')}", None)
    unit = _unit(gd.get("u") or gd.get("u2"))
    n = _quantity(g, gd.get("n")) if gd.get("n") else 1.0
    return Timex("SET", duration_value(n, unit), None)


def normalise(
    text: str,
    anchor: Anchor | None = None,
    reference_date: str | date | None = None,
    *,
    grammar: Grammar | None = None,
    year_hint: int | None = None,
    future: bool = False,
) -> Timex | None:
    """Interpret ``text`` as one temporal expression; None if no rule covers the whole text.

    Args:
        text: the expression, e.g. "16.05.13", "the following day", "autumn 2014".
        anchor: (ISO value, granularity) of the narrative's last explicit date.
        reference_date: the document date that "yesterday" or "last year" resolve against.
        grammar: the compiled lexicon (default: the packaged one).
        year_hint: the year of a range partner, for year-less dates.
        future: the sentence refers to the future (for "Friday", "in March").
    """
    g = grammar or default_grammar()
    ref = reference_date if isinstance(reference_date, date) else parse_reference(reference_date)
    ctx = Context(anchor=anchor, reference=ref, year_hint=year_hint, future=future, prefer_reference=anchor is None)
    stripped = text.strip()
    best = None
    for name, rx in g.rules:
        m = rx.fullmatch(stripped)
        if m and best is None:
            best = (name, m)
    if best is None:
        return None
    return interpret(g, best[0], best[1], ctx)
