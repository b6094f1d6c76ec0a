"""Loaders, cleaning and structure-aware chunking on real files (text fixture, real PDFs, the shipped corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import chunk_source
from ingest.loaders import LoadError, load_source
from ingest.quotes import is_verbatim, locate
from tests.ingest.conftest import make_pdf
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


def _chunks(path: Path):
    return chunk_source(load_source(path), "handboek", "noord-limburg", "Handboek verwijzers")


def test_txt_lines_are_the_files_own_lines(corpus_dir: Path) -> None:
    source = load_source(corpus_dir / "handboek.txt")
    assert source.lines == (corpus_dir / "handboek.txt").read_text(encoding="utf-8").splitlines()
    assert source.pages is None


def test_cleaning_mends_hyphens_and_drops_urls_footers_and_page_numbers(corpus_dir: Path) -> None:
    text = "\n".join(c.text for c in _chunks(corpus_dir / "handboek.txt"))
    assert "het stimuleren van de samenwerking met de Noord-Limburg toegang." in text
    assert "hulp- of ondersteuningsvraag" in text  # a suspended compound keeps its space
    assert "example.org" not in text
    assert "versie 1.0" not in text and " 12 " not in text
    # The footer sat mid-sentence; the sentence is whole again.
    assert "tenzij er een verlenging wordt aangevraagd bij de gemeente." in text
    assert "- Een eerste opsomming met een punt" in text and "•" not in text


def test_sections_wrapped_headings_and_tables(corpus_dir: Path) -> None:
    chunks = _chunks(corpus_dir / "handboek.txt")
    sections = [c.section for c in chunks]
    assert "1. Verwijzen > 1.1 Wie mag verwijzen" in sections
    table = next(c for c in chunks if c.block == "table")
    assert table.section.startswith(
        "2. Algemene punten > 2.1 Tarieven en bekostiging van de ambulante hulp Perspectief 1 voor jeugdigen en hun "
        "ouders")
    assert "45L11" in table.text and "€1.234,56" in table.text and "45L12" in table.text and "€2.345,67" in table.text
    # No chunk crosses a top-level section.
    assert not any("Verwijzen" in c.section and "Pleegzorg" in c.text for c in chunks)
    assert all(c.section.split(" > ")[0] in {"1. Verwijzen", "2. Algemene punten"} for c in chunks)


def test_every_chunk_sentence_is_quotable_from_its_line_range(corpus_dir: Path) -> None:
    source = load_source(corpus_dir / "handboek.txt")
    for chunk in _chunks(corpus_dir / "handboek.txt"):
        for sentence in filter(None, (s.strip("- ").strip() for s in SENTENCE.split(chunk.text))):
            quote = locate(source.lines, chunk.line_start, chunk.line_end, sentence)
            assert quote is not None, sentence
            assert is_verbatim(source.lines, quote.line_start, quote.line_end, quote.text)


def test_pdf_keeps_pages_and_line_ranges(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "kader.pdf", [
        ["1. Inleiding", "Dit kader helpt bij het besluit om maatwerk in te zetten.", "Lees het goed."],
        ["2. Redenen", "Geografische redenen: de hulp moet buiten het werkgebied worden geleverd."],
    ])
    source = load_source(pdf)
    assert source.pages is not None and set(source.pages) == {1, 2}
    chunks = chunk_source(source, "kader", "algemeen", "Kader")
    second = next(c for c in chunks if "Geografische" in c.text)
    assert second.page == 2 and second.section == "2. Redenen"
    assert source.page_of(second.line_start) == 2
    quote = locate(source.lines, second.line_start, second.line_end, "de hulp moet buiten het werkgebied worden")
    assert quote is not None and source.pages[quote.line_start - 1] == 2


def test_markdown_headings(corpus_dir: Path) -> None:
    chunks = chunk_source(load_source(corpus_dir / "algemeen.md"), "kader", "algemeen", "Afwegingskader")
    # Two short sections fit one chunk: it carries the first section's path and both headings without '#'.
    assert [c.section for c in chunks] == ["Afwegingskader"]
    assert chunks[0].text.splitlines()[0] == "Afwegingskader" and "#" not in chunks[0].text


def test_broken_and_unsupported_files_raise_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4 dit is geen pdf")
    with pytest.raises(LoadError, match=r"kapot\.pdf"):
        load_source(broken)
    (tmp_path / "leeg.txt").write_text("  \n\n", encoding="utf-8")
    with pytest.raises(LoadError, match="geen tekst"):
        load_source(tmp_path / "leeg.txt")
    (tmp_path / "x.xlsx").write_bytes(b"x")
    with pytest.raises(LoadError, match="niet ondersteund"):
        load_source(tmp_path / "x.xlsx")


def test_shipped_corpus_structure_and_quotability() -> None:
    """Over the whole shipped corpus: >= 99% of chunk sentences quote verbatim from the chunk's own lines."""
    catalogue = load_catalogue(PROJECT_ROOT / "corpus")
    total = found = 0
    by_doc = {}
    for doc in catalogue.documents:
        source = load_source(catalogue.path(doc.id))
        chunks = chunk_source(source, doc.id, doc.region, doc.title)
        by_doc[doc.id] = chunks
        for chunk in chunks:
            for sentence in (s.strip("- ").strip() for s in SENTENCE.split(chunk.text)):
                if sum(ch.isalnum() for ch in sentence) < 8:
                    continue
                total += 1
                found += locate(source.lines, chunk.line_start, chunk.line_end, sentence) is not None
    assert total > 5000 and found / total >= 0.99
    handbook = by_doc["noord-limburg-handboek"]
    assert any(c.section.startswith("3. Maatwerkdiensten jeugd > 3.4 Ambulant > 3.4.2 Ambulante hulp Perspectief 1")
               for c in handbook)
    # A heading that wraps over two lines (2.5) is whole in the section path.
    assert any("2.5 Wat is géén jeugdhulp en valt niet onder verantwoordelijkheid van de gemeente" in c.section
               for c in handbook)
    pleegzorg = next(c for c in handbook if c.block == "table" and "44A07 Etmaal" in c.text)
    assert "Micro-aanbieder" in pleegzorg.text and "54,31" in pleegzorg.text
    # A table carries its caption and column headers, so a row's amounts keep their meaning.
    wbw_tariffs = next(c for c in by_doc["wbw-jeugdhulpcatalogus"] if "Profiel 4 € 1.236" in c.text)
    assert wbw_tariffs.block == "table"
    assert wbw_tariffs.text.startswith("Tarieven laagcomplex Acuut Perspectief Intensief Duurzaam")
    # Chunks never cross a top-level section.
    for chunks in by_doc.values():
        for chunk in chunks:
            assert chunk.line_start <= chunk.line_end
    assert {c.section.split(" > ")[0] for c in by_doc["wbw-jeugdhulpcatalogus"]} >= {
        "Procedure Toewijzing jeugdhulp", "Niet vrij toegankelijke zorg", "Tarieven en facturatie"}
    # Memo sections numbered under "Ad. B." are headings also when they wrap onto a lower-case line or run to 16
    # words; a numbered list a lead-in announces ("…, 2020): 1. Landelijk Maatwerkloket …") is not.
    haarlem = {c.section for c in by_doc["haarlem-light-contracten"]}
    assert any(s.endswith("1. Er is contact geweest met potentiële aanbieder(s) binnen het reguliere "
                          "gecontracteerde aanbod > Beperkt meedenken gecontracteerde aanbieders") for s in haarlem)
    assert "Ad. A. Inhoudelijke eisen > 2. Een light-contract is alleen mogelijk bij acute crisis of ernstig nadeel " \
           "bij niet snelle plaatsing" in haarlem
    assert "Ad. B. Proceseisen > 3. Light-contracten altijd in overleg tussen CJG, GI en contractmanagement" in haarlem
    lelystad = {c.section for c in by_doc["lelystad-eenvoudig-maatwerk"]}
    assert not any("Landelijk Maatwerkloket" in s or "De studie is nog" in s for s in lelystad)
    # The next section of a running sequence is a heading also after a sentence a page break cut off; the table
    # of contents (short lines only) stays out.
    wbw = [c.section for c in by_doc["wbw-jeugdhulpcatalogus"]]
    assert "Overige thema's > 10. Regionale Experttafel (RET) en opschaalroute > Regionale Experttafel (RET)" in wbw
    assert "Overige thema's > 11. Ernstige dyslexie (niet binnen het stelsel WBW)" in wbw
    assert not any(s.startswith("Introductie op de Jeugdhulpcatalogus > 1") for s in wbw)
    memo = by_doc["haarlem-light-contracten"]
    overleg = next(c for c in memo if c.section.endswith("3. Light-contracten altijd in overleg tussen CJG, GI en "
                                                          "contractmanagement"))
    assert overleg.headings[0] == "3. Light-contracten altijd in overleg tussen CJG, GI en contractmanagement"
    assert overleg.text.startswith(overleg.headings[0])
    # A sentence a page break cut ("… Voor de profielen 2 tot en met | 50 | 5 is het uitgangspunt …") is whole.
    assert any("Voor de profielen 2 tot en met 5 is het uitgangspunt maximaal 3 tranches" in c.text
               for c in by_doc["wbw-jeugdhulpcatalogus"])
