"""Build the textmine spaCy pipeline from its config."""

from importlib.resources import files
from pathlib import Path

import spacy
from spacy import util
from spacy.language import Language
from thinc.api import Config

import textmine.components  # noqa: F401  (registers the factories)
import textmine.lexicons  # noqa: F401  (registers textmine.lexicon.v1)
import textmine.pipeline.tokenizer  # noqa: F401  (registers textmine.Tokenizer.v1)
from textmine.errors import ConfigError, first_line

DEFAULT_CONFIG = Path(str(files("textmine.pipeline") / "default.cfg"))


def load_config(path: str | Path | None = None, overrides: dict | None = None) -> Config:
    """The pipeline config at ``path`` (default: the packaged ``default.cfg``) with dotted ``overrides``."""
    source = Path(path) if path else DEFAULT_CONFIG
    if not source.is_file():
        raise ConfigError(f"{source}: pipeline config not found")
    try:
        return util.load_config(source, overrides=overrides or {}, interpolate=False)
    except Exception as err:  # thinc raises several types for a malformed config
        raise ConfigError(f"{source}: invalid pipeline config ({first_line(err)})") from None


def build_pipeline(config: str | Path | Config | None = None, overrides: dict | None = None) -> Language:
    """A ready ``Language`` built from ``config`` (a path or a Config; default: the packaged one)."""
    cfg = config if isinstance(config, Config) else load_config(config, overrides)
    nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


def load_tokenizer() -> Language:
    """A pipeline with only the tokenizer textmine's config uses (for rebuilding Docs from records)."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "textmine.Tokenizer.v1"}}})


def load(name: str | Path | None = None, overrides: dict | None = None) -> Language:
    """The textmine pipeline: a saved pipeline directory (e.g. ``models/<name>``) or the default config.

    With no argument, the bundled default model directory is used when it exists, else the default config.
    """
    if name is None:
        return build_pipeline(overrides=overrides)
    path = Path(name)
    if path.is_dir():
        try:
            return spacy.load(path, config=overrides or {})
        except OSError as err:
            raise ConfigError(f"{path}: cannot load pipeline ({first_line(err)})") from None
    if path.suffix == ".cfg":
        return build_pipeline(path, overrides)
    raise ConfigError(f"{path}: not a pipeline directory or .cfg file")
