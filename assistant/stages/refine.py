"""The optional LLM: it redrafts an answer from the same passages and rule outputs, and its text is kept only
when the guards find nothing wrong with it; otherwise, and on any failure or time-out, the default answer stands."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

from assistant.citations import CitationBuilder
from assistant.deps import AnswerDeps
from assistant.draft import Draft
from assistant.guards import violations
from assistant.text import sentences

log = logging.getLogger("assistant.engine")  # one logger name for the turn, as operators filter on it
_llm_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")


def refine(deps: AnswerDeps, draft: Draft, region: str | None) -> Draft:
    """Let the LLM redraft from the same passages; keep its text only if the guards find nothing wrong."""
    drafter = deps.drafter
    if draft.kind != "answer" or drafter is None:
        return draft
    builder: CitationBuilder = draft.builder.copy()
    for chunk in draft.chunks[:3]:
        builder.cite_sentences(chunk, sentences(chunk.text))
    passages = {c.n: c.quote for c in builder.citations}
    outputs = [c.output for c in draft.tool_calls]
    future = _llm_pool.submit(drafter.draft, draft.question, passages, outputs, deps.region_name(region))
    try:
        text = future.result(timeout=deps.settings.llm_timeout_s)
    except Exception as exc:  # time-out, connection error, garbage: the default answer stands
        log.warning("LLM draft failed (%s); default answer used", type(exc).__name__)
        return draft
    other = {r.id: [r.name, *r.municipalities] for r in deps.catalogue.regions}
    problems = violations(text, passages, outputs, region, other)
    if problems:
        log.warning("LLM draft rejected by guards: %s", "; ".join(problems))
        return draft
    mapping = builder.keep({int(n) for n in re.findall(r"\[(\d+)\]", text)})
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping[int(m.group(1))]}]", text)
    return draft.model_copy(update={"text": text.strip(), "builder": builder})
