"""spaCy's English tokenizer with two additions for review text.

A hyphen left dangling at a word's end is a token: bylines and line-wrapped dashes ("By Charlotte Webster-")
otherwise glue the hyphen onto the name. A full stop after a lone capital is a token: "Child K." ending a sentence
would otherwise make the entity "Child K." (an initial mid-sentence splits the same way; sentences are found on the
text, not on tokens).
"""

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex, registry

TRAILING_HYPHEN = r"(?<=[A-Za-z]{2})-$"
INITIAL_STOP = r"(?<=^[A-Z])\.$"


@registry.tokenizers("textmine.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """The default English tokenizer plus the trailing-hyphen and initial-stop suffixes."""
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        suffixes = list(nlp.Defaults.suffixes or []) + [TRAILING_HYPHEN, INITIAL_STOP]
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        return tokenizer

    return make
