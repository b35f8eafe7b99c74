"""A small pipeline for classification only: sentences, then practice issues from a given model."""

from pathlib import Path

from spacy.language import Language


def classifier_pipeline(model: str | Path | None = None, *, windows: bool = False) -> Language:
    """Blank English + the segmenter + ``textmine_practice_issues`` with ``model`` (None: the shipped model).

    The model is loaded here, so a missing or altered model fails at once with ``ModelError``.
    """
    import spacy

    import textmine.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("textmine_segmenter", name="segmenter")
    nlp.add_pipe("textmine_practice_issues", name="practice_issues",
                 config={"model": str(model) if model else None, "windows": windows})
    nlp.initialize()
    return nlp
