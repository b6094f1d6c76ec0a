"""Query handling and hybrid retrieval over the shipped corpus (BM25 side; dense is tested via the API)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import Chunk
from ingest.pipeline import run_ingest
from retrieval.passages import sentences, windows
from retrieval.query import Analyzer, Decompounder, harvest_definitions, load_synonyms, parse_query
from retrieval.service import IndexMissingError, Retriever, UnknownRegionError, build_retriever
from verwijswijzer.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> Retriever:
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus", data_dir=tmp_path_factory.mktemp("data"), embedder="none")
    run_ingest(settings, progress=False)
    return build_retriever(settings)


def test_query_expansions_are_region_aware() -> None:
    assert "Profiel 6" in parse_query("Wat krijgt een aanbieder voor P6 intensief?", "west-brabant-west").expanded
    nl = parse_query("Mag vaktherapie naast P1?", "noord-limburg").expanded
    assert "Perspectief 1" in nl and "Profiel" not in nl
    assert "niet-gecontracteerde aanbieder" in parse_query("Mag ik een NGA inzetten?").expanded
    assert "ernstige dyslexie" in parse_query("Valt ED onder de jeugdwet?").expanded
    assert "respijtzorg" in parse_query("hoeveel logeren mag ik indiceren").expanded
    # An abbreviation that is also a Dutch word only counts in capitals.
    assert "Haarlems Expertise Team" not in parse_query("wat is het tarief").expanded
    assert parse_query("tarief 45l11 en 54L51").product_codes == ("45L11", "54L51")


def test_decompounding_splits_into_corpus_words() -> None:
    splitter = Decompounder({"pleegzorg": 3, "aanbieder": 5, "dyslexie": 2, "zorg": 9})  # type: ignore[arg-type]
    assert splitter.split("pleegzorgaanbieder") == ("pleegzorg", "aanbieder")
    assert splitter.split("dyslexiezorg") == ("dyslexie", "zorg")
    assert splitter.split("aanbieder") == ()
    tokens = Analyzer(splitter).tokens("De pleegzorgaanbieders en de tarieven")
    assert {"pleegzorg", "aanbieder", "tarief"} <= set(tokens)


def test_a_split_off_particle_joins_its_verb() -> None:
    corpus_words = Decompounder({"aanmelden": 4, "aanmelding": 6, "inzetten": 9, "werken": 3})  # type: ignore[arg-type]
    analyzer = Analyzer(corpus_words)
    stem = analyzer.stemmer.stemWord
    assert {stem("aanmeld"), stem("aanmelden")} <= set(analyzer.tokens("Waar meld ik een jeugdige aan?"))
    assert stem("inzetten") in analyzer.tokens("Zet de GI drang in naast andere hulp?")
    # Before a determiner the particle is a preposition: "werkt aan de doelen" is not "aanwerken".
    assert not any(t.startswith("aanwerk") for t in analyzer.tokens("Hij werkt aan de doelen"))
    assert "aanmeld" not in Analyzer().tokens("Waar meld ik hem aan?")  # no corpus words: nothing joined


def test_abbreviations_the_documents_define_expand_both_ways() -> None:
    texts = ["Het JGT zette een Zorgbegeleider (ZBL) in.", "Aanmelden bij het Jeugd- en Gezinsteam (JGT) of het",
             "Ambulante Hulp met Spoed (AHS) is crisishulp.", "zie bijlage (A) en de tabel (NB)"]
    found = harvest_definitions(texts)
    assert found == {"ZBL": "Zorgbegeleider", "JGT": "Jeugd- en Gezinsteam", "AHS": "Ambulante Hulp met Spoed"}
    synonyms = load_synonyms().with_definitions(found)
    assert "ZBL" in synonyms.expansions("Wat kost een zorgbegeleider?")
    assert "Zorgbegeleider" in synonyms.expansions("Wat doet de ZBL?")
    assert "Zorgbegeleider" not in synonyms.expansions("de zbl")  # a defined abbreviation counts in capitals only
    # The reviewed entry stands: AHS keeps its long form from synonyms.yaml.
    assert synonyms.expansions("Wie meldt aan voor AHS?").count("Ambulante Hulp bij Spoed") == 1
    assert "Ambulante Hulp met Spoed" not in synonyms.expansions("Wie meldt aan voor AHS?")


def test_region_filter_keeps_region_and_general_documents(retriever: Retriever) -> None:
    hits = retriever.search("maatwerk aanvragen geen passende hulp gecontracteerd aanbod", region="lelystad", k=10)
    assert hits and {h.chunk.region for h in hits} <= {"lelystad", "algemeen"}
    assert "algemeen" in {h.chunk.region for h in retriever.search("Geografische redenen maatwerk", "haarlem", 5)}
    everywhere = retriever.search("tarief pleegzorg", region=None, k=10)
    assert {h.chunk.region for h in everywhere} - {"algemeen"}


def test_product_code_and_table_retrieval(retriever: Retriever) -> None:
    top = retriever.search("tarief 44A07 micro-aanbieder", region="noord-limburg", k=3)[0].chunk
    assert "44A07" in top.text and "50,20" in top.text
    pleegzorg = retriever.search("tarief pleegzorg reguliere aanbieder", region="noord-limburg", k=5)
    assert any(h.chunk.block == "table" and "54,31" in h.chunk.text for h in pleegzorg)


def test_section_paths_and_line_ranges_come_back(retriever: Retriever) -> None:
    hit = retriever.search("Ambulante hulp Perspectief 1 doelgroep", region="noord-limburg", k=5)
    assert any("3.4.2 Ambulante hulp Perspectief 1" in h.chunk.section for h in hit)
    for h in hit:
        assert 1 <= h.chunk.line_start <= h.chunk.line_end
        assert retriever.chunk(h.chunk.id) == h.chunk
    scores = [h.score for h in hit]
    assert scores == sorted(scores, reverse=True)


def test_bad_input(retriever: Retriever, tmp_path: Path) -> None:
    with pytest.raises(UnknownRegionError, match="Bekende regio's: noord-limburg"):
        retriever.search("pleegzorg", region="utrecht")
    assert retriever.search("   ", region=None) == []
    with pytest.raises(IndexMissingError, match="verwijswijzer ingest"):
        build_retriever(Settings(corpus_dir=PROJECT_ROOT / "corpus", data_dir=tmp_path, embedder="none"))


def test_concurrent_searches_agree(retriever: Retriever) -> None:
    from concurrent.futures import ThreadPoolExecutor

    expected = [h.chunk.id for h in retriever.search("woonplaatsbeginsel verhuizing", "haarlem", 5)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: [h.chunk.id for h in retriever.search(
            "woonplaatsbeginsel verhuizing", "haarlem", 5)], range(16)))
    assert all(r == expected for r in results)


def test_sentence_windows_carry_the_section_title() -> None:
    chunk = Chunk(id="x", document_id="d", region="algemeen", title="Handboek", section="2 Algemeen > 2.9 Stapeling",
                  text="Kop\nEerste zin. Tweede zin; derde zin.\n- Punt een", line_start=1, line_end=4)
    assert sentences(chunk) == ["Kop", "Eerste zin.", "Tweede zin; derde zin.", "- Punt een"]
    assert windows(chunk)[1] == "2.9 Stapeling: Eerste zin. Tweede zin; derde zin."
    assert len(windows(chunk)) == 3


def test_the_answering_sentence_ranks_its_chunk_first(retriever: Retriever) -> None:
    """A rule stated in one sentence of a long chunk about other products still wins (sentence-window scoring)."""
    hits = retriever.search("Mag ik vaktherapie en ambulante hulp perspectief 1 samen inzetten?", "noord-limburg", 5)
    assert any("Vaktherapie en Ambulante hulp perspectief 1. Waarom mag dit niet samen?" in h.chunk.text
               for h in hits)
    tariffs = retriever.search("Wat krijgt de aanbieder voor profiel 4 intensief?", "west-brabant-west", 3)
    assert "Profiel 4 € 1.236,- € 5.152,- € 10.302,-" in tariffs[0].chunk.text


def test_no_passage_comes_back_twice(retriever: Retriever) -> None:
    hits = retriever.search("arrangement Acuut crisiszorg", "west-brabant-west", 10)
    texts = [h.chunk.text for h in hits]
    assert len(texts) == len(set(texts)) == 10


def test_expansions_are_grouped_by_the_words_that_named_them() -> None:
    groups = load_synonyms().expansion_groups("Mag een light-contract worden verlengd?")
    assert [(g.trigger, g.terms[0]) for g in groups] == [("light-contract", "maatwerkovereenkomst")]


def test_an_abbreviation_expands_as_the_first_part_of_a_compound() -> None:
    synonyms = load_synonyms()
    assert "Haarlems Expertise Team" in synonyms.expansions("Wie zitten er in het HET-overleg?")
    assert "Haarlems Expertise Team" not in synonyms.expansions("Wie zitten er in het overleg?")
