"""The coding assistant (issue 18) measured: how often it is right, and how fast it is.

    . .venv/bin/activate
    python bench/assistant.py heldout --json /tmp/assistant-heldout.json
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/load_corpus.py /tmp/corpus-large.json
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/assistant.py speed --json /tmp/assistant-speed.json

``heldout`` loads the case studies into a new, temporary data folder (as ``mutuality load-demo``)
and reads their codings as the assistant reads them (``assistant.store.training_examples``). The
sources are split into five folds at random (seeded), and each fold is held out in turn: the
model is trained on the codings of the other four and proposes codes for the held-out passages
(each coded passage of a held-out source, its words as coded). The split is repeated with three
seeds. Reported, over all held-out passages of the repetitions:

* **top-1 precision**: the share of held-out passages whose first proposal (any code) is one of
  the codes the passage carries;
* **dimension top-1 and top-3**: for each held-out dimension coding, whether its dimension is the
  first, or among the first three, of the dimension proposals (``prefix="dimension"``); beside it
  the same for a baseline that always proposes the dimensions most coded in the training folds;
* **Cohen's kappa** between the assistant's first dimension and the coder's, over the same
  codings (six categories; kappa's chance agreement from the two sides' own distributions);
* **assessment and role**: for held-out dimension codings that carry one, whether the grade
  proposed for the coder's dimension is the coder's (beside the code's most frequent grade);
* **calibration**: every (held-out passage, learned code) pair binned by confidence, the share
  that carry the code against the mean confidence, and the Brier score.

``speed`` works on a database holding the standard corpus (``bench/load_corpus.py``): it times
reading the codings as training examples, their fingerprint, training, keeping the model and
reading it back, then the proposals for one source of about 5,000 words (its sentences, the three
best codes each with their reasons), 30 times after one warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_choice, database_version, machine, peak_rss_mib, setup_django, summary  # noqa: E402

FOLDS = 5
SEEDS = (1, 2, 3)
BINS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0001)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- held-out evaluation on the case studies ----------------------------------------------------


def heldout(parameters: Any = None, seeds: tuple[int, ...] = SEEDS, folds: int = FOLDS) -> dict[str, Any]:
    folder = tempfile.mkdtemp(prefix="mutuality-assistant-")
    os.environ["MUTUALITY_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    setup_django()
    from django.core.management import call_command

    from mutuality.assistant.store import training_examples
    from mutuality.casestudies import load_case_studies

    call_command("migrate", verbosity=0)
    load_case_studies()
    examples = training_examples()
    sources = sorted({example.source for example in examples})
    print(f"case studies in {folder}: {len(examples)} codings on {len(sources)} sources", flush=True)
    tally: dict[str, Any] = defaultdict(int)
    pairs: list[tuple[str, str]] = []  # (coder's dimension, assistant's first dimension)
    calibration: list[tuple[float, bool]] = []
    train_seconds: list[float] = []
    started = time.perf_counter()
    by_seed = {}
    for seed in seeds:
        shuffled = sources[:]
        random.Random(seed).shuffle(shuffled)
        before = tally["dim_top3"], tally["dimension_codings"]
        for fold in range(folds):
            held = set(shuffled[fold::folds])
            seconds = _fold(examples, held, tally, pairs, calibration, parameters)
            train_seconds.append(seconds)
        hits, count = tally["dim_top3"] - before[0], tally["dimension_codings"] - before[1]
        by_seed[seed] = round(hits / count, 3) if count else None
    report = _report(tally, pairs, calibration, train_seconds, time.perf_counter() - started, len(examples))
    report["dimension_top3_by_seed"] = by_seed
    return report


def _fold(
    examples: list[Any],
    held: set[str],
    tally: dict[str, Any],
    pairs: list,
    calibration: list,
    parameters: Any,
) -> float:
    from mutuality.analysis.suggestions import NothingToLearn, suggest, train

    training = [example for example in examples if example.source not in held]
    tested: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for example in examples:
        if example.source in held and example.text.strip():
            tested[example.source, example.text.strip()][example.code] = (example.assessment, example.role)
    started = time.perf_counter()
    try:
        model = train(training, parameters)
    except NothingToLearn:
        return 0.0
    seconds = time.perf_counter() - started
    texts = [text for _source, text in tested]
    truth = list(tested.values())
    dimensions = [code for code in model.codes if code.startswith("dimension/")]
    trained_dims = Counter(
        code
        for (source, text), codes in _grouped(training).items()
        for code in codes
        if code.startswith("dimension/")
    )
    baseline = [code for code, _count in trained_dims.most_common()]
    grades = _grade_baseline(training)
    best = suggest(model, texts, top=1, reasons=0)
    ranked = suggest(model, texts, top=len(dimensions) or 1, prefix="dimension", reasons=0)
    every = suggest(model, texts, top=len(model.codes), reasons=0)
    for codes, first, dims, full, text in zip(truth, best, ranked, every, texts, strict=True):
        tally["passages"] += 1
        tally["top1_hits"] += bool(first) and first[0].code in codes
        for proposal in full:
            calibration.append((proposal.confidence, proposal.code in codes))
        order = [proposal.code for proposal in dims]
        for code, (assessment, role) in codes.items():
            if not code.startswith("dimension/"):
                continue
            tally["dimension_codings"] += 1
            tally["dim_top1"] += bool(order) and order[0] == code
            tally["dim_top3"] += code in order[:3]
            tally["base_top1"] += bool(baseline) and baseline[0] == code
            tally["base_top3"] += code in baseline[:3]
            pairs.append((code, order[0] if order else ""))
            if code not in model.codes:
                continue
            own = suggest(model, [text], top=1, prefix=code, reasons=0)[0][0]
            for part, given, proposed in (
                ("assessment", assessment, own.assessment),
                ("role", role, own.role),
            ):
                if given:
                    tally[f"{part}_n"] += 1
                    tally[f"{part}_hits"] += proposed == given
                    tally[f"{part}_base_hits"] += grades[part].get(code, "") == given
    return seconds


def _grouped(examples: list[Any]) -> dict[tuple[str, str], set[str]]:
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for example in examples:
        grouped[example.source, example.text.strip()].add(example.code)
    return grouped


def _grade_baseline(examples: list[Any]) -> dict[str, dict[str, str]]:
    """Each code's most frequent assessment and role in the training folds."""
    counts: dict[str, dict[str, Counter[str]]] = {
        "assessment": defaultdict(Counter),
        "role": defaultdict(Counter),
    }
    for example in examples:
        if example.assessment:
            counts["assessment"][example.code][example.assessment] += 1
        if example.role:
            counts["role"][example.code][example.role] += 1
    return {
        part: {code: counter.most_common(1)[0][0] for code, counter in by_code.items()}
        for part, by_code in counts.items()
    }


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters over nominal categories."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _b in pairs), Counter(b for _a, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return (observed - expected) / (1 - expected)


