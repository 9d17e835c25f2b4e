"""The coding assistant: codes proposed for passages not yet coded, learned from a project's codings.

Pure: it takes plain records (:class:`Example`, one per coding: the passage's words, the code's
path, the assessment and role, the source) and returns plain records; the database, the names a
reader may see and the file a model is kept in are the callers' (``mutuality.assistant``). It
never codes anything itself: it proposes, and a person decides.

Why it is built as it is:

* **Character n-grams, not words nor a language model.** Projects code in Dutch, English, French,
  Turkish and Arabic, often in one project, with rich morphology ("belediye", "belediyenin",
  "belediyeler"). Character 3- to 5-grams inside words (as scikit-learn's ``char_wb``) match across
  inflections and scripts without a tokeniser, a stemmer or a model to download. They are counted
  word by word (a passage's n-grams are the sum of its words'), so each distinct word is cut once:
  on 50,000 passages of the standard bench corpus that took 1.7 s, against 9.8 s for
  scikit-learn's ``TfidfVectorizer``, whose features these are (a test checks it).
* **One linear classifier per code (one-vs-rest), logistic regression.** A passage may carry
  several codes, so each code is its own yes/no question. Logistic regression gives a probability
  fitted by maximum likelihood, which is what a person weighing a proposal needs, where the margin
  of a support-vector machine would need a second, cross-validated fit (and a few examples per
  fold, which small projects lack) to mean anything. On the case studies the confidences are a
  little cautious, not inflated (bench/RESULTS.md).
  The negatives of a code are the coded passages without it, so a confidence is the probability
  that a passage *coded as this project codes* carries the code: the assistant cannot tell that a
  passage needs no code at all (the project's uncoded text is not evidence that nothing applies).
* **Families** (the six dimensions, the forms of learning, the knowledge types, the project's own
  codes) group the codes so that a caller asks for the best of one family (``prefix``); each code
  still has its own classifier, so confidences compare across families.
* **Too few examples, no proposal.** A code on fewer than ``min_examples`` passages is left out
  (:attr:`Model.left_out` says which): a linear model on three passages learns their words, not
  the code.
* **A cap per code for large projects.** At most ``max_per_code`` passages of each code are
  trained on (a seeded sample; the rarer codes keep all theirs), and each code's intercept is
  moved back by the log-odds of its share in the sample against its share in all passages, so
  the confidences stay those of the whole project. Past a few hundred passages a linear model on
  n-grams gains little, and training on the 270,000 codings of the bench corpus fits in its minute.
* **Assessment and role from the nearest passages.** For a code that is assessed (the dimensions:
  strong, moderate or limited; enabling or limiting), the proposal takes the similarity-weighted
  majority of the most similar passages already coded with that code. How much a dimension
  mattered is said of that dimension, so classifiers over all dimension codings would mix the
  six; six per code would each have a handful of examples. The same nearest passages are shown
  as the reasons, so a proposal's grade is explained by the passages it came from.
* **Reasons** are the passages already coded with the code that are most similar to the new one
  (cosine of their tf-idf vectors), from at most ``exemplars_per_code`` kept per code.
"""

from __future__ import annotations

import json
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = [
    "FORMAT",
    "Example",
    "Model",
    "NothingToLearn",
    "Parameters",
    "Passage",
    "Reason",
    "Suggestion",
    "passages",
    "suggest",
    "train",
    "under",
]

FORMAT = 1  # of :meth:`Model.to_arrays`; a stored model of another format is trained again

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Example:
    """One coding as the assistant learns from it.

    ``text`` holds the coded words as the person reading the reasons may read them (names
    replaced where the caller says so): the reasons quote it. ``code`` is the code's path as the
    evidence export names it (``dimension/process_trust``, or ``Parent / Child`` for a project's
    own code), ``family`` the group it is proposed in. ``source`` keys the source (the held-out
    evaluation splits by it; a reason cites it); ``ref`` is the coding's id, for a caller that
    shows the passage again with a reader's rights.
    """

    text: str
    code: str
    family: str
    source: str
    assessment: str = ""
    role: str = ""
    ref: int | None = None


@dataclass(frozen=True, slots=True)
class Parameters:
    """How a model is trained; the defaults are the ones measured in bench/RESULTS.md."""

    min_examples: int = 5
    max_per_code: int = 500
    exemplars_per_code: int = 200
    ngram_min: int = 3
    ngram_max: int = 5
    max_features: int = 1 << 16
    regularisation: float = 30.0  # LogisticRegression's C: few examples need a light hand (bench)
    neighbours: int = 5  # nearest passages that vote on an assessment and a role
    seed: int = 2026


