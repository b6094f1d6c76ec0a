"""Checks on an uploaded document before it may reach the ingest pipeline.

A PDF must be a real PDF (magic bytes, parseable, not encrypted), have at most ``upload_max_pages`` pages, and its
page content must not decompress beyond ``upload_max_decompressed_bytes`` (a decompression bomb is refused before
any text is extracted). Text files must be UTF-8 text. Everything else is refused with a Dutch 4xx.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path, PurePath
from typing import Literal

from fastapi import HTTPException
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError

from assistant.privacy import KIND_NAMES, PLACEHOLDERS, Redaction, Redactor
from ingest.loaders import PAGES_SUFFIX, load_source
from verwijswijzer.settings import Settings

PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = {".txt", ".md"}
BINARY_MAGIC = (PDF_MAGIC, b"PK\x03\x04", b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")

UploadKind = Literal["pdf", "text"]


def check_upload(filename: str, data: bytes, settings: Settings) -> UploadKind:
    """The kind of a valid upload; raises HTTPException 413/415/422 with the reason otherwise."""
    if not data:
        raise HTTPException(422, "Het bestand is leeg.")
    if len(data) > settings.upload_max_bytes:
        raise HTTPException(413, f"Het bestand is te groot (maximaal {settings.upload_max_bytes // (1024 * 1024)} MB).")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".pdf":
        check_pdf(data, settings)
        return "pdf"
    if suffix in TEXT_SUFFIXES:
        check_text(data)
        return "text"
    raise HTTPException(415, "Alleen PDF- en tekstbestanden (.pdf, .txt, .md) kunnen worden toegevoegd.")


def check_text(data: bytes) -> None:
    if data.startswith(BINARY_MAGIC) or b"\x00" in data:
        raise HTTPException(415, "Dit is geen tekstbestand; upload een PDF als .pdf.")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(422, "Het tekstbestand is geen geldige UTF-8-tekst.") from exc


def check_pdf(data: bytes, settings: Settings) -> None:
    if not data.lstrip()[:1024].startswith(PDF_MAGIC):
        raise HTTPException(415, "Dit bestand is geen echte PDF (het begint niet met %PDF-).")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise HTTPException(422, "De PDF is beveiligd met een wachtwoord en kan niet worden gelezen.")
        pages = len(reader.pages)
        if pages == 0:
            raise HTTPException(422, "De PDF heeft geen pagina's.")
        if pages > settings.upload_max_pages:
            raise HTTPException(422, f"De PDF heeft {pages} pagina's; het maximum is {settings.upload_max_pages}.")
        total = 0
        for page in reader.pages:
            contents = page.get_contents()
            total += len(contents.get_data()) if contents is not None else 0
            if total > settings.upload_max_decompressed_bytes:
                raise _bomb()
    except LimitReachedError as exc:
        raise _bomb() from exc
    except HTTPException:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise HTTPException(422, "De PDF is beschadigd en kan niet worden gelezen.") from exc


def _bomb() -> HTTPException:
    return HTTPException(422, "De PDF pakt uit tot een onredelijk grote inhoud (mogelijk een decompressiebom) "
                              "en is geweigerd.")


def store_redacted(data: bytes, kind: UploadKind, target: Path, redactor: Redactor) -> Redaction:
    """Write the upload's citable lines, with personal data replaced, to ``target`` (a text file; a PDF's pages
    beside it); the uploaded bytes themselves are never stored. Raises LoadError for a file without text."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / ("upload.pdf" if kind == "pdf" else "upload.txt")
        raw.write_bytes(data)
        source = load_source(raw)
    redaction = redactor.redact("\n".join(source.lines))
    lines = redaction.text.split("\n")
    assert len(lines) == len(source.lines), "redaction keeps every line"  # placeholders hold no line breaks
    target.parent.mkdir(parents=True, exist_ok=True)
    pages = target.with_name(target.name + PAGES_SUFFIX)
    if source.pages:
        pages.write_text(json.dumps(source.pages), encoding="utf-8")
    else:
        pages.unlink(missing_ok=True)
    part = target.with_name(f".{target.name}.part")
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    part.replace(target)
    return redaction


def upload_notice(redaction: Redaction) -> str:
    """What the uploader is told about the personal data found (Dutch), or '' when there was none."""
    if not redaction.changed:
        return ""
    found = ", ".join(f"{redaction.counts[k]}× {KIND_NAMES[k]}" for k in redaction.kinds)
    shown = ", ".join(PLACEHOLDERS[k] for k in redaction.kinds)
    return (f"Het document bevatte persoonsgegevens ({found}). Die zijn vervangen door {shown} voordat het "
            "document werd opgeslagen en doorzoekbaar gemaakt.")
