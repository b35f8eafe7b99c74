"""The output record of SPEC §3 as pydantic models, and the label sets of TAXONOMY.md, defined once here."""

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

PracticeIssueLabel = Literal[
    "record_keeping",
    "chronology",
    "information_sharing",
    "professional_preciousness",
    "multi_agency_working",
    "assessment",
    "voice_of_child",
    "professional_curiosity",
    "escalation",
    "drift_delay",
    "supervision_workload",
    "fathers_men",
    "missed_appointments",
]
ConcernCategory = Literal[
    "physical_injury",
    "head_injury",
    "neglect",
    "faltering_growth",
    "domestic_abuse",
    "substance_misuse",
    "parental_mental_health",
    "sexual_abuse",
    "emotional_abuse",
    "exploitation",
    "self_harm",
    "death",
]
EntityLabel = Literal["CHILD", "FAMILY", "PROFESSIONAL", "AGENCY", "PERSON", "LOCATION"]
TimexType = Literal["DATE", "TIME"]

PRACTICE_ISSUES: tuple[str, ...] = get_args(PracticeIssueLabel)
CONCERN_CATEGORIES: tuple[str, ...] = get_args(ConcernCategory)
ENTITY_LABELS: tuple[str, ...] = get_args(EntityLabel)


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Item):
    """A review section: its heading and the characters it covers."""

    title: str
    start: int
    end: int


class Sentence(_Item):
    """A sentence boundary (offsets only; the text is ``record.text[start:end]``)."""

    start: int
    end: int


class Entity(_Item):
    """A person, family member, professional, agency or place."""

    text: str
    label: EntityLabel
    start: int
    end: int


class Abbreviation(_Item):
    """One use of an abbreviation and its long form; ``glossary`` when the long form came from the glossary."""

    short: str
    long: str
    start: int
    end: int
    glossary: bool = False


class Date(_Item):
    """A calendar reference normalised to ISO-8601 at its written granularity (``value`` None if unresolvable).
    A clock time or part of a day is dated by its day: ``value`` holds the day, ``time`` the rest ("14:30", "NI")."""

    text: str
    value: str | None
    time: str | None = None
    start: int
    end: int
    relative: bool = False
    type: TimexType = "DATE"
    granularity: str | None = None
    qualifier: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    context: bool = False


class Concern(_Item):
    """A risk indicator with its context; ``triggers`` names the words that set each modifier."""

    text: str
    category: ConcernCategory
    start: int
    end: int
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    hypothetical: bool = False
    experiencer: str = "child"
    reported_by: str | None = None
    triggers: dict[str, str] = Field(default_factory=dict)


class Evidence(_Item):
    """A sentence that shows a practice issue, with its score."""

    text: str
    start: int
    end: int
    score: float


class PracticeIssue(_Item):
    """A document-level practice-issue label with the sentences that show it."""

    label: str  # TAXONOMY labels for the shipped model; a user's own coding frame otherwise
    score: float
    evidence: list[Evidence] = Field(default_factory=list)


class Event(_Item):
    """A dated (or narrative-ordered) event of the chronology."""

    date: str | None
    date_text: str
    text: str
    start: int
    end: int
    actors: list[str] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    after: str | None = None  # for a null date: the date_text of the event it follows


class Record(BaseModel):
    """Everything textmine found in one document."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    text: str
    reference_date: str | None = None
    metadata: dict = Field(default_factory=dict)
    sentences: list[Sentence] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    dates: list[Date] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    practice_issues: list[PracticeIssue] = Field(default_factory=list)
    chronology: list[Event] = Field(default_factory=list)
    context_events: list[Event] = Field(default_factory=list)


def record_schema() -> dict:
    """The published JSON Schema of a record."""
    return Record.model_json_schema()
