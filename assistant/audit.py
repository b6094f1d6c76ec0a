"""Audit log: one JSON line per answer, enough to replay why it was given.

A line holds the time, the API key id (never the key), the conversation and turn, the redacted question and which
kinds of personal data were removed from it, the answer (kind, text, region), every citation with the document
version it was drawn from, and the rule functions' inputs and outputs. Replaying = asking the same question in the
same region against the same document versions and rule data, and comparing.

Several API workers may append to one file: each line is written with one ``write`` under an exclusive lock
on a lock file beside it. The same lock guards the two rewrites, which replace the file atomically: ``forget``
(a deleted conversation leaves no audit trace) and ``purge_older_than`` (the audit log keeps entries as long as
conversations are kept, ``retention_days``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
from collections.abc import Callable, Collection, Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.answer import Answer


class CitedSource(BaseModel):
    n: int
    document_id: str
    version: str | None
    line_start: int
    line_end: int


class AuditEntry(BaseModel):
    time: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))
    key_id: str | None
    conversation_id: str
    turn: int | None = None
    question: str  # already redacted
    redacted: list[str] = []  # kinds of personal data removed from the question (never the values)
    kind: str
    region: str | None
    answer: str
    citations: list[CitedSource] = []
    documents_version: dict[str, str] = {}
    tool_calls: list[dict[str, Any]] = []

    @classmethod
    def of(cls, answer: Answer, question: str, key_id: str | None, redacted: list[str],
           turn: int | None = None) -> AuditEntry:
        versions = answer.documents_version
        return cls(key_id=key_id, conversation_id=answer.conversation_id, turn=turn, question=question,
                   redacted=redacted, kind=answer.kind, region=answer.region, answer=answer.text,
                   citations=[CitedSource(n=c.n, document_id=c.document_id, version=versions.get(c.document_id),
                                          line_start=c.line_start, line_end=c.line_end) for c in answer.citations],
                   documents_version=versions, tool_calls=[t.model_dump() for t in answer.tool_calls])


class AuditLog(Protocol):
    def record(self, entry: AuditEntry) -> None: ...
    def forget(self, conversation_ids: Collection[str]) -> int: ...
    def purge_older_than(self, days: int) -> int: ...


class JsonlAuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.with_name(self.path.name + ".lock").open("ab") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def record(self, entry: AuditEntry) -> None:
        line = (json.dumps(entry.model_dump(), ensure_ascii=False, default=str) + "\n").encode()
        with self._locked(), self.path.open("ab") as f:
            f.write(line)
            f.flush()

    def forget(self, conversation_ids: Collection[str]) -> int:
        """Remove every entry of these conversations; the number removed."""
        ids = set(conversation_ids)
        return self._remove(lambda row: row.get("conversation_id") in ids)

    def purge_older_than(self, days: int) -> int:
        cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds")
        return self._remove(lambda row: str(row.get("time", "")) < cutoff)

    def _remove(self, drop: Callable[[dict[str, Any]], bool]) -> int:
        with self._locked():
            if not self.path.exists():
                return 0
            lines = self.path.read_bytes().splitlines(keepends=True)
            kept = [line for line in lines if line.strip() and not drop(json.loads(line))]
            removed = sum(1 for line in lines if line.strip()) - len(kept)
            if removed:
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(b"".join(kept))
                tmp.replace(self.path)
            return removed

    def entries(self) -> list[AuditEntry]:
        if not self.path.exists():
            return []
        return [AuditEntry.model_validate_json(line) for line in self.path.read_text(encoding="utf-8").splitlines()
                if line.strip()]


@lru_cache(maxsize=8)
def audit_log_at(path: Path) -> JsonlAuditLog:
    """One writer per file per process, so its thread lock covers every request of the process."""
    return JsonlAuditLog(path)
