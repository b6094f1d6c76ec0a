"""Evaluation datasets: single-turn questions, multi-turn conversations and rule golden cases, one per line.

The format is detected per line, so one file may mix them:
- single-turn (``../shared/eval/dev.jsonl``): ``{"id", "region", "doc", "kind", "question", "answer",
  "must_contain", "lines", "quote"}`` — becomes a conversation of one turn;
- multi-turn: ``{"id", "region"?, "turns": [{"message", "kind", "must_contain"?, "answer"?, "doc"?, "lines"?,
  "quote"?, "region"?}]}``;
- rule case: ``{"id", "rule": "stacking" | "tariff", "region", "input": {...}, "expected": {...}, "doc",
  "lines", "quote"}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

# 'ambiguous' accepts a clarification or an answer that covers every must_contain string.
ExpectedKind = Literal["answer", "clarification", "refusal", "ambiguous"]
SINGLE_TURN_ANSWER_KINDS = {"unanswerable": "refusal", "ambiguous": "ambiguous"}


class DatasetError(ValueError):
    """A dataset line that is not one of the known formats (message names file and line)."""


class Turn(BaseModel):
    message: str
    expected: ExpectedKind
    category: str  # the dataset's own kind label (tariff, stacking, unanswerable, follow-up, ...)
    must_contain: list[str] = []
    answer: str = ""
    doc: str | None = None
    lines: tuple[int, int] | None = None
    quote: str = ""
    region: str | None = None

    @property
    def has_gold_citation(self) -> bool:
        return bool(self.doc and (self.lines or self.quote))


class Conversation(BaseModel):
    id: str
    region: str | None = None
    single_turn: bool
    turns: list[Turn]


class RuleCase(BaseModel):
    id: str
    rule: Literal["stacking", "tariff"]
    region: str
    input: dict[str, Any]
    expected: dict[str, Any]
    doc: str
    lines: tuple[int, int]
    quote: str = ""
    note: str = ""


class Dataset(BaseModel):
    path: str
    conversations: list[Conversation] = []
    rules: list[RuleCase] = []


def _lines(raw: Any) -> tuple[int, int] | None:
    return (int(raw[0]), int(raw[-1])) if raw else None


def _single_turn(row: dict[str, Any]) -> Conversation:
    kind = row["kind"]
    turn = Turn(message=row["question"], expected=SINGLE_TURN_ANSWER_KINDS.get(kind, "answer"), category=kind,
                must_contain=row.get("must_contain", []), answer=row.get("answer", ""),
                doc=row.get("doc") or None, lines=_lines(row.get("lines")), quote=row.get("quote", ""))
    return Conversation(id=row["id"], region=row.get("region"), single_turn=True, turns=[turn])


def _multi_turn(row: dict[str, Any]) -> Conversation:
    turns = [Turn(message=t["message"], expected=t["kind"], category=t.get("category", t["kind"]),
                  must_contain=t.get("must_contain", []), answer=t.get("answer", ""), doc=t.get("doc"),
                  lines=_lines(t.get("lines")), quote=t.get("quote", ""), region=t.get("region"))
             for t in row["turns"]]
    return Conversation(id=row["id"], region=row.get("region"), single_turn=False, turns=turns)


def _rule(row: dict[str, Any]) -> RuleCase:
    return RuleCase(**{**row, "lines": _lines(row["lines"])})


def load_dataset(path: Path) -> Dataset:
    if not path.is_file():
        raise DatasetError(f"Dataset {path} does not exist.")
    data = Dataset(path=str(path))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
            if "rule" in row:
                data.rules.append(_rule(row))
            elif "turns" in row:
                data.conversations.append(_multi_turn(row))
            elif "question" in row:
                data.conversations.append(_single_turn(row))
            else:
                raise DatasetError("expected 'question' (single-turn), 'turns' (multi-turn) or 'rule'")
        except (json.JSONDecodeError, KeyError, ValidationError, DatasetError, TypeError) as exc:
            raise DatasetError(f"{path}:{number}: not a valid dataset line ({exc})") from exc
    if not data.conversations and not data.rules:
        raise DatasetError(f"{path} holds no questions, conversations or rule cases.")
    return data
