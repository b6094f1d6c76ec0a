"""The conversation engine's public face: one request in, one Answer out (stub until the engine lands)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from assistant.answer import Answer


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = None
    region: str | None = None
    municipality: str | None = None


class Assistant:
    def chat(self, request: ChatRequest) -> Answer:
        return Answer(conversation_id=request.conversation_id or uuid.uuid4().hex, kind="refusal",
                      text="Nog niet beschikbaar.", region=request.region)


_assistant: Assistant | None = None


def get_assistant() -> Assistant:
    global _assistant
    if _assistant is None:
        _assistant = Assistant()
    return _assistant
