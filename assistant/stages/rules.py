"""Rule questions answered by the rule functions: exact verdicts and amounts, rendered in plain Dutch.

The rule output decides what the answer may claim; every sentence carries the rule's own citations. When the
question names no product the rules know, the general (extractive) answerer takes over.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answer import ToolCall
from assistant.deps import AnswerDeps
from assistant.draft import Draft
from assistant.extractive import rate_unit
from assistant.stages.passages import answer_from_passages
from assistant.state import ConversationState, Pending
from assistant.understanding import (
    TIME_COUNTS,
    age_of_child,
    counted,
    mentions_stacking,
    speaks_of_concurrent_care,
)
from rules.errors import RuleError
from rules.products import ProductMention, find_products, get_family, get_product
from rules.stacking import stacking
from rules.tariffs import TariffResult, tariff
from rules.timing import age_rules, deadline

_VERDICT = {
    "allowed": "mogen volgens het handboek samen worden ingezet",
    "forbidden": "mogen volgens het handboek niet samen worden ingezet",
    "conditional": "mogen volgens het handboek alleen onder voorwaarden samen worden ingezet",
    "unknown": "het handboek beslist niet of deze combinatie is toegestaan",
}
_PAIR = {"allowed": "mag samen", "forbidden": "mag niet samen", "conditional": "alleen onder voorwaarden",
         "unknown": "niet beslist in het handboek"}
_PROVIDER = {"micro": "micro-aanbieder", "regular": "reguliere aanbieder", "single": "aanbieder"}
_PGB = re.compile(r"\bpgb\b|persoonsgebonden budget", re.I)


def answer_with_rules(deps: AnswerDeps, state: ConversationState, intent: str, slots: dict[str, Any],
                      question: str) -> Draft | None:
    region = state.region
    if region is None:
        return None
    mentions = _distinct(find_products(region, question))
    chosen = slots.get("product")
    if intent == "tariff" and (mentions or chosen):
        return _tariff(deps, state, slots, question, mentions)
    if len(mentions) >= 2 and (intent == "stacking" or speaks_of_concurrent_care(question)):
        return _stacking(deps, region, slots, question, mentions)
    if intent == "stacking" and len(mentions) == 1:
        return _stacking_with_others(deps, state, question, mentions[0])
    if intent == "deadline":
        return _deadline(deps, region, question)
    age = _age(question)
    if age is not None:
        return _age_rules(deps, region, age, question, mentions)
    return None


# "Kan pleegzorg doorlopen na het 18e jaar?": without an age now, the age the question looks ahead to (with one,
# "16-jarige … na zijn 18e … waar moet ik nu al op letten?", the age now decides).
_LATER_AGE = re.compile(r"\bna (?:zijn|haar|het|de) (\d{1,2})(?:e|ste)\b|\bna (?:zijn|haar|het) (\d{1,2})(?:e|ste)? "
                        r"(?:jaar|levensjaar|verjaardag)\b|\bna (\d{1,2}) jaar\b", re.I)


def _age(question: str) -> int | None:
    if (now := age_of_child(question)) is not None:
        return now
    m = _LATER_AGE.search(question)
    return int(next(g for g in m.groups() if g)) if m else None


_AGE_VERDICT = {"allowed": "past volgens het handboek bij", "forbidden": "is volgens het handboek niet bedoeld voor",
                "conditional": "kan volgens het handboek alleen onder voorwaarden worden ingezet voor",
                "unknown": "heeft volgens het handboek geen vastgelegde leeftijdsgrens voor"}


def _age_rules(deps: AnswerDeps, region: str, age: int, question: str,
               mentions: list[ProductMention]) -> Draft | None:
    product = mentions[0].text if len(mentions) == 1 else None
    args = {"region": region, "age": age, "product": product}
    try:
        result = age_rules(**args)
    except RuleError:
        return None
    if not result.rules:
        return None
    builder = deps.new_citations()
    markers = _cite_all(deps, builder, result.citations)
    lines = []
    if product:
        name = mentions[0].product.name if mentions[0].product else product
        lines.append(f"{name} {_AGE_VERDICT[result.verdict]} een jeugdige van {age} jaar {markers}.")
    else:
        lines.append(f"Voor een jeugdige van {age} jaar zegt het handboek {markers}:")
    lines += [f"• {r}" for r in result.rules] + result.conditions
    call = ToolCall(name="age", input=args, output=result.model_dump(mode="json"))
    return _draft(kind="answer", text="\n".join(lines), builder=builder, tool_calls=[call], question=question)


def _distinct(mentions: list[ProductMention]) -> list[ProductMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        key = m.product.id if m.product else (m.family.id if m.family else m.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _draft(**kwargs: Any) -> Draft:
    return Draft(**kwargs)


def _cite_all(deps: AnswerDeps, builder: Any, citations: list[Any]) -> str:
    markers = []
    for c in citations:
        n = builder.cite_rule(c.document_id, c.line_start, c.line_end, c.quote,
                              deps.section_of(c.document_id, c.line_start))
        if n not in markers:
            markers.append(n)
    return "".join(f"[{n}]" for n in markers)


_SAME_UNIT = {"etmaal": "dag"}  # a dagprijs is the price per etmaal


def _tariff(deps: AnswerDeps, state: ConversationState, slots: dict[str, Any], question: str,
            mentions: list[ProductMention]) -> Draft:
    region = state.region
    assert region is not None
    product = _follow_up_product(region, slots) or slots.get("product")
    if not product:
        mention = next((m for m in mentions if m.product), mentions[0])
        if mention.ambiguous or mention.product is None:
            options = [c.name for c in mention.candidates]
            text = mention.question or f"Welke variant van {mention.text} bedoel je?"
            return _draft(kind="clarification", text=text, options=options, pending=Pending(
                slot="product", intent="tariff", options=options,
                values={c.name: c.id for c in mention.candidates},
                slots={k: v for k, v in slots.items() if k != "product"}, message=question))
        product = mention.product.id
    slots["product"] = product
    args = {"region": region, "product": product, "provider": _provider_arg(slots.get("provider")),
            "year": slots.get("year"), "quantity": slots.get("quantity"),
            "basis": "pgb_max" if _PGB.search(question) else "zin"}
    try:
        result = tariff(**args)
    except RuleError:
        args["basis"] = "zin"
        result = tariff(**args)
    if result.status == "needs_choice" and args["basis"] == "pgb_max" and not result.options:
        args["basis"] = "zin"
        result = tariff(**args)
    call = ToolCall(name="tariff", input=args, output=result.model_dump(mode="json"))
    builder = deps.new_citations()
    markers = _cite_all(deps, builder, result.citations)
    calls, extra = [call], ""
    asked = rate_unit(question)
    units = {_SAME_UNIT.get(u, u) for u in {result.unit, *(o.unit for o in result.options)} if u}
    if asked and result.status != "not_in_documents" and _SAME_UNIT.get(asked, asked) not in units \
            and args["basis"] == "zin":
        # "Wat is de uurprijs voor vaktherapie?": the contract price is per traject; an hourly amount the
        # handbook gives only as the PGB maximum. Say both, each for what it is.
        pgb = tariff(**{**args, "basis": "pgb_max"})
        per_unit = [o for o in pgb.options if o.unit == asked] if pgb.status != "not_in_documents" else []
        if per_unit:
            calls.append(ToolCall(name="tariff", input={**args, "basis": "pgb_max"},
                                  output=pgb.model_dump(mode="json")))
            amounts = " en ".join(f"{o.amount_text} ({_PROVIDER.get(o.provider, o.provider)})" for o in per_unit)
            extra = (f"Een bedrag per {asked} noemt het handboek alleen als PGB-maximum: {amounts} per {asked} "
                     f"{_cite_all(deps, builder, pgb.citations)}.")
        else:
            extra = f"Een bedrag per {asked} noemen de documenten hiervoor niet."
    if result.status == "not_in_documents":
        from assistant.wording import refusal

        docs = deps.catalogue.documents_for_region(region)
        return _draft(kind="refusal", tool_calls=[call], builder=builder,
                      text=refusal(deps.catalogue.region_name(region), docs,
                                   f"{result.note or ' '.join(result.conditions)} {markers}".strip()))
    text = _render_tariff(result, markers) + (f"\n\n{extra}" if extra else "")
    return _draft(kind="answer", text=text, builder=builder, tool_calls=calls, question=question)


def _follow_up_product(region: str, slots: dict[str, Any]) -> str | None:
    """A follow-up that names another product or variant ("en midden?", "en de behandeling?") switches to it."""
    message, previous = slots.get("follow_up"), slots.get("product")
    if not message:
        return None
    mentions = [m for m in find_products(region, message) if m.product]
    if mentions:
        return mentions[0].product.id if mentions[0].product else None
    if not previous:
        return None
    try:
        families = get_product(region, previous).families
    except RuleError:
        return None
    for family_id in families:
        family = get_family(region, family_id)
        for m in find_products(region, f"{family.name} {message}"):
            if m.product and m.product.id != previous:
                return m.product.id
    return None


def _provider_arg(provider: str | None) -> str | None:
    return {"micro": "micro", "regulier": "regulier"}.get(provider or "")


def _render_tariff(r: TariffResult, markers: str) -> str:
    name = r.product.name if r.product else r.query
    code = f" ({r.code})" if r.code else ""
    lines: list[str] = []
    if r.status == "ok" and r.amount_text:
        who = f" bij een {_PROVIDER.get(r.provider or '', r.provider)}" if r.provider not in (None, "single") else ""
        unit = f" per {r.unit}" if r.unit else ""
        lines.append(f"Het tarief voor {name}{code}{who} is {r.amount_text}{unit} (tariefjaar {r.year}) {markers}.")
        if r.total_text and r.quantity:
            lines.append(f"Voor {_num(r.quantity)} {r.unit or 'eenheden'} is dat in totaal {r.total_text}.")
    else:
        choice = "het soort aanbieder" if any(o.provider != "single" for o in r.options) else "de variant"
        lines.append(f"Het tarief voor {name}{code} hangt af van {choice} {markers}:")
        for o in r.options:
            unit = f" per {o.unit}" if o.unit else ""
            code_o = f" ({o.code})" if o.code and o.code != r.code else ""
            label = o.product_name if o.provider == "single" else _PROVIDER.get(o.provider, o.provider)
            limit = f", maximaal {o.max_quantity}" if o.max_quantity else ""
            lines.append(f"• {label}{code_o}: {o.amount_text}{unit}{limit} (tariefjaar {o.year})")
    for step in r.payment_schedule:
        share = f" ({step.share:.0%})" if step.share else ""
        amount = f": {step.amount_text}" if step.amount_text else ""
        lines.append(f"• {step.moment}{share}{amount}")
    lines.extend(r.conditions)
    if r.note:
        lines.append(r.note)
    return "\n".join(lines)


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _stacking(deps: AnswerDeps, region: str, slots: dict[str, Any], question: str,
              mentions: list[ProductMention]) -> Draft:
    names = [m.text for m in mentions]
    args = {"region": region, "products": names, "same_provider": slots.get("same_provider")}
    result = stacking(**args)
    call = ToolCall(name="stacking", input=args, output=result.model_dump(mode="json"))
    builder = deps.new_citations()
    markers = _cite_all(deps, builder, result.citations)
    listed = " en ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " en " + names[-1]
    provider = {True: " bij dezelfde aanbieder", False: " bij verschillende aanbieders"}.get(
        slots.get("same_provider"), "")
    if result.verdict == "unknown":
        head = f"Voor {listed}{provider}: {_VERDICT['unknown']} {markers}."
    else:
        head = f"{listed[0].upper()}{listed[1:]}{provider} {_VERDICT[result.verdict]} {markers}."
    lines = [head]
    if len(result.pairs) > 1:
        lines += [f"• {p.a} + {p.b}: {_PAIR[p.verdict]}" for p in result.pairs]
    lines += [f"• {c}" if not c.startswith("•") else c for c in result.conditions]
    lines += [f"Nog nodig om te beslissen: {m.question} ({' / '.join(m.options)})" if m.options else m.question
              for m in result.missing]
    if result.verdict == "unknown":
        from assistant.wording import WHO_CAN_HELP

        lines.append(WHO_CAN_HELP)
    return _draft(kind="answer", text="\n".join(lines), builder=builder, tool_calls=[call], question=question)


def _stacking_with_others(deps: AnswerDeps, state: ConversationState, question: str,
                          mention: ProductMention) -> Draft:
    """One product named ("drang naast bestaande hulp"): its general stacking rule, if the rules have one;
    otherwise the handbook passages, and when they do not answer, the question which other product."""
    args = {"region": state.region, "products": [mention.text]}
    result = stacking(**args)
    if result.verdict != "conditional":
        draft = answer_from_passages(deps, state, question)
        # Passages that speak of stacking (or, asked about care already running, of running care) answer;
        # others (a change log naming the product) do not.
        evidence = _evidence_text(draft)
        on_topic = mentions_stacking(evidence) or (speaks_of_concurrent_care(question) and
                                                   speaks_of_concurrent_care(evidence))
        if (draft.kind == "answer" and on_topic) or not result.missing:
            return draft
        # The reply ("GGZ") is read as a follow-up of this question, which then names two products.
        return _draft(kind="clarification", text=result.missing[0].question, question=question)
    call = ToolCall(name="stacking", input=args, output=result.model_dump(mode="json"))
    builder = deps.new_citations()
    markers = _cite_all(deps, builder, result.citations)
    lines = [f"Over het stapelen van {mention.text} met andere hulp zegt het handboek {markers}:",
             *[f"• {c}" for c in result.conditions]]
    return _draft(kind="answer", text="\n".join(lines), builder=builder, tool_calls=[call], question=question)


def _evidence_text(draft: Draft) -> str:
    return " ".join(c.quote for c in draft.builder.citations) if draft.builder else ""


def _deadline(deps: AnswerDeps, region: str, question: str) -> Draft | None:
    args = {"region": region, "topic": question}
    result = deadline(**args)
    if not result.found:
        return None
    noun = counted(question)
    if noun and noun not in TIME_COUNTS:
        # A deadline entry that does not speak of what the question counts ("hoeveel tranches") answers another
        # question (the looptijd of Duurzaam is not its number of tranches); the passages answer instead.
        analyze = deps.idf.analyze
        said = set(analyze(" ".join(f"{e.topic} {e.text}" for e in result.entries)))
        if not set(analyze(noun)) <= said:
            return None
    builder = deps.new_citations()
    markers = _cite_all(deps, builder, result.citations)
    text = " ".join(e.text.rstrip(".") + "." for e in result.entries) + f" {markers}"
    call = ToolCall(name="deadline", input=args, output=result.model_dump(mode="json"))
    return _draft(kind="answer", text=text, builder=builder, tool_calls=[call], question=question)