def _report(
    tally: dict[str, Any],
    pairs: list,
    calibration: list,
    train_seconds: list[float],
    seconds: float,
    codings: int,
) -> dict[str, Any]:
    share = lambda hits, n: round(tally[hits] / tally[n], 3) if tally[n] else None  # noqa: E731
    bins = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = [(c, hit) for c, hit in calibration if low <= c < high]
        if inside:
            bins.append(
                {
                    "confidence": f"{low:.1f}–{min(high, 1):.1f}",
                    "pairs": len(inside),
                    "mean_confidence": round(statistics.fmean(c for c, _h in inside), 3),
                    "share_coded": round(sum(h for _c, h in inside) / len(inside), 3),
                }
            )
    brier = statistics.fmean((c - hit) ** 2 for c, hit in calibration)
    return {
        "codings": codings,
        "repetitions": f"{len(SEEDS)} seeds × {FOLDS} folds by source",
        "heldout_passages": tally["passages"],
        "top1_precision": share("top1_hits", "passages"),
        "dimension_codings": tally["dimension_codings"],
        "dimension_top1": share("dim_top1", "dimension_codings"),
        "dimension_top3": share("dim_top3", "dimension_codings"),
        "baseline_top1": share("base_top1", "dimension_codings"),
        "baseline_top3": share("base_top3", "dimension_codings"),
        "kappa": round(kappa(pairs), 3),
        "assessment": {"n": tally["assessment_n"], "right": share("assessment_hits", "assessment_n"),
                       "baseline": share("assessment_base_hits", "assessment_n")},
        "role": {"n": tally["role_n"], "right": share("role_hits", "role_n"),
                 "baseline": share("role_base_hits", "role_n")},
        "calibration": bins,
        "brier": round(brier, 4),
        "train_seconds": summary(train_seconds),
        "seconds": round(seconds, 1),
    }  # fmt: skip


