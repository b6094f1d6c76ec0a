"""The Answer as a Teams Adaptive Card: the text, the citations, options as buttons that send the option."""

from __future__ import annotations

from typing import Any

from api.channels.common import NOTICE, citation_label
from assistant.answer import Answer

OPTION_KEY = "verwijswijzer_option"  # the option in an Action.Submit's data, for clients without imBack
Element = dict[str, Any]


def _text(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _citations(answer: Answer) -> list[Element]:
    if not answer.citations:
        return []
    items: list[Element] = [_text("Bronnen", weight="Bolder", size="Small", spacing="Medium")]
    for c in answer.citations:
        items.append(_text(f"[{c.n}] {citation_label(c)}", size="Small", spacing="Small"))
        items.append(_text(f"“{c.quote}”", size="Small", isSubtle=True, spacing="None"))
    return [{"type": "Container", "separator": True, "items": items}]


def _option_actions(answer: Answer) -> list[Element]:
    # imBack: Teams posts the option as the user's own next message, so the conversation reads naturally.
    return [{"type": "Action.Submit", "title": option,
             "data": {OPTION_KEY: option, "msteams": {"type": "imBack", "value": option}}}
            for option in answer.options]


def render(answer: Answer) -> Element:
    card: Element = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [_text(answer.text), *_citations(answer), _text(NOTICE, size="Small", isSubtle=True, italic=True)],
    }
    if answer.options:
        card["actions"] = _option_actions(answer)
    return card

