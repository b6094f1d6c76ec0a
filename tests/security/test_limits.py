"""Bad input gets a clear Dutch 4xx: length, body size, JSON depth, rate, uploads."""

from __future__ import annotations

import io
import zlib

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient
from fpdf import FPDF

from api.app import create_app
from api.limits import RateLimiter, json_depth
from api.uploads import check_upload
from assistant.engine import Assistant
from tests.security.conftest import KEYS, OTHER, USER
from verwijswijzer.settings import Settings


def test_message_too_long_is_422_in_dutch(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": "x" * 4001})
    assert r.status_code == 422
    assert "te lang" in r.json()["detail"] and "4000" in r.json()["detail"]
    r = client.post("/v1/chat", json={})
    assert r.status_code == 422 and "ontbreekt" in r.json()["detail"]


def test_body_too_large_is_413(client: TestClient) -> None:
    r = client.post("/v1/chat", content=b'{"message": "' + b"a" * 70_000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "te groot" in r.json()["detail"]


def test_chunked_body_too_large_is_413(client: TestClient) -> None:
    def chunks():  # no Content-Length: the middleware counts while reading
        yield b'{"message": "'
        for _ in range(100):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/v1/chat", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_deep_json_is_400_not_500(client: TestClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    r = client.post("/v1/chat", content=deep, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "genest" in r.json()["detail"]
    assert json_depth(b'{"a": "[[[[[[", "b": [[1]]}') == 3  # brackets inside strings do not count


def test_rate_limit_per_key_with_retry_after(settings: Settings, assistant: Assistant) -> None:
    limited = settings.model_copy(update={"api_keys": KEYS, "rate_limit_per_minute": 6, "rate_limit_burst": 3})
    assistant.settings = limited
    with TestClient(create_app(limited, assistant)) as c:
        body = {"message": "Wat is logeren?", "region": "noord-limburg"}
        codes = [c.post("/v1/chat", json=body, headers=USER).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = c.post("/v1/chat", json=body, headers=USER)
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 10
        assert "Te veel verzoeken" in r.json()["detail"]
        assert c.post("/v1/chat", json=body, headers=OTHER).status_code == 200  # another key has its own bucket
        assert c.get("/health").status_code == 200  # probes are never limited


def test_token_bucket_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.wait_for("k") for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]
    now[0] = 1.0
    assert limiter.wait_for("k") == 0.0


# -- uploads -------------------------------------------------------------------------------------------------------
def pdf_bytes(pages: int = 1, text: str = "Logeren in Noord-Limburg.") -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates from a few kB to ``inflated`` bytes."""
    stream = zlib.compress(b" " * inflated, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def rejected(name: str, data: bytes, settings: Settings) -> tuple[int, str]:
    with pytest.raises(HTTPException) as info:
        check_upload(name, data, settings)
    return info.value.status_code, str(info.value.detail)


def test_uploads_are_checked(settings: Settings) -> None:
    assert check_upload("folder.pdf", pdf_bytes(), settings) == "pdf"
    assert check_upload("notitie.txt", b"Logeren is tijdelijk verblijf.", settings) == "text"
    assert rejected("folder.pdf", b"<html>not a pdf</html>", settings)[0] == 415
    assert rejected("folder.pdf", b"%PDF-1.7\n garbage without objects", settings)[0] == 422
    assert rejected("virus.exe", b"MZ\x90\x00", settings)[0] == 415
    assert rejected("notitie.txt", pdf_bytes(), settings)[0] == 415
    assert rejected("notitie.txt", b"\xff\xfe\x00n\x00i", settings)[0] == 415
    assert rejected("leeg.pdf", b"", settings)[0] == 422
    small = settings.model_copy(update={"upload_max_pages": 3, "upload_max_bytes": 50_000,
                                        "upload_max_decompressed_bytes": 1_000_000})
    code, detail = rejected("dik.pdf", pdf_bytes(pages=4), small)
    assert code == 422 and "4 pagina's" in detail
    assert rejected("groot.pdf", b"%PDF-1.4\n" + b"0" * 60_000, small)[0] == 413
    bomb = bomb_pdf(20_000_000)
    assert len(bomb) < 50_000
    code, detail = rejected("bom.pdf", bomb, small)
    assert code == 422 and "decompressiebom" in detail


def test_bad_uploads_are_refused_and_change_nothing(client: TestClient, settings: Settings) -> None:
    index = settings.data_dir / "index" / "chunks.json"
    before = index.read_bytes()
    form = {"document_id": "nl-test-upload", "title": "Testdocument", "region": "noord-limburg"}
    cases = [("folder.pdf", b"<html>geen pdf</html>", 415), ("kapot.pdf", b"%PDF-1.7\n kapot", 422),
             ("bom.pdf", bomb_pdf(60_000_000), 422), ("virus.exe", b"MZ\x90\x00", 415)]
    for name, data, status in cases:
        r = client.post("/v1/documents", files={"file": (name, data, "application/octet-stream")}, data=form)
        assert r.status_code == status, (name, r.text)
        assert r.json()["detail"] and isinstance(r.json()["detail"], str)
    assert index.read_bytes() == before
    assert not list((settings.data_dir / "uploads").glob("nl-test-upload*"))
