"""The analytical framework's vocabulary, defined once for the whole application.

Everything that names a framework concept — model fields, forms, data files,
exports, the codebook and reports — takes its keys, labels and definitions
from here. This package imports nothing from Django's ORM or web layers, so
notebooks and the analysis package can use it without a configured project.
"""

from mutuality.framework.terms import Term, UnknownTermError, Vocabulary
from mutuality.framework.vocabulary import VOCABULARIES, vocabulary

__all__ = ["VOCABULARIES", "Term", "UnknownTermError", "Vocabulary", "vocabulary"]
