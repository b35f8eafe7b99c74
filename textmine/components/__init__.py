"""textmine's spaCy components; importing this module registers every factory."""

from textmine.components import segment  # noqa: F401
