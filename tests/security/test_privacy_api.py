"""Through the API: nothing personal is stored or audited, the user is told, and conversations can be removed."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.retention import sweep
from assistant.audit import AuditEntry, JsonlAuditLog
from assistant.engine import Assistant
from assistant.store import conversations, feedback
from tests.security.conftest import ADMIN, OTHER, USER
from verwijswijzer.settings import Settings

CASE = ("Jan de Vries (BSN 123456782, geboren 12-03-2015, 06-12345678) woont in Venlo. "
        "Mag ik logeren inzetten naast Perspectief 1?")
SECRETS = ["Vries", "123456782", "12-03-2015", "12345678"]


def stored_text(assistant: Assistant) -> str:
    with assistant.store.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(conversations.c.state)).all() + conn.execute(select(feedback.c.comment)).all()
    return " ".join(str(r[0]) for r in rows)


def test_personal_data_is_never_stored_or_audited(keyed: TestClient, assistant: Assistant,
                                                  settings: Settings) -> None:
    r = keyed.post("/v1/chat", json={"message": CASE}, headers=USER)
    assert r.status_code == 200
    answer = r.json()
    assert "persoonsgegevens" in answer["text"] and "verwijderd" in answer["text"]
    assert answer["region"] == "noord-limburg"  # the municipality survives redaction
    cid = answer["conversation_id"]
    r = keyed.post("/v1/feedback", json={"conversation_id": cid, "rating": "down",
                                         "comment": "Fout voor Jan de Vries, bel 06-12345678"}, headers=USER)
    assert r.status_code == 201
    text = stored_text(assistant)
    assert "[NAAM]" in text and "[BSN]" in text and "[TELEFOON]" in text
    assert not [s for s in SECRETS if s in text]
    log = settings.effective_audit_log.read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in log]
    assert "user-secret" not in log


def test_audit_entry_holds_what_a_replay_needs(keyed: TestClient, settings: Settings) -> None:
    cid = keyed.post("/v1/chat", json={"message": "Tot welke leeftijd loopt pleegzorg door?",
                                       "region": "west-brabant-west"}, headers=USER).json()["conversation_id"]
    keyed.post("/v1/chat", json={"message": "en in Noord-Limburg?", "conversation_id": cid}, headers=USER)
    entries = JsonlAuditLog(settings.effective_audit_log).entries()
    assert [(e.conversation_id, e.turn, e.key_id) for e in entries] == [(cid, 0, "u1"), (cid, 1, "u1")]
    first = entries[0]
    assert first.question == "Tot welke leeftijd loopt pleegzorg door?" and first.region == "west-brabant-west"
    assert first.kind in {"answer", "clarification", "refusal"} and first.answer
    if first.kind == "answer":
        assert first.citations and all(c.version for c in first.citations)
    assert first.documents_version  # the versions searched or cited
    assert all(isinstance(call, dict) and {"name", "input", "output"} <= call.keys() for e in entries
               for call in e.tool_calls)
    assert AuditEntry.model_validate(first.model_dump()) == first  # a line is a complete, typed record


def test_delete_conversation_owner_admin_and_others(keyed: TestClient) -> None:
    def start() -> str:
        return keyed.post("/v1/chat", json={"message": "Wat is logeren?", "region": "noord-limburg"},
                          headers=USER).json()["conversation_id"]

    mine = start()
    assert keyed.delete(f"/v1/conversations/{mine}", headers=OTHER).status_code == 403
    assert keyed.delete(f"/v1/conversations/{mine}").status_code == 401
    assert keyed.delete(f"/v1/conversations/{mine}", headers=USER).status_code == 204
    assert keyed.delete(f"/v1/conversations/{mine}", headers=USER).status_code == 404
    theirs = start()
    assert keyed.delete(f"/v1/conversations/{theirs}", headers=ADMIN).status_code == 204
    assert keyed.post("/v1/feedback", json={"conversation_id": theirs, "rating": "up"},
                      headers=USER).status_code == 404


def feedback_of(assistant: Assistant, cid: str) -> list[str]:
    with assistant.store.engine.connect() as conn:  # type: ignore[attr-defined]
        return [r[0] for r in conn.execute(select(feedback.c.comment).where(feedback.c.conversation_id == cid))]


def audited(settings: Settings) -> set[str]:
    return {e.conversation_id for e in JsonlAuditLog(settings.effective_audit_log).entries()}


def test_retention_deletes_idle_conversations_with_feedback_and_audit(client: TestClient, assistant: Assistant,
                                                                      settings: Settings) -> None:
    old = client.post("/v1/chat", json={"message": "Wat is logeren?", "region": "haarlem"}).json()["conversation_id"]
    new = client.post("/v1/chat", json={"message": "Wat is pleegzorg?", "region": "haarlem"}).json()["conversation_id"]
    for cid in (old, new):
        client.post("/v1/feedback", json={"conversation_id": cid, "rating": "down", "comment": "onduidelijk"})
    with assistant.store.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(update(conversations).where(conversations.c.id == old)
                     .values(updated_at=datetime.now(UTC) - timedelta(days=31)))
    # the old conversation's audit entries are as old as its last turn
    log = settings.effective_audit_log
    aged = [e.model_copy(update={"time": (datetime.now(UTC) - timedelta(days=31)).isoformat()})
            if e.conversation_id == old else e for e in JsonlAuditLog(log).entries()]
    log.write_text("".join(e.model_dump_json() + "\n" for e in aged), encoding="utf-8")
    assert asyncio.run(sweep(client.app)) == 1  # type: ignore[arg-type]
    assert assistant.store.load(old) is None and feedback_of(assistant, old) == []
    assert old not in audited(settings)
    assert assistant.store.load(new) is not None and feedback_of(assistant, new) == ["onduidelijk"]
    assert new in audited(settings)


def test_delete_leaves_no_feedback_or_audit_trace(client: TestClient, assistant: Assistant,
                                                  settings: Settings) -> None:
    cid = client.post("/v1/chat", json={"message": "Wat is logeren?", "region": "haarlem"}).json()["conversation_id"]
    other = client.post("/v1/chat", json={"message": "Wat is pleegzorg?", "region": "haarlem"}).json()[
        "conversation_id"]
    client.post("/v1/feedback", json={"conversation_id": cid, "rating": "up", "comment": "helder"})
    assert cid in audited(settings) and feedback_of(assistant, cid) == ["helder"]
    assert client.delete(f"/v1/conversations/{cid}").status_code == 204
    assert cid not in audited(settings) and feedback_of(assistant, cid) == []
    assert other in audited(settings)


def test_client_chosen_ids_are_never_stored(keyed: TestClient, assistant: Assistant, settings: Settings) -> None:
    personal = "bsn-111222333-jansen"
    r = keyed.post("/v1/chat", json={"message": "Wat is logeren?", "region": "haarlem",
                                     "conversation_id": personal}, headers=USER)
    cid = r.json()["conversation_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", cid)
    r = keyed.post("/v1/chat/completions", headers={**USER, "X-Conversation-Id": "Sanne Jansen 12-03-2015"},
                   json={"model": "verwijswijzer-haarlem", "user": "sanne.jansen@example.nl",
                         "messages": [{"role": "user", "content": "Wat is een light-contract?"}]})
    assert r.status_code == 200
    r = keyed.post("/v1/chat", json={"message": "Wat is logeren?", "municipality": "Jansen 111222333"},
                   headers=USER)
    assert r.status_code == 422 and "111222333" not in r.text and "Jansen" not in r.text
    everything = stored_text(assistant) + settings.effective_audit_log.read_text(encoding="utf-8")
    with assistant.store.engine.connect() as conn:  # type: ignore[attr-defined]
        everything += " ".join(str(row) for row in conn.execute(select(conversations.c.id, conversations.c.owner)))
    assert not [s for s in ("111222333", "jansen", "Jansen", "12-03-2015", "example.nl") if s in everything]
