"""Fixtures: a tiny corpus in the shipped format (manifest + .txt with PDF-extraction artifacts) and real PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fpdf import FPDF

# "<ws>" marks whitespace-only lines, which the extractions use as paragraph breaks.
HANDBOOK = """ 1. Verwijzen

1.1 Wie mag verwijzen

De gemeentelijke toegang mag verwijzen naar jeugdhulp om samenwerking te stimuleren. Ook de huisarts

mag verwijzen, maar de

gemeente wordt dan wel geïnformeerd over de verwijzing en het stimu-

leren van de samenwerking met de Noord-

Limburg toegang.
<ws>
• Een eerste opsomming met een punt

• Een tweede opsomming over hulp- of

ondersteuningsvraag
<ws>
https://www.example.org/verwijzen
https://www.example.org/verwijzen
 2. Algemene punten

2.1 Tarieven en bekostiging van de ambulante hulp Perspectief 1 voor jeugdigen en

hun ouders

Bekostiging

Product Productcode Eenheid Tarief

Ambulante hulp P1 licht 45L11 Traject Micro-aanbieder:

€1.234,56

Reguliere aanbieder:

€1.345,67

Ambulante hulp P1 midden 45L12 Traject Micro-aanbieder:

€2.234,56

Reguliere aanbieder:

€2.345,67
<ws>
Pleegzorg duurt tot de jongere 21 jaar is. Daarna stopt de hulp, tenzij er een

verlenging wordt

<ws>

<ws>
Handboek voor verwijzers, versie 1.0

12
<ws>

aangevraagd bij de gemeente. Logeren is respijtzorg voor ouders.
""".replace("<ws>", "   ")


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "handboek.txt").write_text(HANDBOOK, encoding="utf-8")
    (corpus / "algemeen.md").write_text(
        "# Afwegingskader\n\nMaatwerk kan worden ingezet als er geen passende hulp is binnen het gecontracteerde "
        "aanbod.\n\n## Redenen\n\nGeografische redenen: de hulp moet buiten het werkgebied worden geleverd.\n",
        encoding="utf-8")
    manifest = {
        "regions": {"noord-limburg": {"name": "Noord-Limburg", "municipalities": ["Venlo"]},
                    "haarlem": {"name": "Haarlem", "municipalities": ["Haarlem"]}},
        "documents": [
            {"id": "handboek", "file": "handboek.txt", "title": "Handboek verwijzers", "region": "noord-limburg",
             "kind": "handbook", "binding": "test", "version": "1"},
            {"id": "kader", "file": "algemeen.md", "title": "Afwegingskader", "region": "algemeen",
             "kind": "framework", "binding": "test", "version": "1"},
        ],
    }
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return corpus


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF, one list of lines per page."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
