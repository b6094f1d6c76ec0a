from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from tests.channels.stubs import Recorder, ScriptedAssistant
from verwijswijzer.settings import Settings

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.close()


@pytest.fixture
def channel_settings(tmp_path: Path, recorder: Recorder) -> Settings:
    return Settings(data_dir=tmp_path, slack_bot_token=SecretStr("xoxb-test"),
                    slack_signing_secret=SecretStr(SIGNING_SECRET), slack_api_base_url=f"{recorder.url}/api/",
                    teams_auth_enabled=False)


@pytest.fixture
def scripted(tmp_path: Path) -> ScriptedAssistant:
    return ScriptedAssistant(tmp_path / "conversations.sqlite3")


@pytest.fixture
def scripted_app(channel_settings: Settings, scripted: ScriptedAssistant) -> FastAPI:
    return create_app(channel_settings, assistant=scripted)  # type: ignore[arg-type]


@pytest.fixture
def client(scripted_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(scripted_app) as c:
        yield c
