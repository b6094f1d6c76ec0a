"""Places and products outside the documents are named in a refusal, not answered with a nearby passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import ChatRequest
from assistant.scope import place_outside, product_elsewhere
from tests.conftest import real_engine
from verwijswijzer.corpus import Catalogue, load_catalogue
from verwijswijzer.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(PROJECT_ROOT / "corpus")


@pytest.mark.parametrize(("question", "outside"), [
    ("Hoe lang duurt een indicatie in Utrecht?", "Utrecht"),
    ("Welke stappen gelden voor de regio Midden-Limburg?", "Midden-Limburg"),
    ("Wat is de regeling in Roermond voor logeren?", "Roermond"),
    ("Wat kost logeren in Flevoland?", "Flevoland"),
    ("Hoe lang duurt een indicatie in Venlo?", None),  # a municipality of a described region
    ("Welke jeugdhulp is er in Bergen op Zoom?", None),
    ("Wat kost logeren in Limburg?", None),  # holds Noord-Limburg
    ("Cliënt komt uit Utrecht en verhuist naar Venlo; wat kost P1?", None),  # background, not what is asked
    ("Wat kost logeren?", None),
])
def test_a_place_the_question_asks_about(catalogue: Catalogue, question: str, outside: str | None) -> None:
    found = place_outside(question, catalogue)
    assert (found.what if found else None) == outside
    if found:
        assert found.kind == "place" and "Noord-Limburg" in found.covered


def test_a_product_only_other_regions_have(catalogue: Catalogue) -> None:
    found = product_elsewhere("Wat kost GGZ zwaar?", "lelystad", catalogue, lambda _: False)
    assert found is not None and found.what == "GGZ zwaar" and found.covered == ["Noord-Limburg"]
    # written in the region's own documents, or known to the region's rule data: not outside
    assert product_elsewhere("Wat kost GGZ zwaar?", "lelystad", catalogue, lambda _: True) is None
    assert product_elsewhere("Wat kost GGZ zwaar?", "noord-limburg", catalogue, lambda _: False) is None
    assert product_elsewhere("Wat kost een fietskar?", "lelystad", catalogue, lambda _: False) is None


def test_the_refusal_names_what_is_missing_and_what_is_covered(indexed_data: Path, tmp_path: Path) -> None:
    engine = real_engine(Settings(data_dir=indexed_data, embedder="none",
                                  database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    place = engine.chat(ChatRequest(message="Hoe lang duurt een indicatie in Utrecht?", region="noord-limburg"))
    assert place.kind == "refusal" and "Lelystad" in place.text
    assert place.text.startswith("Utrecht staat niet in de documenten: die beschrijven")
    product = engine.chat(ChatRequest(message="Wat kost GGZ zwaar?", region="lelystad"))
    assert product.kind == "refusal" and "GGZ zwaar komt in de documenten voor Lelystad niet voor" in product.text
