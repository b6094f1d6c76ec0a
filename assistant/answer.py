"""The one answer object every channel renders (chat API, widget, Slack, Teams, eval)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

AnswerKind = Literal["answer", "clarification", "refusal"]


class Citation(BaseModel):
    n: int = Field(description="The [n] marker in the text")
    document_id: str
    title: str
    section: str = ""
    line_start: int
    line_end: int
    page: int | None = None
    quote: str = Field(description="Verbatim (whitespace-collapsed) text of the corpus file in these lines")


class ToolCall(BaseModel):
    name: str
    input: dict[str, Any]
    output: dict[str, Any]


class Answer(BaseModel):
    conversation_id: str
    kind: AnswerKind
    text: str
    citations: list[Citation] = []
    tool_calls: list[ToolCall] = []
    region: str | None = None
    options: list[str] = []
    documents_version: dict[str, str] = {}
