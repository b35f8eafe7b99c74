"""textmine's spaCy components; importing this module registers every factory."""

from textmine.components import segment  # noqa: F401
from textmine.components import abbreviations, candidates, entities  # noqa: F401
from textmine.components import chronology, dates  # noqa: F401
from textmine.components import concern_owner, concern_setting, concerns, context  # noqa: F401
from textmine.components import practice_issues  # noqa: F401
