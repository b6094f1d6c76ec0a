"""One question, four ways in: /v1/chat, the widget's stream, Slack and Teams give the same answer."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.channels import adaptive_card, blockkit
from assistant.answer import Answer
from tests.channels.conftest import SIGNING_SECRET
from tests.channels.stubs import Recorder
from tests.channels.test_slack import event, posts, signed
from tests.channels.test_teams import activity, card_of, replies
from tests.conftest import real_engine
from verwijswijzer.settings import Settings

QUESTION = "Vanaf welke datum werkt Haarlem met het afwegingskader voor light-contracten?"


def sse(body: str) -> list[tuple[str, str]]:
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            events.append((fields["event"], fields.get("data", "")))
    return events


def test_every_channel_gives_the_chat_api_answer(indexed_data: Path, recorder: Recorder) -> None:
    settings = Settings(data_dir=indexed_data, embedder="none", slack_bot_token=SecretStr("xoxb-test"),
                        slack_signing_secret=SecretStr(SIGNING_SECRET), slack_api_base_url=f"{recorder.url}/api/",
                        teams_auth_enabled=False)
    client = TestClient(create_app(settings, assistant=real_engine(settings)))

    api = Answer.model_validate(client.post("/v1/chat", json={"message": QUESTION}).json())
    assert api.kind == "answer" and "20 augustus 2020" in api.text and api.citations
    same = {"kind", "text", "citations", "options", "region"}

    # The widget renders the stream: its deltas add up to the text, and its final object is the answer.
    events = sse(client.post("/v1/chat/stream", json={"message": QUESTION}).text)
    assert "".join(json.loads(d)["text"] for e, d in events if e == "delta") == api.text
    streamed = Answer.model_validate_json(next(d for e, d in events if e == "final"))
    assert streamed.model_dump(include=same) == api.model_dump(include=same)

    body = event(f"<@UBOT> {QUESTION}")
    assert client.post("/slack/events", content=body, headers=signed(body)).status_code == 200
    [slack] = posts(recorder)
    assert slack["blocks"] == blockkit.render(api)
    section = slack["blocks"][0]["text"]["text"]
    assert section.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == api.text

    assert client.post("/api/messages", json=activity(recorder, QUESTION)).status_code in (200, 202)
    card = card_of(replies(recorder)[0])
    assert card == adaptive_card.render(api)
    assert card["body"][0]["text"] == api.text
