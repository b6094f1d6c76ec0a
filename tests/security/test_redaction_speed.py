"""No detector backtracks: hostile text is redacted in time linear in its length.

Python's ``re`` holds the GIL while it matches, so one super-linear pattern freezes the whole service. Each
input below attacks one shape (repeated interfixes after a name, long runs of capitals, of digits and
separators, of e-mail and date characters); each is timed at 4,000 and at 16,000 characters. The bound is a
budget, not a benchmark: 50 ms for 4,000 characters, and four times the text may cost at most eight times
the time (linear is four; quadratic would be sixteen).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from assistant.privacy import PiiRedactor, redactor_for
from assistant.privacy.normalise import normalise
from assistant.privacy.patterns import dates, emails, ibans, numbers, postcodes
from verwijswijzer.settings import PROJECT_ROOT

HOSTILE = {
    "interfixes after a name": "Jan " + "van de " * 3000,
    "interfixes then lower case": ("Jan " + "van de " * 40 + "x ") * 100,
    "capitalised words": "Jansen " * 3000,
    "capitals without spaces": "A" * 20000,
    "title cues": "mevrouw " * 3000,
    "relation cues and names": "moeder Sanne " * 2000,
    "lower-case first names": "sanne " * 4000,
    "digits and dots": "1." * 10000,
    "digits and separators": "06 - " * 5000,
    "digits with mixed separators": "12/34-56 (7) " * 2000,
    "iban-like": "NL91" + "ABNA" * 5000,
    "e-mail characters": "a.b" * 7000 + "@",
    "e-mail obfuscations": "j.devries [at] " * 2000,
    "at words": "jan at " * 3000,
    "dates": "12-03-" * 4000,
    "birth cues": "geboren op " * 3000,
    "postcodes": "5911 AB " * 3000,
    "streets": "kerkstraat " * 3000 + "12",
    "hyphenated words": "Van-" * 5000,
    "apostrophes": "'t " * 7000,
    "zero-width spaces": "1\u200b" * 10000,
}


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def redactor() -> PiiRedactor:
    redactor = redactor_for(PROJECT_ROOT / "corpus")
    redactor.redact("warm-up: Jan de Vries, 06-12345678")
    return redactor


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_redacted_in_linear_time(redactor: PiiRedactor, name: str) -> None:
    text = HOSTILE[name]
    short, long = text[:4000], text[:16000]
    t_short = best_of(lambda: redactor.redact(short))
    t_long = best_of(lambda: redactor.redact(long))
    assert t_short < 0.050, f"{name}: 4,000 characters took {t_short * 1000:.1f} ms"
    assert t_long < max(8 * t_short, 0.020), f"{name}: {t_short * 1000:.1f} ms → {t_long * 1000:.1f} ms at 4× the text"


@pytest.mark.parametrize("detector", [emails, ibans, numbers, postcodes, dates], ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", HOSTILE)
def test_each_pattern_detector_is_linear(detector: Callable[[str], object], name: str) -> None:
    text = normalise(HOSTILE[name])
    t_short = best_of(lambda: list(detector(text[:4000])))  # type: ignore[call-overload]
    t_long = best_of(lambda: list(detector(text[:16000])))  # type: ignore[call-overload]
    assert t_short < 0.050
    assert t_long < max(8 * t_short, 0.010), f"{t_short * 1000:.2f} ms → {t_long * 1000:.2f} ms"