class NothingToLearn(ValueError):
    """No model can be trained: nothing is coded (``counts`` empty), or no code has ``min_examples``
    passages (``counts``: passages per code). The caller words the message for its reader."""

    def __init__(self, counts: Mapping[str, int], min_examples: int) -> None:
        self.counts = dict(counts)
        self.min_examples = min_examples
        if counts:
            super().__init__(f"no code is on {min_examples} passages or more: {dict(counts)}")
        else:
            super().__init__("nothing is coded")


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a text: code-point offsets (end exclusive) and its words, ``text[start:end]``."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Reason:
    """A passage already coded with the proposed code, and how similar it is (cosine, 0–1)."""

    quote: str
    source: str
    similarity: float
    ref: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A code proposed for a passage, with the probability that it applies and why."""

    code: str
    family: str
    confidence: float
    assessment: str = ""
    role: str = ""
    reasons: tuple[Reason, ...] = ()


def under(code: str, prefix: str) -> bool:
    """Whether ``code`` is ``prefix`` or under it, path step by path step, in any case:
    "dimension" takes ``dimension/process_trust`` and a project's ``Dimension / trust``."""
    steps = [step.strip().casefold() for step in code.split("/")]
    wanted = [step.strip().casefold() for step in prefix.strip().strip("/").split("/")]
    return steps[: len(wanted)] == wanted


# --- passages -------------------------------------------------------------------------------

#: Where a sentence ends: its stop (several, "?!" or "..."), closing quotes and brackets, then a
#: space or the line's end. A stop before a digit or a letter ("3.5") ends nothing, nor does the
#: last stop of a word with one inside ("e.g.").
_SENTENCE_END = re.compile(r"[.!?…؟。]+[\"'”’»)\]]*(?=\s|$)")
_LINE = re.compile(r"[^\n]+")
_MIN_WORDS = 4  # a shorter sentence ("Yes.", "Interviewer: Why?") joins the next one


def passages(text: str, *, whole: bool = False) -> list[Passage]:
    """The passages of an uncoded text: its sentences, never across a line break.

    Coders code clauses and sentences far more often than whole answers (the case studies: a
    median of 15 words), so a sentence is the unit proposed; a sentence of fewer than four words
    joins the next one on its line. Offsets are code points (Python's own indexing), so they are
    exact for Arabic, Turkish and characters outside the Basic Multilingual Plane. ``whole``:
    the text as one passage, without the blank space around it.
    """
    if whole:
        found = _trimmed(text, 0, len(text))
        return [found] if found else []
    result: list[Passage] = []
    for line in _LINE.finditer(text):
        pieces: list[tuple[int, int]] = []
        start = line.start()
        for stop in _SENTENCE_END.finditer(text, line.start(), line.end()):
            word = text[text.rfind(" ", start, stop.start()) + 1 : stop.start()]
            if stop.group() == "." and "." in word:  # "e.g.", "U.S.": an abbreviation ends nothing
                continue
            pieces.append((start, stop.end()))
            start = stop.end()
        pieces.append((start, line.end()))
        merged: list[tuple[int, int]] = []
        pending: int | None = None
        for begin, end in pieces:
            if not text[begin:end].strip():
                continue
            begin = begin if pending is None else pending
            if len(text[begin:end].split()) < _MIN_WORDS:
                pending = begin
                continue
            merged.append((begin, end))
            pending = None
        if pending is not None:  # a short end of the line joins the sentence before it
            if merged:
                merged[-1] = (merged[-1][0], line.end())
            else:
                merged.append((pending, line.end()))
        for begin, end in merged:
            found = _trimmed(text, begin, end)
            if found:
                result.append(found)
    return result


