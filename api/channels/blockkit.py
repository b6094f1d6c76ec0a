"""The Answer as Slack Block Kit: the text, the citations as a context block, options as buttons."""

from __future__ import annotations

from typing import Any

from api.channels.common import NOTICE, citation_label, shorten
from assistant.answer import Answer

OPTION_ACTION = "vw_option"  # action_id prefix of a clarification option button
SECTION_LIMIT = 3000  # Slack's limit for a section's text
CONTEXT_LIMIT = 10  # elements in one context block
BUTTON_LIMIT = 75  # characters on a button
Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack mrkdwn control characters; answer text is never read as markup or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sections(text: str) -> list[Block]:
    escaped = escape(text) or " "
    pieces: list[str] = []
    while escaped:
        cut = len(escaped) if len(escaped) <= SECTION_LIMIT else escaped.rfind("\n", 0, SECTION_LIMIT)
        cut = cut if cut > 0 else SECTION_LIMIT
        pieces.append(escaped[:cut])
        escaped = escaped[cut:].lstrip("\n")
    return [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in pieces]


def _citations(answer: Answer) -> list[Block]:
    elements = [{"type": "mrkdwn", "text": shorten(f"*[{c.n}]* {escape(citation_label(c))}: “{escape(c.quote)}”",
                                                   2000)}
                for c in answer.citations]
    return [{"type": "context", "elements": elements[i:i + CONTEXT_LIMIT]}
            for i in range(0, len(elements), CONTEXT_LIMIT)]


def _options(answer: Answer) -> list[Block]:
    if not answer.options:
        return []
    buttons = [{"type": "button", "action_id": f"{OPTION_ACTION}_{i}", "value": option,
                "text": {"type": "plain_text", "text": shorten(option, BUTTON_LIMIT)}}
               for i, option in enumerate(answer.options[:25])]
    return [{"type": "actions", "block_id": "vw_options", "elements": buttons}]


def render(answer: Answer) -> list[Block]:
    notice = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"_{NOTICE}_"}]}
    return [*_sections(answer.text), *_citations(answer), *_options(answer), notice]


def fallback_text(answer: Answer) -> str:
    """The notification text (and what clients without Block Kit show)."""
    return shorten(escape(answer.text), SECTION_LIMIT)
