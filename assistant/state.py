"""What a conversation remembers between turns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Pending(BaseModel):
    """A clarification the assistant asked: which slot it needs and the question it belongs to."""

    slot: str  # "region" | "products" | a rule's missing-fact name
    intent: str
    options: list[str] = []
    values: dict[str, str] = {}  # option shown -> value to use
    slots: dict[str, Any] = {}
    message: str = ""


class Turn(BaseModel):
    role: str  # "user" | "assistant"
    text: str
    kind: str | None = None


class ConversationState(BaseModel):
    id: str
    owner: str | None = None  # API key id that started it
    region: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = {}
    pending: Pending | None = None
    turns: list[Turn] = []