def _trimmed(text: str, start: int, end: int) -> Passage | None:
    """The passage ``start``–``end`` without the blank space at either end (None if only blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Passage(start, end, text[start:end]) if end > start else None


# --- features -------------------------------------------------------------------------------

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>.,;:!?…،؛؟-–—/\\*_"


@dataclass(eq=False)
class _Grams:
    """Character n-grams within words, weighted by tf-idf: the features of a passage.

    As scikit-learn's ``TfidfVectorizer(analyzer="char_wb", sublinear_tf=True)`` (a word padded
    with a space each side, n-grams of the padded word; tf as 1 + log tf; smooth idf; rows of unit
    length), with the text in NFC and case-folded and the punctuation at a word's edges dropped
    ("trust," is "trust"). The counting is done per distinct word (:meth:`_word_columns`), then
    one sparse product adds them up per passage.
    """

    vocabulary: dict[str, int]
    idf: Floats
    low: int
    high: int
    _cache: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @staticmethod
    def words(text: str) -> list[str]:
        folded = unicodedata.normalize("NFC", text).casefold()
        return [word for token in folded.split() if (word := token.strip(_EDGE_PUNCTUATION))]

    @staticmethod
    def grams(word: str, low: int, high: int) -> list[str]:
        padded = f" {word} "
        found: list[str] = []
        for size in range(low, high + 1):
            if len(padded) <= size:
                found.append(padded)
                break
            found.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
        return found

    @classmethod
    def fit(cls, texts: Sequence[str], low: int, high: int, max_features: int) -> tuple[_Grams, Any]:
        """The features of ``texts`` and the tf-idf matrix of them (rows: texts)."""
        counts, words = _word_counts(texts, {})
        index: dict[str, int] = {}
        rows: list[list[int]] = []
        for word in words:
            rows.append([index.setdefault(gram, len(index)) for gram in cls.grams(word, low, high)])
        grams = _rows_matrix(rows, len(index))
        documents = (counts @ grams).tocsr()
        frequency = np.bincount(documents.indices, minlength=len(index))
        names = list(index)
        order = sorted(range(len(names)), key=lambda column: (-frequency[column], names[column]))
        kept = sorted(order[:max_features])
        vocabulary = {names[column]: position for position, column in enumerate(kept)}
        documents = documents[:, kept]
        idf = (np.log((1 + len(texts)) / (1 + frequency[kept])) + 1).astype(np.float32)
        model = cls(vocabulary, idf, low, high)
        return model, model._weighted(documents)

    def transform(self, texts: Sequence[str]) -> Any:
        """The tf-idf matrix of ``texts`` (rows: texts) over the features learned."""
        counts, words = _word_counts(texts, {})
        grams = _rows_matrix([self._word_columns(word) for word in words], len(self.vocabulary))
        return self._weighted((counts @ grams).tocsr())

    def _word_columns(self, word: str) -> list[int]:
        found = self._cache.get(word)
        if found is None:
            vocabulary = self.vocabulary
            found = [vocabulary[gram] for gram in self.grams(word, self.low, self.high) if gram in vocabulary]
            if len(self._cache) > 200_000:  # a long-lived model meets many new words
                self._cache.clear()
            self._cache[word] = found
        return found

    def _weighted(self, counts: Any) -> Any:
        counts = counts.astype(np.float32)
        counts.sum_duplicates()
        counts.data = 1 + np.log(counts.data)
        counts = counts @ sparse.diags(self.idf)
        return _unit_rows(counts.tocsr())


def _word_counts(texts: Sequence[str], index: dict[str, int]) -> tuple[Any, list[str]]:
    """How often each distinct word occurs in each text (sparse, rows: texts), and the words."""
    columns: list[int] = []
    starts = [0]
    for text in texts:
        columns.extend(index.setdefault(word, len(index)) for word in _Grams.words(text))
        starts.append(len(columns))
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), np.array(columns, dtype=np.int64), np.array(starts)),
        shape=(len(texts), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def _rows_matrix(rows: Sequence[Sequence[int]], width: int) -> Any:
    """A sparse count matrix with one row per list of column numbers (repeats add up)."""
    starts = np.cumsum([0, *(len(row) for row in rows)])
    columns = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(starts[-1]))
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), columns, starts), shape=(len(rows), width)
    )
    matrix.sum_duplicates()
    return matrix


def _unit_rows(matrix: Any) -> Any:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return (sparse.diags((1 / norms).astype(np.float32)) @ matrix).tocsr()


# --- training -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Coded:
    """One passage as trained on: its words, the codes on it, and per code the grades given."""

    text: str
    source: str
    ref: int | None
    codes: dict[str, tuple[str, str]]  # code -> (assessment, role), the first non-empty given


@dataclass(eq=False)
class Model:
    """What was learned: the features, one linear classifier per code, and the passages kept as reasons.

    ``codes``, ``families`` and the columns of ``weights`` go together; ``examples[i]`` counts the
    passages of ``codes[i]``. ``exemplars`` (sparse, rows: passages) are the reasons' vectors,
    with their words, sources and coding ids in ``exemplar_texts``, ``exemplar_sources`` and
    ``exemplar_refs``; ``kept[i]`` lists the rows kept for code ``i`` with the grade each gave
    (``grades[i]``). ``left_out`` counts the passages of the codes with too few to be learned.
    """

    grams: _Grams
    codes: list[str]
    families: list[str]
    examples: list[int]
    weights: Floats  # features × codes
    intercepts: Floats
    exemplars: Any
    exemplar_texts: list[str]
    exemplar_sources: list[str]
    exemplar_refs: list[int | None]
    kept: list[Ints]
    grades: list[list[tuple[str, str]]]
    left_out: dict[str, int]
    passages: int
    parameters: Parameters

    def codes_under(self, prefix: str | None) -> list[int]:
        """The columns of the codes under ``prefix`` (all without one)."""
        return [i for i, code in enumerate(self.codes) if prefix is None or under(code, prefix)]

    # A stored model is arrays and one JSON document, never a pickle: loading a file from the data
    # folder then runs no code, whoever wrote it.
    def to_arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The model as named arrays (numpy's ``savez``), the text parts as one UTF-8 JSON array."""
        meta = {
            "format": FORMAT,
            "vocabulary": sorted(self.grams.vocabulary, key=self.grams.vocabulary.__getitem__),
            "low": self.grams.low,
            "high": self.grams.high,
            "codes": self.codes,
            "families": self.families,
            "examples": self.examples,
            "exemplar_texts": self.exemplar_texts,
            "exemplar_sources": self.exemplar_sources,
            "exemplar_refs": self.exemplar_refs,
            "grades": self.grades,
            "left_out": self.left_out,
            "passages": self.passages,
            "parameters": asdict(self.parameters),
        }
        exemplars = self.exemplars.tocsr()
        return {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            "idf": self.grams.idf,
            "weights": self.weights,
            "intercepts": self.intercepts,
            "exemplar_data": exemplars.data.astype(np.float32),
            "exemplar_indices": exemplars.indices.astype(np.int32),
            "exemplar_indptr": exemplars.indptr.astype(np.int64),
            "kept": np.concatenate([*self.kept, np.zeros(0, dtype=np.int64)]).astype(np.int64),
            "kept_lengths": np.array([len(rows) for rows in self.kept], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[Any]]) -> Model:
        """The model :meth:`to_arrays` wrote; ``ValueError`` if it is of another format."""
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"a model of format {meta.get('format')}, not {FORMAT}")
        vocabulary = {gram: i for i, gram in enumerate(meta["vocabulary"])}
        grams = _Grams(vocabulary, arrays["idf"].astype(np.float32), meta["low"], meta["high"])
        lengths = arrays["kept_lengths"]
        bounds = np.cumsum([0, *lengths.tolist()])
        kept = [arrays["kept"][bounds[i] : bounds[i + 1]].astype(np.int64) for i in range(len(lengths))]
        exemplars = sparse.csr_matrix(
            (arrays["exemplar_data"], arrays["exemplar_indices"], arrays["exemplar_indptr"]),
            shape=(len(meta["exemplar_texts"]), len(vocabulary)),
        )
        return cls(
            grams=grams,
            codes=list(meta["codes"]),
            families=list(meta["families"]),
            examples=list(meta["examples"]),
            weights=arrays["weights"].astype(np.float32),
            intercepts=arrays["intercepts"].astype(np.float32),
            exemplars=exemplars,
            exemplar_texts=list(meta["exemplar_texts"]),
            exemplar_sources=list(meta["exemplar_sources"]),
            exemplar_refs=list(meta["exemplar_refs"]),
            kept=kept,
            grades=[[(a, r) for a, r in rows] for rows in meta["grades"]],
            left_out=dict(meta["left_out"]),
            passages=int(meta["passages"]),
            parameters=Parameters(**meta["parameters"]),
        )


