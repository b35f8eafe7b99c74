"""spaCy's English tokenizer with one addition for review text: a hyphen left dangling at a word's end is a token.

Bylines and line-wrapped dashes ("By Charlotte Webster-") otherwise glue the hyphen onto the name.
"""

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex, registry

TRAILING_HYPHEN = r"(?<=[A-Za-z]{2})-$"


@registry.tokenizers("textmine.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """The default English tokenizer plus the trailing-hyphen suffix."""
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        suffixes = list(nlp.Defaults.suffixes or []) + [TRAILING_HYPHEN]
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        return tokenizer

    return make
