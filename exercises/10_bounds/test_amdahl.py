"""Kata amdahl: what the lesson says it proves, and the test that checks each claim.

- `amdahl_speedup(s, n)` is 1 / (s + (1 - s) / n) for any serial fraction from 0 to 1 and
  any worker count (hypothesis varies both): test_speedup_follows_amdahls_law.
- The course's pictures are its limits: mowing a lawn (s = 0) goes n times faster on n
  workers, making a baby (s = 1) goes no faster however many help, one worker gives 1, and
  no number of workers beats 1 / s: test_the_limits_lawn_baby_and_one_worker.
- `serial_fraction(speedups)` recovers the s that produced exact speedups on any set of
  worker counts: test_fit_recovers_the_serial_fraction; one run on n > 1 workers is enough,
  as s is the only unknown: test_one_run_is_enough; runs on one worker say nothing about s
  (ignored, and left in the caller's dict), and with nothing else to fit it raises
  ValueError: test_runs_on_one_worker_say_nothing.
- Every run counts: two runs that each point to a different s give an s between the two,
  not the s of one run alone (the first, the last or the largest); and with three runs,
  moving the highest run's s down by 0.2 (still the highest) moves the fit down by at least
  a tenth of that (least squares moves it by at least a fifth, the mean of the runs'
  estimates by a third; a median of the runs' estimates does not move):
  test_every_run_counts.
- Measured speedups are noisy: with 2 % noise the fit stays within 0.05 of the true s, and
  a superlinear or a slower-than-serial measurement still gives an s in [0, 1]:
  test_noisy_speedups_give_a_near_fraction_in_range.
"""

import random

import pytest
from amdahl import amdahl_speedup, serial_fraction
from hypothesis import given, settings
from hypothesis import strategies as st

fractions = st.floats(0.0, 1.0)
worker_counts = st.integers(1, 10_000)
checked = settings(max_examples=60, deadline=None, report_multiple_bugs=False)
FORMULA = ("1 / (s + (1 - s) / n): the serial part s takes as long whatever n is; only the "
           "rest, 1 - s, is split n ways")


def amdahl(s: float, n: int) -> float:
    return 1.0 / (s + (1.0 - s) / n)


@checked
@given(fractions, worker_counts)
def test_speedup_follows_amdahls_law(s, n):
    got = amdahl_speedup(s, n)
    assert got == pytest.approx(amdahl(s, n), rel=1e-9), (
        f"amdahl_speedup({s!r}, {n}) gave {got!r}; expected {amdahl(s, n)!r} = {FORMULA}."
    )


def test_the_limits_lawn_baby_and_one_worker():
    n = random.randint(2, 1000)
    lawn, baby = amdahl_speedup(0.0, n), amdahl_speedup(1.0, n)
    assert lawn == pytest.approx(n), (
        f"amdahl_speedup(0.0, {n}) gave {lawn!r}; expected {n}: with nothing serial (a lawn in "
        f"independent patches) {n} workers are {n} times as fast. Use {FORMULA}."
    )
    assert baby == pytest.approx(1.0), (
        f"amdahl_speedup(1.0, {n}) gave {baby!r}; expected 1.0: an all-serial job (making a "
        f"baby) takes as long with {n} helpers as with one. Use {FORMULA}."
    )
    s = random.uniform(0.05, 0.5)
    one, many = amdahl_speedup(s, 1), amdahl_speedup(s, 10**9)
    assert one == pytest.approx(1.0) and many < 1 / s, (
        f"amdahl_speedup({s:.3f}, 1) gave {one!r} and amdahl_speedup({s:.3f}, 10**9) gave "
        f"{many!r}; expected 1.0 (one worker is the serial program) and less than 1 / s = "
        f"{1 / s:.3f} (the serial part alone takes s of the time). Use {FORMULA}."
    )


@checked
@given(fractions, st.sets(st.integers(2, 256), min_size=1, max_size=6))
def test_fit_recovers_the_serial_fraction(s, workers):
    speedups = {n: amdahl(s, n) for n in workers}
    got = serial_fraction(speedups)
    assert got == pytest.approx(s, abs=1e-9), (
        f"serial_fraction({speedups}) gave {got!r}; these speedups are exactly Amdahl's for "
        f"s = {s!r}. Rearranged, 1/S - 1/n = s * (1 - 1/n): each run gives a point "
        "(x = 1 - 1/n, y = 1/S - 1/n) on a line through the origin with slope s; the "
        "least-squares slope is sum(x * y) / sum(x * x)."
    )


def test_one_run_is_enough():
    s, n = random.uniform(0.05, 0.95), random.randint(2, 64)
    speedups = {n: amdahl(s, n)}
    try:
        got = serial_fraction(speedups)
    except (ArithmeticError, ValueError) as error:
        got = error
    assert isinstance(got, float) and got == pytest.approx(s, abs=1e-9), (
        f"serial_fraction({speedups}) gave {got!r}; expected {s!r}. s is the only unknown, so "
        "one run on more than one worker determines it: s = (1/S - 1/n) / (1 - 1/n). A line "
        "with an intercept of its own has two unknowns and needs two runs: fit the slope of "
        "1/S - 1/n against 1 - 1/n through the origin instead."
    )