def train(examples: Iterable[Example], parameters: Parameters | None = None) -> Model:
    """A model of ``examples``; :class:`NothingToLearn` when there is nothing, or too little.

    Codings of the same words in the same source are one passage with several codes (two coders,
    or two codes on one passage). Raises before importing scikit-learn, so a project with nothing
    coded is told so at once.
    """
    parameters = parameters or Parameters()
    examples = list(examples)
    family_of = {example.code: example.family for example in examples}
    coded = _passages(examples)
    per_code: dict[str, list[int]] = defaultdict(list)
    for number, passage in enumerate(coded):
        for code in passage.codes:
            per_code[code].append(number)
    learnable = sorted(code for code, rows in per_code.items() if len(rows) >= parameters.min_examples)
    left_out = {code: len(rows) for code, rows in per_code.items() if code not in learnable}
    if not learnable:
        raise NothingToLearn({code: len(rows) for code, rows in per_code.items()}, parameters.min_examples)

    from sklearn.linear_model import LogisticRegression

    rng = random.Random(parameters.seed)
    chosen = _sample(coded, per_code, learnable, parameters.max_per_code, rng)
    keep = {code: _sampled(per_code[code], parameters.exemplars_per_code, rng) for code in learnable}
    exemplar_rows = sorted({row for rows in keep.values() for row in rows})
    texts = [coded[row].text for row in chosen]
    grams, matrix = _Grams.fit(texts, parameters.ngram_min, parameters.ngram_max, parameters.max_features)
    matrix = matrix.astype(np.float32)
    weights = np.zeros((len(grams.vocabulary), len(learnable)), dtype=np.float32)
    intercepts = np.zeros(len(learnable), dtype=np.float32)
    columns = {code: column for column, code in enumerate(learnable)}
    table = np.zeros((len(chosen), len(learnable)), dtype=bool)
    for line, row in enumerate(chosen):
        for code in coded[row].codes:
            if code in columns:
                table[line, columns[code]] = True
    for column, code in enumerate(learnable):
        labels = table[:, column]
        positives = int(labels.sum())
        sample_share = positives / len(chosen)
        if positives == len(chosen):  # on every passage: nothing to tell apart
            intercepts[column] = _logit((positives + 0.5) / (positives + 1))
            continue
        classifier = LogisticRegression(C=parameters.regularisation, max_iter=200, tol=1e-3)
        classifier.fit(matrix, labels)
        weights[:, column] = classifier.coef_[0]
        # Back from the share in the sample to the share among all passages (see the module's note).
        shift = _logit(len(per_code[code]) / len(coded)) - _logit(sample_share)
        intercepts[column] = float(classifier.intercept_[0]) + shift
    position = {row: i for i, row in enumerate(exemplar_rows)}
    return Model(
        grams=grams,
        codes=learnable,
        families=[family_of[code] for code in learnable],
        examples=[len(per_code[code]) for code in learnable],
        weights=weights,
        intercepts=intercepts,
        exemplars=grams.transform([coded[row].text for row in exemplar_rows]),
        exemplar_texts=[coded[row].text for row in exemplar_rows],
        exemplar_sources=[coded[row].source for row in exemplar_rows],
        exemplar_refs=[coded[row].ref for row in exemplar_rows],
        kept=[np.array([position[row] for row in keep[code]], dtype=np.int64) for code in learnable],
        grades=[[coded[row].codes[code] for row in keep[code]] for code in learnable],
        left_out=left_out,
        passages=len(coded),
        parameters=parameters,
    )


