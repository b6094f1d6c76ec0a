"""An uploaded document with personal data is redacted at ingest, before it is stored, indexed or quoted, and
the uploader is told what was found. Only the redacted text is kept (a PDF's page numbers beside it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ingest.loaders import load_source
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore
from tests.procs import small_corpus
from tests.security.conftest import make_assistant, settings_for
from verwijswijzer.settings import Settings

CASE = ("Werkwijze light-contracten bij verblijf buiten de regio.\n"
        "Voorbeeld: cliënt Sanne Jansen, BSN 111222333, geboren 12-03-2015, woont op Kerkstraat 12 in Haarlem.\n"
        "Moeder is bereikbaar op 06-12345678 of sanne.moeder@example.nl; IBAN NL91 ABNA 0417 1643 00.\n"
        "De consulent vraagt het light-contract aan bij de afdeling inkoop.\n")
SECRETS = ["Sanne", "Jansen", "111222333", "12-03-2015", "Kerkstraat", "12345678", "example.nl", "0417"]


@pytest.fixture
def uploads(tmp_path: Path) -> Iterator[tuple[TestClient, Settings]]:
    corpus = small_corpus(tmp_path / "corpus")
    settings = settings_for(corpus, tmp_path / "data", audit_log=tmp_path / "audit.jsonl")
    run_ingest(settings, progress=False)
    with TestClient(create_app(settings, make_assistant(settings))) as client:
        yield client, settings


def upload(client: TestClient, name: str, data: bytes, document_id: str) -> dict[str, object]:
    r = client.post("/v1/documents", files={"file": (name, data, "application/octet-stream")},
                    data={"document_id": document_id, "title": "Werkinstructie", "region": "haarlem"})
    assert r.status_code == 201, r.text
    return r.json()


def stored_everywhere(settings: Settings) -> str:
    parts = [p.read_text(encoding="utf-8", errors="replace") for p in (settings.data_dir / "uploads").iterdir()]
    parts.append(json.dumps([c.model_dump() for c in ChunkStore(settings.data_dir).load().chunks], ensure_ascii=False))
    return "\n".join(parts)


def test_a_text_upload_is_redacted_and_the_uploader_told(uploads: tuple[TestClient, Settings]) -> None:
    client, settings = uploads
    body = upload(client, "werkinstructie.txt", CASE.encode(), "haarlem-werkinstructie")
    found = body["personal_data"]["found"]  # type: ignore[index]
    assert {"name", "bsn", "birth_date", "address", "phone", "email", "iban"} <= set(found)
    notice = body["personal_data"]["notice"]  # type: ignore[index]
    assert "persoonsgegevens" in notice and "[BSN]" in notice
    stored = stored_everywhere(settings)
    assert not [s for s in SECRETS if s in stored]
    assert "[BSN]" in stored and "light-contract aan bij de afdeling inkoop" in stored  # the policy text stays
    hits = client.get("/v1/search", params={"q": "voorbeeld light-contract cliënt", "region": "haarlem"}).json()
    quoted = " ".join(h["text"] for h in hits["results"])
    assert "[NAAM]" in quoted and not [s for s in SECRETS if s in quoted]


def test_a_pdf_upload_keeps_its_pages_but_not_the_personal_data(uploads: tuple[TestClient, Settings]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for page_text in (CASE.split("\n", 1)[0], CASE.split("\n", 1)[1]):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, page_text, new_x="LMARGIN", new_y="NEXT")
    body = upload(client := uploads[0], "werkinstructie.pdf", bytes(pdf.output()), "haarlem-werkinstructie-pdf")
    assert body["personal_data"]["found"]  # type: ignore[index]
    settings = uploads[1]
    assert not list((settings.data_dir / "uploads").glob("*.pdf"))  # the uploaded bytes are not kept
    stored = stored_everywhere(settings)
    assert not [s for s in SECRETS if s in stored]
    source = load_source(settings.data_dir / "uploads" / "haarlem-werkinstructie-pdf.txt")
    assert source.pages is not None and source.pages[0] == 1 and source.pages[-1] == 2  # the pages survive
    assert any("[BSN]" in line for line, page in zip(source.lines, source.pages, strict=True) if page == 2)
    assert client.get("/v1/documents").status_code == 200


def test_a_clean_upload_says_nothing_was_found(uploads: tuple[TestClient, Settings]) -> None:
    body = upload(uploads[0], "beleid.md", b"# Beleid\n\nEen light-contract vraag je aan bij inkoop.\n", "haarlem-bel")
    assert body["personal_data"] == {"found": {}, "notice": ""}


def test_search_and_chat_see_an_upload_at_once(uploads: tuple[TestClient, Settings]) -> None:
    client = uploads[0]
    text = ("Zebrapaardtarief bij light-contracten.\n"
            "Het zebrapaardtarief voor een light-contract is € 12,34 per uur en geldt alleen in Haarlem.\n")
    question = {"q": "Wat is het zebrapaardtarief voor een light-contract?", "region": "haarlem"}
    assert not any("zebrapaard" in h["text"].lower() for h in client.get("/v1/search", params=question).json()[
        "results"])
    upload(client, "zebra.txt", text.encode(), "haarlem-zebra")
    hits = client.get("/v1/search", params=question).json()["results"]
    assert hits and hits[0]["document_id"] == "haarlem-zebra"
    answer = client.post("/v1/chat", json={"message": question["q"], "region": "haarlem"}).json()
    assert "12,34" in answer["text"] and {c["document_id"] for c in answer["citations"]} == {"haarlem-zebra"}
