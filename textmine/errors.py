"""Errors a user can fix. Each message is one line: where, what was expected, what was found."""


class TextmineError(Exception):
    """Base class of every error textmine raises for bad input, data or configuration."""


class InputError(TextmineError):
    """A document or corpus row cannot be read (empty, binary, corrupt, encrypted, too large...)."""


class LexiconError(TextmineError):
    """A lexicon file has a malformed entry."""


class ConfigError(TextmineError):
    """A pipeline config or model directory is unusable."""


class ModelError(TextmineError):
    """A trained model is missing, tampered with, or does not fit the data."""


class CorpusError(TextmineError):
    """A training or gold corpus is unusable (empty, unknown labels, no positives...)."""


def first_line(err: BaseException) -> str:
    """The first non-blank line of an exception's message, or its type name when it has none (for one-line errors)."""
    for line in str(err).splitlines():
        if line.strip():
            return line.strip()
    return type(err).__name__