def _passages(examples: Iterable[Example]) -> list[_Coded]:
    found: dict[tuple[str, str], _Coded] = {}
    for example in examples:
        text = example.text.strip()
        if not text:
            continue
        passage = found.get((example.source, text))
        if passage is None:
            passage = found[example.source, text] = _Coded(text, example.source, example.ref, {})
        assessment, role = passage.codes.get(example.code, ("", ""))
        passage.codes[example.code] = (assessment or example.assessment, role or example.role)
    return list(found.values())


def _sample(
    coded: list[_Coded], per_code: dict[str, list[int]], learnable: list[str], cap: int, rng: random.Random
) -> list[int]:
    """The passages trained on: every passage, or past ``cap`` passages of a code, a seeded sample in
    which each learnable code keeps ``cap`` (passages of the codes left out come along as negatives)."""
    if all(len(per_code[code]) <= cap for code in learnable):
        return list(range(len(coded)))
    order = list(range(len(coded)))
    rng.shuffle(order)
    taken: Counter[str] = Counter()
    chosen: list[int] = []
    wanted = set(learnable)
    for row in order:
        codes = [code for code in coded[row].codes if code in wanted]
        if codes and all(taken[code] >= cap for code in codes):
            continue
        taken.update(codes)
        chosen.append(row)
    return sorted(chosen)


