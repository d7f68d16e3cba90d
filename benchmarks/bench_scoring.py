"""Scoring speed: the whole scoring of 1,000,000 answers against plain numpy statement means.

Both are measured in this run on the same arrays, so the ratio holds on a noisy machine.
Goal: ratio <= 2 and scoring under 1 s. Run: `make bench` or
`.venv/bin/python benchmarks/bench_scoring.py [--answers N]`.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from toolkit.framework import builtin_frameworks, builtin_perspectives
from toolkit.scoring import Responses, score


def synthetic(answers: int, seed: int = 7) -> tuple[Responses, int]:
    """Every respondent answers every Making it Real statement; 10% unsure or not applicable."""
    framework = builtin_frameworks()["making-it-real"]
    statements = len(framework.statements)
    rungs = len(framework.ladder.rungs)
    rng = np.random.default_rng(seed)
    people = -(-answers // statements)
    statement = np.tile(np.arange(statements), people)[:answers]
    respondent = np.repeat(np.arange(people), statements)[:answers]
    choice = rng.integers(0, rungs, answers)
    other = rng.random(answers) < 0.1
    choice[other] = rng.integers(rungs, rungs + 2, int(other.sum()))
    perspective = rng.integers(0, len(builtin_perspectives()), people)
    return Responses(statement, choice, respondent, perspective), rungs


def numpy_statement_means(responses: Responses, rungs: int, statements: int) -> np.ndarray:
    """The baseline: statement means over placed answers, the plainest numpy way."""
    placed = responses.choice < rungs
    where = responses.statement[placed]
    counts = np.bincount(where, minlength=statements)
    sums = np.bincount(where, weights=responses.choice[placed], minlength=statements)
    return sums / counts


def best_of(repeats: int, run) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    framework = builtin_frameworks()["making-it-real"]
    perspectives = builtin_perspectives()
    responses, rungs = synthetic(args.answers)
    statements = len(framework.statements)

    scores = score(framework, perspectives, responses)
    baseline = numpy_statement_means(responses, rungs, statements)
    ours = np.array([s.mean_position for s in scores.statements])
    assert np.allclose(ours, baseline), "scoring and the baseline disagree"

    toolkit_best, toolkit_median = best_of(
        args.repeats, lambda: score(framework, perspectives, responses)
    )
    numpy_best, numpy_median = best_of(
        args.repeats, lambda: numpy_statement_means(responses, rungs, statements)
    )
    ratio = toolkit_best / numpy_best
    print(f"answers:                    {args.answers:,}")
    for name, best, median in (
        ("toolkit.scoring.score", toolkit_best, toolkit_median),
        ("numpy statement means", numpy_best, numpy_median),
    ):
        print(f"{name + ':':<28}{best * 1000:8.1f} ms best, {median * 1000:.1f} ms median")
    verdict = "met" if ratio <= 2 else "NOT met"
    print(f"ratio (toolkit / numpy):    {ratio:8.2f}   goal <= 2.00  {verdict}")
    print(f"under 1 s:                  {'yes' if toolkit_best < 1 else 'NO'}")


if __name__ == "__main__":
    main()
