"""An app around a canned assistant, for tests of the HTTP surface itself (auth, shapes, streaming)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.answer import Answer, Citation
from assistant.audit import audit_log_at
from assistant.engine import ChatRequest
from assistant.privacy import redactor_for
from assistant.state import ConversationState
from assistant.store import SqlStore
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import ApiKey, Settings


class CannedAssistant:
    """Answers every question with one cited sentence of the Haarlem memo, and remembers conversations."""

    def __init__(self, settings: Settings) -> None:
        self.catalogue = load_catalogue(settings.corpus_dir)
        self.store = SqlStore(settings.effective_database_url)
        self.redactor = redactor_for(settings.corpus_dir)
        self.audit = audit_log_at(settings.effective_audit_log)

    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer:
        cid = request.conversation_id or uuid.uuid4().hex
        if self.store.load(cid) is None:
            self.store.save(ConversationState(id=cid, owner=owner))
        quote = ("Per 20 augustus 2020 geldt het Afwegingskader light-contracten om te bepalen in welke situaties "
                 "een light-contract met een niet-gecontracteerde aanbieder wordt afgesloten.")
        return Answer(conversation_id=cid, kind="answer", text=f"{quote} [1]", region=request.region,
                      citations=[Citation(n=1, document_id="haarlem-light-contracten", title="Haarlem", section="",
                                          line_start=17, line_end=19, quote=quote)])


def make_client(tmp_path: Path, keys: list[ApiKey] | None = None) -> TestClient:
    settings = Settings(data_dir=tmp_path, api_keys=keys or [])
    return TestClient(create_app(settings, assistant=CannedAssistant(settings)))  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


@pytest.fixture
def keyed(tmp_path: Path) -> TestClient:
    return make_client(tmp_path, [ApiKey(id="u1", key="user-secret", role="user"),
                                  ApiKey(id="u2", key="other-secret", role="user"),
                                  ApiKey(id="a1", key="admin-secret", role="admin")])