def _sampled(rows: list[int], count: int, rng: random.Random) -> list[int]:
    return list(rows) if len(rows) <= count else sorted(rng.sample(rows, count))


def _logit(share: float) -> float:
    share = min(max(share, 1e-6), 1 - 1e-6)
    return math.log(share / (1 - share))


# --- proposing ------------------------------------------------------------------------------


def suggest(
    model: Model,
    texts: Sequence[str],
    *,
    top: int = 3,
    prefix: str | None = None,
    reasons: int = 3,
    may_show: Callable[[str, int | None], bool] | None = None,
) -> list[list[Suggestion]]:
    """The ``top`` codes (under ``prefix``, if given) for each of ``texts``, best first.

    Each comes with its confidence, for an assessed code the assessment and role most of the
    nearest passages of that code gave, and the ``reasons`` nearest of them. ``may_show(source,
    ref)`` says whether a reader may see a coded passage (rights, blind coding); the others are
    neither shown nor counted in the vote.
    """
    columns = model.codes_under(prefix)
    if not texts or not columns or top < 1:
        return [[] for _text in texts]
    vectors = model.grams.transform(texts)
    scores = np.asarray(vectors @ model.weights[:, columns]) + model.intercepts[columns]
    confidences = 1 / (1 + np.exp(-scores))
    count = min(top, len(columns))
    best = np.argsort(-confidences, axis=1, kind="stable")[:, :count]
    wanted: dict[int, list[int]] = defaultdict(list)  # code column -> the texts it is proposed for
    for row in range(len(texts)):
        for position in best[row]:
            wanted[columns[int(position)]].append(row)
    nearest: dict[tuple[int, int], tuple[tuple[Reason, ...], str, str]] = {}
    for column, rows in wanted.items():
        for row, found in zip(rows, _nearest(model, column, vectors[rows], reasons, may_show), strict=True):
            nearest[row, column] = found
    results: list[list[Suggestion]] = []
    for row in range(len(texts)):
        proposals = []
        for position in best[row]:
            column = columns[int(position)]
            shown, assessment, role = nearest[row, column]
            proposals.append(
                Suggestion(
                    code=model.codes[column],
                    family=model.families[column],
                    confidence=float(confidences[row, position]),
                    assessment=assessment,
                    role=role,
                    reasons=shown,
                )
            )
        results.append(proposals)
    return results


def _nearest(
    model: Model,
    column: int,
    vectors: Any,
    count: int,
    may_show: Callable[[str, int | None], bool] | None,
) -> list[tuple[tuple[Reason, ...], str, str]]:
    """For each vector, the ``count`` nearest passages kept for a code, and the grades the
    ``neighbours`` nearest gave, each weighted by its similarity."""
    rows = model.kept[column]
    grades = model.grades[column]
    if may_show is not None:
        visible = [
            i
            for i, row in enumerate(rows.tolist())
            if may_show(model.exemplar_sources[row], model.exemplar_refs[row])
        ]
        rows, grades = rows[visible], [grades[i] for i in visible]
    if not len(rows):
        return [((), "", "") for _row in range(vectors.shape[0])]
    similarities = np.asarray((vectors @ model.exemplars[rows].T).todense())
    found = []
    for line in similarities:
        order = np.argsort(-line, kind="stable")
        shown = tuple(
            Reason(
                model.exemplar_texts[rows[i]],
                model.exemplar_sources[rows[i]],
                round(float(line[i]), 4),
                model.exemplar_refs[rows[i]],
            )
            for i in order[:count].tolist()
        )
        votes = order[: model.parameters.neighbours].tolist()
        found.append(
            (
                shown,
                _vote([(grades[i][0], float(line[i])) for i in votes], grades, 0),
                _vote([(grades[i][1], float(line[i])) for i in votes], grades, 1),
            )
        )
    return found


def _vote(near: list[tuple[str, float]], every: list[tuple[str, str]], part: int) -> str:
    """The grade most of the nearest passages gave, weighted by similarity; a tie, or no grade among
    them, goes to the grade the code's passages give most (empty when none gives one)."""
    weights: dict[str, float] = defaultdict(float)
    for grade, similarity in near:
        if grade:
            weights[grade] += similarity
    overall = Counter(grades[part] for grades in every if grades[part])
    if not weights:
        return overall.most_common(1)[0][0] if overall else ""
    return max(weights, key=lambda grade: (round(weights[grade], 9), overall[grade], grade))