def test_runs_on_one_worker_say_nothing():
    s = random.uniform(0.05, 0.95)
    runs = {n: amdahl(s, n) for n in random.sample(range(2, 64), 3)}
    given_runs = {1: random.uniform(0.8, 1.2), **runs}
    kept = dict(given_runs)
    with_one = serial_fraction(given_runs)
    assert with_one == pytest.approx(s, abs=1e-9), (
        f"serial_fraction gave {with_one!r} for exact speedups of s = {s!r} plus a noisy run on "
        "1 worker; expected s. A run on one worker is the serial program: it says nothing "
        "about s (its x = 1 - 1/1 is 0), so leave it out of the fit."
    )
    assert given_runs == kept, (
        f"serial_fraction changed the dict it was given from {kept} to {given_runs}; expected "
        "it left as it was: the caller's measurements are not the fit's to change. Skip the "
        "runs on one worker (`if n > 1`) instead of deleting them."
    )
    try:
        alone = serial_fraction({1: 1.0})
    except ValueError:
        return
    except ArithmeticError as error:
        alone = error
    raise AssertionError(
        f"serial_fraction({{1: 1.0}}) gave {alone!r}; expected a ValueError that says there is "
        "nothing to fit: runs on one worker say nothing about s. Check for runs on more than "
        "one worker before dividing, and `raise ValueError(...)` when there are none."
    )


def test_every_run_counts():
    rng = random.Random()
    low, high = rng.uniform(0.05, 0.35), rng.uniform(0.65, 0.95)
    fractions = rng.sample([low, high], 2)  # either may come first, or on more workers
    workers = rng.sample(range(2, 65), 2)
    speedups = {n: amdahl(s, n) for n, s in zip(workers, fractions, strict=True)}
    got = serial_fraction(speedups)
    margin = 0.1 * (high - low)
    assert low + margin <= got <= high - margin, (
        f"serial_fraction({speedups}) gave {got!r}; each run alone is exact for a different "
        f"s ({fractions[0]:.3f} on {workers[0]} workers, {fractions[1]:.3f} on {workers[1]}), "
        f"so the fit must lie between them, at least {margin:.3f} from each. A fit from one "
        "run (the first, the last or the largest) ignores the others: put every run on more "
        "than one worker into the least-squares slope, sum(x * y) / sum(x * x)."
    )
    low, middle, high = rng.uniform(0.05, 0.2), rng.uniform(0.25, 0.4), rng.uniform(0.65, 0.95)
    workers = rng.sample(range(2, 65), 2) + [rng.randint(4, 64)]
    while workers[2] in workers[:2]:
        workers[2] = rng.randint(4, 64)
    fits = []
    for top in (high, high - 0.2):
        runs = {n: amdahl(f, n) for n, f in zip(workers, (low, middle, top), strict=True)}
        fits.append((runs, serial_fraction(runs)))
    (before, fit_before), (after, fit_after) = fits
    assert fit_before - fit_after >= 0.02, (
        f"serial_fraction gave {fit_before!r} for {before} and {fit_after!r} for {after}: the "
        f"run on {workers[2]} workers alone changed, from s = {high:.3f} to {high - 0.2:.3f} "
        f"(still the highest of the three, beside {low:.3f} and {middle:.3f}), and the fit "
        "should have moved down with it by at least 0.02 (a median of the runs' estimates, "
        "for one, ignores how far the outer runs lie and does not move at all). Every run "
        "counts in the least-squares slope, sum(x * y) / sum(x * x)."
    )


@pytest.mark.parametrize("case", ["noise", "superlinear", "slower_than_serial"])
def test_noisy_speedups_give_a_near_fraction_in_range(case):
    rng = random.Random()
    s = rng.uniform(0.0, 1.0)
    workers = rng.sample(range(2, 33), rng.randint(1, 5))
    speedups = {n: amdahl(s, n) * rng.uniform(0.98, 1.02) for n in workers}
    if case == "superlinear":  # caches can make a run faster than n times: s fits below 0
        speedups = {n: n * rng.uniform(1.05, 1.3) for n in workers}
    if case == "slower_than_serial":  # overhead can make a run slower than one worker: s > 1
        speedups = {n: rng.uniform(0.5, 0.95) for n in workers}
    got = serial_fraction(speedups)
    near = {"noise": s, "superlinear": 0.0, "slower_than_serial": 1.0}[case]
    assert 0.0 <= got <= 1.0 and abs(got - near) <= 0.05, (
        f"serial_fraction({ {n: round(v, 4) for n, v in speedups.items()} }) gave {got!r}; "
        f"expected a fraction within 0.05 of {near:.3f}, and always from 0 to 1. Measured "
        "speedups are noisy, and superlinear or slower-than-serial runs put the least-squares "
        "slope below 0 or above 1: keep the result within [0, 1] (min(1.0, max(0.0, fit)))."
    )
