"""The shapes of the framework vocabulary: a term and a named set of terms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


class UnknownTermError(ValueError):
    """A key that is not part of a vocabulary, with the keys that are allowed."""

    def __init__(self, vocabulary: Vocabulary, key: object) -> None:
        self.vocabulary = vocabulary
        self.key = key
        allowed = ", ".join(vocabulary.keys())
        super().__init__(f"unknown {vocabulary.key} {key!r}; allowed: {allowed}")


@dataclass(frozen=True)
class Term:
    """One concept of the framework.

    ``key`` is stable: it is what the database, data files and exports store,
    so labels and definitions can be reworded or translated without touching
    data. ``source`` cites the seed section the concept comes from.
    """

    key: str
    label: str
    definition: str
    source: str


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms, e.g. the six dimensions of mutual learning.

    ``multiple`` says whether one record may carry several terms of this
    vocabulary at once (a project can be of several project types).
    """

    key: str
    label: str
    definition: str
    source: str
    terms: tuple[Term, ...]
    multiple: bool = False
    _index: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {term.key: term for term in self.terms}
        if len(index) != len(self.terms):
            raise ValueError(f"vocabulary {self.key} repeats a key")
        object.__setattr__(self, "_index", index)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __getitem__(self, key: str) -> Term:
        try:
            return self._index[key]
        except KeyError:
            raise UnknownTermError(self, key) from None

    def keys(self) -> list[str]:
        return [term.key for term in self.terms]

    def check(self, key: object) -> str:
        """Return ``key`` if it belongs here, else raise :class:`UnknownTermError`."""
        if not isinstance(key, str) or key not in self._index:
            raise UnknownTermError(self, key)
        return key
