"""The documents behind the answers: list them with versions and index status, and add new ones (admin)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.auth import Admin, User
from api.uploads import check_upload, store_redacted, upload_notice
from ingest.loaders import PAGES_SUFFIX, LoadError
from ingest.store import ChunkStore
from verwijswijzer.corpus import GENERAL_REGION, DocumentMeta, load_uploads, save_uploads

router = APIRouter(prefix="/v1", tags=["documents"])
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


@router.get("/documents")
async def documents(request: Request, who: User) -> dict[str, Any]:
    """Every document with its region, version and binding status, and how much of it is indexed."""
    assistant = request.app.state.assistant
    state = await run_in_threadpool(ChunkStore(request.app.state.settings.data_dir).load)
    counts: dict[str, int] = {}
    for chunk in state.chunks:
        counts[chunk.document_id] = counts.get(chunk.document_id, 0) + 1
    return {
        "index": {"status": "ready" if state.chunks else "empty", "chunks": len(state.chunks)},
        "documents": [{**d.model_dump(), "chunks": counts.get(d.id, 0),
                       "indexed": d.id in state.documents} for d in assistant.catalogue.documents],
    }


@router.post("/documents", status_code=201)
async def upload(
    request: Request,
    who: Admin,
    file: Annotated[UploadFile, File(description="PDF, .txt of .md")],
    document_id: Annotated[str, Form(description="Korte id, bv. 'haarlem-beleidsregels-2024'")],
    title: Annotated[str, Form(min_length=3, max_length=200)],
    region: Annotated[str, Form()],
    version: Annotated[str, Form(max_length=100)] = "onbekend",
    kind: Annotated[str, Form(max_length=50)] = "upload",
    binding: Annotated[str, Form(max_length=300)] = "uploaded document; binding status not stated",
) -> dict[str, Any]:
    """Add a document to the corpus: it is checked, ingested and searchable at once."""
    settings, assistant = request.app.state.settings, request.app.state.assistant
    if not _ID.match(document_id):
        raise HTTPException(422, "document_id: alleen kleine letters, cijfers en '-' (2 tot 63 tekens).")
    if region not in [*assistant.catalogue.region_ids, GENERAL_REGION]:
        raise HTTPException(422, "Onbekende regio. Kies uit: "
                                 f"{', '.join([*assistant.catalogue.region_ids, GENERAL_REGION])}.")
    uploads = load_uploads(settings.data_dir)
    if any(d.id == document_id for d in assistant.catalogue.documents if d not in uploads):
        raise HTTPException(409, f"'{document_id}' is een document van het meegeleverde corpus.")
    data = await file.read(settings.upload_max_bytes + 1)
    kind_of = check_upload(file.filename or "", data, settings)
    suffix = ".md" if Path(file.filename or "").suffix.lower() == ".md" else ".txt"
    target = settings.data_dir / "uploads" / f"{document_id}{suffix}"
    meta = DocumentMeta(id=document_id, file=str(target), title=title, region=region, kind=kind,
                        binding=binding, version=version)
    try:
        # Only the redacted text is kept: the uploaded bytes are read from a temporary file and dropped.
        redaction = await run_in_threadpool(store_redacted, data, kind_of, target, assistant.redactor)
        from ingest.pipeline import ingest_file

        chunks = await run_in_threadpool(ingest_file, target, meta, settings)
    except LoadError as exc:
        target.unlink(missing_ok=True)
        target.with_name(target.name + PAGES_SUFFIX).unlink(missing_ok=True)
        raise HTTPException(422, str(exc)) from exc
    save_uploads(settings.data_dir, [*(d for d in uploads if d.id != document_id), meta])
    assistant.reload()
    return {"document_id": document_id, "chunks": len(chunks), "title": title, "region": region,
            "personal_data": {"found": redaction.counts, "notice": upload_notice(redaction)}}
