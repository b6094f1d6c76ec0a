"""What one evaluation run produces: per-turn and per-rule-case results, metrics, and provenance."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class CitationResult(BaseModel):
    n: int
    document_id: str
    line_start: int
    line_end: int
    quote: str
    verbatim: bool
    matches_gold: bool | None  # None: the turn has no gold citation to compare with


class TurnResult(BaseModel):
    conversation: str
    turn: int  # 1-based position in its conversation
    single_turn: bool
    region: str  # the dataset's region label ("none" when the row has none)
    request_region: str | None
    category: str
    expected: str
    message: str
    gold_answer: str = ""
    must_contain: list[str] = []
    gold_doc: str | None = None
    gold_lines: tuple[int, int] | None = None
    kind: str = ""
    text: str = ""
    options: list[str] = []
    citations: list[CitationResult] = []
    correct: bool = False
    reason: str = ""
    gold_cited: bool | None = None
    retrieval_rank: int | None = None
    retrieval_measured: bool = False
    latency_ms: float | None = None
    error: str = ""
    judge: dict[str, float] = {}

    @property
    def key(self) -> str:
        return self.conversation if self.single_turn else f"{self.conversation}#{self.turn}"


class RuleResult(BaseModel):
    id: str
    rule: str
    region: str
    input: dict[str, Any]
    expected: dict[str, Any]
    status: int | None = None
    output: dict[str, Any] = {}
    value_correct: bool = False
    cited: bool = False
    reason: str = ""


class RunReport(BaseModel):
    dataset: str
    dataset_sha256: str
    mode: str  # "in-process" or the server URL
    region_passed: bool
    started_at: str
    duration_s: float
    versions: dict[str, Any]
    settings: dict[str, Any]
    metrics: dict[str, float | int | None]
    per_region: dict[str, dict[str, float | int | None]]
    per_kind: dict[str, dict[str, float | int | None]]
    skipped: dict[str, str]
    results: list[TurnResult]
    rules: list[RuleResult]
    baseline: dict[str, Any] | None = None
