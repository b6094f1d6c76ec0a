"""What every channel shares: the one call into the engine, conversation keys and citation labels."""

from __future__ import annotations

import hashlib
from typing import Protocol

from assistant.answer import Answer, Citation
from assistant.engine import ChatRequest
from assistant.store import ConversationStore

NOTICE = "AI-hulpmiddel dat de handboeken citeert — geen besluit"
MAX_CONVERSATION_ID = 64  # ChatRequest.conversation_id


class Engine(Protocol):
    store: ConversationStore

    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer: ...


def conversation_key(channel: str, *parts: str) -> str:
    """A stable conversation id for a channel's thread; hashed when the channel's ids are too long."""
    key = "-".join((channel, *parts))
    if len(key) <= MAX_CONVERSATION_ID:
        return key
    return f"{channel}-{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def ask(engine: Engine, message: str, conversation_id: str, owner: str) -> Answer:
    """One turn of a channel conversation; every channel goes through here and renders the Answer as it is."""
    return engine.chat(ChatRequest(message=message[:4000], conversation_id=conversation_id), owner)


def citation_label(citation: Citation) -> str:
    """'Title — section, regels a–b (p. n)': where a citation points, in words."""
    where = f"regel {citation.line_start}" if citation.line_start == citation.line_end else \
        f"regels {citation.line_start}–{citation.line_end}"
    parts = [citation.title]
    if citation.section:
        parts.append(citation.section)
    label = " — ".join(parts) + f", {where}"
    return label + (f" (p. {citation.page})" if citation.page else "")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
