"""A draft answer: what a stage of the turn decides, before it is bound to a conversation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.answer import AnswerKind, ToolCall
from assistant.state import Pending


class Draft(BaseModel):
    """An answer before it is bound to a conversation."""

    kind: AnswerKind
    text: str
    builder: Any = None
    tool_calls: list[ToolCall] = []
    options: list[str] = []
    pending: Pending | None = None
    question: str = ""
    chunks: list[Any] = []  # retrieved passages the answer was drawn from (context for an LLM)
