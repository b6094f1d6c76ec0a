"""Rule questions answered by the rule functions (filled in when the rules land)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.engine import Assistant, Draft
    from assistant.state import ConversationState


def answer_with_rules(assistant: Assistant, state: ConversationState, intent: str, slots: dict[str, Any],
                      question: str) -> Draft | None:
    return None
