"""The synthetic scale corpus: re-labelled, perturbed copies that the catalogue accepts."""

from __future__ import annotations

from pathlib import Path

from eval.bench import make_synthetic_corpus, questions
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT


def test_synthetic_corpus_has_factor_copies_with_distinct_ids_and_text(tmp_path: Path) -> None:
    source = load_catalogue(PROJECT_ROOT / "corpus")
    files = make_synthetic_corpus(PROJECT_ROOT / "corpus", tmp_path, 3)
    scaled = load_catalogue(tmp_path)
    assert files == len(scaled.documents) == 3 * len(source.documents)
    assert len({d.id for d in scaled.documents}) == files
    original = scaled.path("noord-limburg-handboek").read_text(encoding="utf-8")
    copy = scaled.path("noord-limburg-handboek-kopie1").read_text(encoding="utf-8")
    assert original == source.path("noord-limburg-handboek").read_text(encoding="utf-8")
    assert copy != original and len(copy.split("\n")) == len(original.split("\n"))  # same lines, other text
    assert scaled.document("noord-limburg-handboek-kopie2").region == "noord-limburg"


def test_bench_questions_carry_their_region() -> None:
    pool = questions()
    assert len(pool) == 12
    assert ("Wat kost GGZ?", "noord-limburg") in pool
