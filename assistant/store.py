"""Persistence of conversations and feedback (SQLite by default; any SQLAlchemy URL, e.g. PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from assistant.state import ConversationState

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(128), nullable=True),
    Column("state", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(64), nullable=False, index=True),
    Column("turn", Integer, nullable=True),
    Column("rating", String(8), nullable=False),
    Column("comment", Text, nullable=True),
    Column("key_id", String(128), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class ConversationStore(Protocol):
    def load(self, conversation_id: str) -> ConversationState | None: ...
    def save(self, state: ConversationState) -> None: ...
    def delete(self, conversation_id: str) -> bool: ...
    def purge_older_than(self, days: int) -> int: ...
    def add_feedback(self, conversation_id: str, turn: int | None, rating: str, comment: str | None,
                     key_id: str | None) -> int: ...


def _now() -> datetime:
    return datetime.now(UTC)


class SqlStore:
    """Conversations as JSON documents in one table; feedback in another."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # SQLite serialises writers; under many concurrent turns wait for the lock instead of failing after 5 s.
        connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        metadata.create_all(self.engine)

    def load(self, conversation_id: str) -> ConversationState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(conversations.c.state).where(conversations.c.id == conversation_id)).first()
        return ConversationState.model_validate_json(row[0]) if row else None

    def save(self, state: ConversationState) -> None:
        now = _now()
        data = state.model_dump_json()
        with self.engine.begin() as conn:
            updated = conn.execute(
                update(conversations).where(conversations.c.id == state.id).values(state=data, updated_at=now)
            ).rowcount
            if not updated:
                conn.execute(insert(conversations).values(id=state.id, owner=state.owner, state=data,
                                                          created_at=now, updated_at=now))

    def delete(self, conversation_id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(feedback).where(feedback.c.conversation_id == conversation_id))
            return bool(conn.execute(delete(conversations).where(conversations.c.id == conversation_id)).rowcount)

    def purge_older_than(self, days: int) -> int:
        """Delete conversations idle longer than ``days`` and their feedback; the number of conversations."""
        cutoff = _now() - timedelta(days=days)
        old = select(conversations.c.id).where(conversations.c.updated_at < cutoff)
        with self.engine.begin() as conn:
            conn.execute(delete(feedback).where(feedback.c.conversation_id.in_(old)))
            return conn.execute(delete(conversations).where(conversations.c.updated_at < cutoff)).rowcount

    def add_feedback(self, conversation_id: str, turn: int | None, rating: str, comment: str | None,
                     key_id: str | None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(insert(feedback).values(conversation_id=conversation_id, turn=turn, rating=rating,
                                                          comment=comment, key_id=key_id, created_at=_now()))
            return int(result.inserted_primary_key[0])
