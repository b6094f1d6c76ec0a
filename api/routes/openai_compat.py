"""An OpenAI-compatible chat-completions endpoint, so existing chat clients (Open WebUI …) can connect.

The region is chosen as the model: ``verwijswijzer-noord-limburg`` etc. (plain ``verwijswijzer`` asks for it).
The conversation is keyed by the client's ``X-Conversation-Id`` header or ``user`` field, else by the model and the
first user message of the thread, so a client that resends the whole history keeps one conversation; each of
these is mapped through an HMAC (``api.conversation_ids``) and never stored as it is.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.auth import User
from api.routes.chat import run_chat, text_deltas
from assistant.answer import Answer
from assistant.engine import ChatRequest

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL = "verwijswijzer"


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(str(part.get("text", "")) for part in self.content if isinstance(part, dict))
        return self.content or ""


class CompletionRequest(BaseModel):
    model: str = MODEL
    messages: list[Message] = Field(min_length=1, max_length=200)
    stream: bool = False
    user: str | None = Field(default=None, max_length=64)


@router.get("/models")
async def models(request: Request, who: User) -> dict[str, Any]:
    regions = request.app.state.assistant.catalogue.region_ids
    names = [MODEL, *(f"{MODEL}-{r}" for r in regions)]
    return {"object": "list", "data": [{"id": n, "object": "model", "owned_by": "verwijswijzer"} for n in names]}


def _region(model: str, regions: list[str]) -> str | None:
    if model == MODEL:
        return None
    region = model.removeprefix(f"{MODEL}-")
    if region not in regions:
        raise HTTPException(422, f"Onbekend model. Kies {MODEL} of {MODEL}-<regio> met regio uit: "
                                 f"{', '.join(regions)}.")
    return region


def with_sources(answer: Answer) -> str:
    """The answer text with its citations written out, for clients that show only text."""
    if not answer.citations:
        return answer.text
    lines = [f"[{c.n}] {c.title}{', ' + c.section if c.section else ''}, regels {c.line_start}–{c.line_end}: "
             f"“{c.quote}”" for c in answer.citations]
    options = f"\n\nKies: {' / '.join(answer.options)}" if answer.options else ""
    return f"{answer.text}{options}\n\nBronnen:\n" + "\n".join(lines)


@router.post("/chat/completions")
async def completions(body: CompletionRequest, request: Request, who: User) -> Any:
    users = [m for m in body.messages if m.role == "user" and m.text().strip()]
    if not users:
        raise HTTPException(422, "Er is geen gebruikersbericht om te beantwoorden.")
    region = _region(body.model, request.app.state.assistant.catalogue.region_ids)
    # Mapped to a stored id in run_chat (api.conversation_ids): none of these values is stored as it is.
    thread = request.headers.get("x-conversation-id") or body.user or f"{body.model}\x1f{users[0].text()}"
    answer = await run_chat(request, ChatRequest(message=users[-1].text()[:4000], conversation_id=thread,
                                                 region=region), who.key_id)
    content = with_sources(answer)
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    extra = {"citations": [c.model_dump() for c in answer.citations], "verwijswijzer": answer.model_dump()}
    if not body.stream:
        return {"id": cid, "object": "chat.completion", "created": created, "model": body.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}, **extra}

    def chunk(delta: dict[str, Any], finish: str | None = None, **more: Any) -> str:
        payload = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": body.model,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more}
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    async def events() -> AsyncIterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        for piece in text_deltas(content):
            yield chunk({"content": piece})
        yield chunk({}, "stop", **extra)
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")
