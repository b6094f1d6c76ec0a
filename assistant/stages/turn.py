"""One turn, as a pipeline of stages over the conversation state and the message (first answer wins):
a clarification answered → the message read (follow-ups with the question before them) → scope (topic, place)
→ region → a numbered product the region lacks → a product only other regions have → the rule functions →
the passages, or a refusal."""

from __future__ import annotations

import re
from typing import Any

from assistant.deps import AnswerDeps
from assistant.draft import Draft
from assistant.extractive import question_parts
from assistant.scope import OutOfScope, place_outside, product_elsewhere
from assistant.stages.passages import answer_from_passages
from assistant.stages.rules import answer_with_rules
from assistant.state import ConversationState, Pending
from assistant.understanding import Understanding, asks_price, understand
from assistant.wording import ASK_REGION, ask_known_number, off_topic, refusal, scope_reason
from rules.products import find_products, unknown_number
from verwijswijzer.corpus import GENERAL_REGION


def run(deps: AnswerDeps, state: ConversationState, message: str) -> Draft:
    if (draft := resolve_pending(deps, state, message)) is not None:
        return draft
    draft = turn(deps, state, message)
    parts = question_parts(message)
    if len(parts) < 2 or draft.kind != "answer" or not draft.tool_calls:
        return draft  # one question, or the passages answered each part of it (extractive.select_all)
    # A rule function answered one question of several ("wat kost X en hoe lang duurt het?"): each further part
    # gets its own answer, about the same subject, without changing what the conversation builds on.
    subject = _subject(deps, state.region, parts[0])
    for part in parts[1:]:
        named = state.region and find_products(state.region, part)
        extra = turn(deps, state.model_copy(deep=True), part if named or not subject else f"{subject}: {part}")
        if extra.kind != "clarification" and extra.text not in draft.text:  # a new answer, not the same again
            draft = _joined(deps, draft, extra)
    return draft


def _subject(deps: AnswerDeps, region: str | None, part: str) -> str:
    """What the first question is about: the products it names, else the words that anchor it."""
    products = [m.text for m in find_products(region, part)] if region else []
    return ", ".join(products or deps.topic.anchors(part))


def _joined(deps: AnswerDeps, first: Draft, second: Draft) -> Draft:
    """Two answers as one: the second's citations renumbered after the first's."""
    builder = first.builder.copy() if first.builder else deps.new_citations()
    mapping = builder.merge(second.builder) if second.builder else {}
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", second.text)
    return first.model_copy(update={"text": f"{first.text}\n\n{text}", "builder": builder,
                                    "tool_calls": [*first.tool_calls, *second.tool_calls],
                                    "chunks": [*first.chunks, *second.chunks]})


def turn(deps: AnswerDeps, state: ConversationState, message: str) -> Draft:
    if named := deps.catalogue.find_region_in_text(message):
        state.region = named
    slots = read_slots(state, message, understand(message))
    state.intent, state.slots = slots.pop("_intent"), slots
    if not deps.topic.on_topic(slots["question"]):  # a follow-up is read with the question it follows
        return Draft(kind="refusal", text=off_topic(deps.catalogue.documents_for_region(state.region)))
    if outside := place_outside(message, deps.catalogue):
        return out_of_scope(deps, state.region, outside)
    if state.region is None and (draft := without_region(deps, state, message)) is not None:
        return draft
    if unknown := unknown_number(state.region, message):
        # "Perspectief 3" where the region numbers Perspectief 1 and 2: another product's price or rule would be an
        # answer to a question not asked.
        return Draft(kind="clarification", options=unknown.options,
                     text=ask_known_number(unknown.written, deps.region_name(state.region), unknown.options),
                     pending=Pending(slot="number", intent=state.intent or "general", options=unknown.options,
                                     message=message, slots={"written": unknown.written}))
    if state.region and (outside := product_elsewhere(message, state.region, deps.catalogue,
                                                       lambda t: deps.in_corpus(t, state.region))):
        return out_of_scope(deps, state.region, outside)
    return rule_turn(deps, state, state.intent or "general", slots, message)


