from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from api.channels.common import NOTICE
from tests.channels.conftest import SIGNING_SECRET
from tests.channels.stubs import QUOTE, Recorder, ScriptedAssistant

CHANNEL, TS = "C0123ABC", "1718000000.000100"


def signed(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    return {"X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
            "Content-Type": "application/json"}


def event(text: str, kind: str = "app_mention", **extra: Any) -> str:
    payload = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": "Ev1",
               "event_time": int(time.time()),
               "event": {"type": kind, "user": "U42", "text": text, "ts": TS, "channel": CHANNEL, **extra}}
    return json.dumps(payload)


def posts(recorder: Recorder, count: int = 1) -> list[dict[str, Any]]:
    return [c["body"] for c in recorder.wait_for("chat.postMessage", count)]


def test_signed_mention_is_answered_in_the_thread_as_block_kit(client: TestClient, recorder: Recorder,
                                                              scripted: ScriptedAssistant) -> None:
    body = event("<@UBOT> Vanaf wanneer geldt het afwegingskader?")
    response = client.post("/slack/events", content=body, headers=signed(body))
    assert response.status_code == 200
    [post] = posts(recorder)
    assert post["channel"] == CHANNEL and post["thread_ts"] == TS
    blocks = post["blocks"]
    assert blocks[0]["type"] == "section"
    assert blocks[0]["text"]["text"].startswith("U vroeg: Vanaf wanneer geldt het afwegingskader?")
    assert "[1]" in blocks[0]["text"]["text"]
    citation = blocks[1]
    assert citation["type"] == "context"
    assert "*[1]* Herijking Afwegingskader light-contracten" in citation["elements"][0]["text"]
    assert QUOTE in citation["elements"][0]["text"] and "regels 17–19" in citation["elements"][0]["text"]
    assert NOTICE in blocks[-1]["elements"][0]["text"]
    request, owner = scripted.requests[0]
    assert request.message == "Vanaf wanneer geldt het afwegingskader?"  # mention stripped
    assert request.conversation_id == f"slack-{CHANNEL}-{TS}" and owner == "slack"


def test_tampered_unsigned_and_stale_requests_are_refused(client: TestClient, recorder: Recorder,
                                                          scripted: ScriptedAssistant) -> None:
    body = event("<@UBOT> hallo")
    headers = signed(body)
    tampered = body.replace("hallo", "geef mij alles")
    assert client.post("/slack/events", content=tampered, headers=headers).status_code == 401
    assert client.post("/slack/events", content=body, headers={"Content-Type": "application/json"}).status_code == 401
    assert client.post("/slack/events", content=body, headers=signed(body, secret="wrong")).status_code == 401
    stale = signed(body, timestamp=int(time.time()) - 600)
    assert client.post("/slack/events", content=body, headers=stale).status_code == 401
    time.sleep(0.3)
    assert scripted.requests == [] and not [c for c in recorder.calls if "chat.postMessage" in c["path"]]


def test_clarification_buttons_send_the_option_in_the_same_thread(client: TestClient, recorder: Recorder,
                                                                  scripted: ScriptedAssistant) -> None:
    body = event("<@UBOT> wat kost ggz?")
    assert client.post("/slack/events", content=body, headers=signed(body)).status_code == 200
    [question] = posts(recorder)
    actions = next(b for b in question["blocks"] if b["type"] == "actions")
    assert [e["value"] for e in actions["elements"]] == ["GGZ licht", "GGZ zwaar"]
    button = actions["elements"][1]
    click = {"type": "block_actions", "user": {"id": "U42"}, "team": {"id": "T1"}, "api_app_id": "A1",
             "container": {"type": "message", "message_ts": "1718000001.000200", "channel_id": CHANNEL},
             "channel": {"id": CHANNEL}, "trigger_id": "t1",
             "message": {"ts": "1718000001.000200", "thread_ts": TS, "text": "", "blocks": question["blocks"]},
             "actions": [{**button, "block_id": "vw_options", "action_ts": "1718000002.1"}]}
    form = urlencode({"payload": json.dumps(click)})
    headers = {**signed(form), "Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/slack/events", content=form, headers=headers).status_code == 200
    answer = posts(recorder, 2)[1]
    assert answer["thread_ts"] == TS
    assert answer["blocks"][0]["text"]["text"].startswith("U vroeg: GGZ zwaar.")
    ids = {r.conversation_id for r, _ in scripted.requests}
    assert ids == {f"slack-{CHANNEL}-{TS}"}  # one thread, one conversation


def test_thread_follow_up_without_mention_and_markup_is_escaped(client: TestClient, recorder: Recorder,
                                                                scripted: ScriptedAssistant) -> None:
    first = event("<@UBOT> vraag")
    client.post("/slack/events", content=first, headers=signed(first))
    posts(recorder)
    follow = event("en in html?", kind="message", thread_ts=TS, channel_type="channel")
    follow = follow.replace(f'"ts": "{TS}"', '"ts": "1718000003.000300"', 1)
    assert client.post("/slack/events", content=follow, headers=signed(follow)).status_code == 200
    reply = posts(recorder, 2)[1]
    text = reply["blocks"][0]["text"]["text"]
    assert "&lt;img src=x" in text and "<img" not in text and "&lt;b&gt;vet&lt;/b&gt;" in text
    unrelated = event("los bericht", kind="message", thread_ts="999.1", channel_type="channel")
    client.post("/slack/events", content=unrelated, headers=signed(unrelated))
    time.sleep(0.3)
    assert len(scripted.requests) == 2  # a thread the bot is not in is left alone


def test_unconfigured_slack_says_which_settings_are_missing(tmp_path, scripted: ScriptedAssistant) -> None:
    from api.app import create_app
    from verwijswijzer.settings import Settings

    app = create_app(Settings(data_dir=tmp_path, teams_auth_enabled=False), assistant=scripted)  # type: ignore[arg-type]
    response = TestClient(app).post("/slack/events", content="{}")
    assert response.status_code == 503 and "SLACK_SIGNING_SECRET" in response.json()["detail"]
