"""A document as read from a file or a corpus row, before processing."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """Text plus where it came from; ``reference_date`` anchors "yesterday" and "last year"."""

    id: str
    source: str
    text: str
    reference_date: str | None = None
    metadata: dict = field(default_factory=dict)
