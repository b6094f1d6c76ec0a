"""The rule functions as LangChain StructuredTools: the assistant and an LLM call the same code."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import StructuredTool

from rules.errors import RuleError
from rules.registry import REGISTRY, RuleFunction


def _runner(fn: RuleFunction):
    def run(**kwargs: Any) -> dict[str, Any]:
        try:
            return fn.call(fn.input_model(**kwargs)).model_dump(mode="json")
        except (RuleError, ValueError) as exc:
            return {"error": str(exc), **({"candidates": exc.candidates} if hasattr(exc, "candidates") else {})}

    return run


def rule_tools() -> list[StructuredTool]:
    return [StructuredTool.from_function(func=_runner(fn), name=fn.name, description=fn.description,
                                         args_schema=fn.input_model)
            for fn in REGISTRY.values()]