# --- speed on the standard corpus ---------------------------------------------------------------


def speed(repeat: int = 30) -> dict[str, Any]:
    database_choice()
    setup_django()
    from mutuality.analysis.suggestions import Parameters, passages, suggest, train
    from mutuality.assistant.store import fingerprint, load, model_file, save, training_examples
    from mutuality.evidence.models import Source

    timings: dict[str, float] = {}
    loads = {"start": load_average()}
    started = time.perf_counter()
    examples = training_examples()
    timings["read codings as examples"] = time.perf_counter() - started
    started = time.perf_counter()
    stamp = fingerprint(examples, Parameters())
    timings["fingerprint"] = time.perf_counter() - started
    started = time.perf_counter()
    cpu = time.process_time()
    model = train(examples)
    timings["train"] = time.perf_counter() - started
    timings["train (CPU)"] = time.process_time() - cpu
    loads["after training"] = load_average()
    path = model_file(None)
    started = time.perf_counter()
    save(model, path, stamp)
    timings["save"] = time.perf_counter() - started
    started = time.perf_counter()
    assert load(path, stamp) is not None
    timings["load"] = time.perf_counter() - started
    source = Source.objects.get(key="bench-doc-00001")
    text = source.current.text
    found = passages(text)
    texts = [p.quote for p in found]
    suggest(model, texts)  # warm-up: the words of the source are cut once, as a long-lived server would
    once: list[float] = []
    cold: list[float] = []
    for _round in range(repeat):
        model.grams._cache.clear()  # each round meets the source's words anew
        started = time.perf_counter()
        segments = passages(text)
        suggest(model, [p.quote for p in segments])
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        suggest(model, [p.quote for p in passages(text)])
        once.append(time.perf_counter() - started)
    loads["end"] = load_average()
    return {
        "examples": len(examples),
        "passages": model.passages,
        "codes": len(model.codes),
        "max_per_code": model.parameters.max_per_code,
        "features": len(model.grams.vocabulary),
        "exemplars": len(model.exemplar_texts),
        "model_file_mib": round(path.stat().st_size / 2**20, 1),
        "timings": {name: round(value, 2) for name, value in timings.items()},
        "source": {"key": source.key, "words": len(text.split()), "passages": len(found)},
        "suggest_new_words": {k: round(v * 1000, 1) for k, v in summary(cold).items() if k != "n"},
        "suggest_words_seen": {k: round(v * 1000, 1) for k, v in summary(once).items() if k != "n"},
        "load": loads,
        "database": database_version(),
        "peak_rss_mib": round(peak_rss_mib()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["heldout", "speed"])
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--repeat", type=int, default=30, help="speed: rounds of proposals for one source")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="heldout: a training parameter to try",
    )
    args = parser.parse_args(argv)
    started_load = load_average()
    if args.what == "heldout":
        from mutuality.analysis.suggestions import Parameters

        tried = {name: float(value) for name, value in (item.split("=", 1) for item in args.set)}
        fields = Parameters.__dataclass_fields__
        tried = {name: type(fields[name].default)(value) for name, value in tried.items()}
        result = heldout(Parameters(**tried))
        result["parameters"] = tried
    else:
        result = speed(args.repeat)
    result["machine"] = machine()
    result["load_at_start"] = started_load
    result["load_at_end"] = load_average()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