def rule_turn(deps: AnswerDeps, state: ConversationState, intent: str, slots: dict[str, Any], message: str) -> Draft:
    question = slots.get("question") or message
    draft = answer_with_rules(deps, state, intent, slots, question)
    return draft if draft is not None else answer_from_passages(deps, state, question)


def read_slots(state: ConversationState, message: str, u: Understanding) -> dict[str, Any]:
    """This turn's facts, completed from the previous turn when the message is a follow-up."""
    slots: dict[str, Any] = {"_intent": u.intent, "provider": u.provider, "same_provider": u.same_provider,
                             "year": u.year, "quantity": u.quantity, "codes": u.codes, "question": message,
                             "region": state.region}
    if u.follow_up and state.intent:
        slots["_intent"] = state.intent if u.intent == "general" else u.intent
        # Products and provider types are regional: after a region switch they are read anew from the text.
        regional = {"product", "provider"} if state.slots.get("region") != state.region else set()
        for key, value in state.slots.items():
            if slots.get(key) in (None, []) and key not in ("question", "region", *regional):
                slots[key] = value
        slots["question"] = f"{state.slots.get('question', '')} {message}".strip()
        slots["follow_up"] = message
    return slots


def out_of_scope(deps: AnswerDeps, region: str | None, outside: OutOfScope) -> Draft:
    name = deps.region_name(region)
    return Draft(kind="refusal", text=refusal(name, deps.catalogue.documents_for_region(region),
                                              scope_reason(outside, name)))


def without_region(deps: AnswerDeps, state: ConversationState, message: str) -> Draft | None:
    """Without a region, answer only from the general documents; otherwise ask for the region."""
    hits = deps.retriever.search(message, None, 5)
    general = [h for h in hits if deps.catalogue.document(h.chunk.document_id).region == GENERAL_REGION]
    if general:
        # The general framework applies in every region, so it answers without knowing the region.
        draft = answer_from_passages(deps, state, message, general)
        if draft.kind == "answer":
            return draft
    # Ask for the region only when knowing it can give an answer — a region whose rule data prices the product
    # asked for, or whose passages answer; when no region can, say so.
    priced = asks_price(message)
    if not any((priced and find_products(r.id, message)) or
               answer_from_passages(deps, ConversationState(id=state.id, region=r.id), message).kind != "refusal"
               for r in deps.catalogue.regions):
        return Draft(kind="refusal", text=refusal(None, deps.catalogue.documents_for_region(None)))
    options = [r.name for r in deps.catalogue.regions]
    return Draft(kind="clarification", text=ASK_REGION, options=options,
                 pending=Pending(slot="region", intent=state.intent or "general", options=options,
                                 values={r.name: r.id for r in deps.catalogue.regions}, message=message))


def resolve_pending(deps: AnswerDeps, state: ConversationState, message: str) -> Draft | None:
    """The answer to a clarification the assistant asked, or None when the message is a new question."""
    pending = state.pending
    if pending is None:
        return None
    if pending.slot == "region":
        region = match_option(pending, message) or deps.catalogue.find_region_in_text(message)
        if region is None:
            return None  # not an answer to the question: treat the message as a new question
        state.region = region
        return turn(deps, state, pending.message)
    value = match_option(pending, message)
    if value is None:
        return None
    if pending.slot == "number":  # the question again, with the product it meant
        return turn(deps, state, pending.message.replace(pending.slots["written"], value, 1))
    # The answered question becomes the conversation's: a follow-up ("bij een reguliere aanbieder") builds on it.
    state.intent, state.slots = pending.intent, {**pending.slots, pending.slot: value}
    return rule_turn(deps, state, pending.intent, state.slots, pending.message)


def match_option(pending: Pending, message: str) -> str | None:
    text = message.strip().lower().rstrip("?.!")
    for option in pending.options:
        if text == option.lower() or text == pending.values.get(option, "").lower():
            return pending.values.get(option, option)
    hits = [o for o in pending.options if o.lower() in text or text in o.lower()]
    return pending.values.get(hits[0], hits[0]) if len(hits) == 1 else None
