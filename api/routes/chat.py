"""The chat API: one Answer object, as JSON or as a Server-Sent Events stream."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse

from api.auth import User
from api.conversation_ids import conversation_id
from assistant.answer import Answer
from assistant.engine import Assistant, ChatRequest, UnknownRegion

router = APIRouter(prefix="/v1", tags=["chat"])


def assistant_of(request: Request) -> Assistant:
    return request.app.state.assistant


def stored_id(request: Request, value: str, key_id: str | None) -> str:
    """The id a client's conversation id is stored under (see api.conversation_ids)."""
    return conversation_id(value, key_id, request.app.state.settings) or value


async def run_chat(request: Request, body: ChatRequest, key_id: str | None) -> Answer:
    assistant = assistant_of(request)
    body = body.model_copy(update={"conversation_id": conversation_id(body.conversation_id, key_id,
                                                                      request.app.state.settings)})
    if body.conversation_id:
        state = await run_in_threadpool(assistant.store.load, body.conversation_id)
        if state is not None and state.owner and key_id and state.owner != key_id:
            raise HTTPException(403, "Dit gesprek hoort bij een andere API-sleutel.")
    try:
        return await run_in_threadpool(assistant.chat, body, key_id)
    except UnknownRegion as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/chat", response_model=Answer)
async def chat(body: ChatRequest, request: Request, who: User) -> Answer:
    """Ask a question; get an answer with citations, a clarifying question, or a refusal."""
    return await run_chat(request, body, who.key_id)


def text_deltas(text: str) -> list[str]:
    """The answer text in word-sized pieces, so a channel can render it as it arrives."""
    return re.findall(r"\S+\s*|\s+", text)


@router.post("/chat/stream")
async def chat_stream(body: ChatRequest, request: Request, who: User) -> EventSourceResponse:
    """The same answer as /v1/chat as Server-Sent Events: `delta` events, then `citations`, then `final`."""
    answer = await run_chat(request, body, who.key_id)

    async def events() -> AsyncIterator[dict[str, str]]:
        yield {"event": "start", "data": json.dumps({"conversation_id": answer.conversation_id, "kind": answer.kind})}
        for piece in text_deltas(answer.text):
            yield {"event": "delta", "data": json.dumps({"text": piece})}
        yield {"event": "citations", "data": json.dumps([c.model_dump() for c in answer.citations])}
        yield {"event": "final", "data": answer.model_dump_json()}

    return EventSourceResponse(events())


class Feedback(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=64)
    turn: int | None = Field(default=None, ge=0, description="Index of the answer in the conversation")
    rating: str = Field(pattern="^(up|down)$")
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/feedback", status_code=201)
async def feedback(body: Feedback, request: Request, who: User) -> dict[str, int]:
    """Thumbs up/down with an optional comment on an answer."""
    assistant = assistant_of(request)
    cid = stored_id(request, body.conversation_id, who.key_id)
    if await run_in_threadpool(assistant.store.load, cid) is None:
        raise HTTPException(404, "Onbekend gesprek.")
    # Feedback comments are stored like questions: with personal data replaced by placeholders (off the event
    # loop, like every redaction).
    comment = (await run_in_threadpool(assistant.redactor.redact, body.comment)).text if body.comment else None
    fid = await run_in_threadpool(assistant.store.add_feedback, cid, body.turn, body.rating, comment, who.key_id)
    return {"id": fid}


@router.delete("/conversations/{conversation_id}", status_code=204)
async def delete_conversation(conversation_id: str, request: Request, who: User) -> None:
    """Delete a conversation, its feedback and its audit entries (its owner or an admin)."""
    assistant = assistant_of(request)
    conversation_id = stored_id(request, conversation_id, who.key_id)
    state = await run_in_threadpool(assistant.store.load, conversation_id)
    if state is None:
        raise HTTPException(404, "Onbekend gesprek.")
    if not who.is_admin and state.owner != who.key_id:
        raise HTTPException(403, "Alleen de eigenaar of een beheerder mag dit gesprek verwijderen.")
    await run_in_threadpool(assistant.store.delete, conversation_id)
    await run_in_threadpool(assistant.audit.forget, [conversation_id])
