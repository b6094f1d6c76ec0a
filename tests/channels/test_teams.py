from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.channels.adaptive_card import OPTION_KEY
from api.channels.common import NOTICE
from tests.channels.stubs import QUOTE, Recorder, ScriptedAssistant
from verwijswijzer.settings import Settings

CONVERSATION = "a:1Xq3Z-very-long-personal-chat-id-from-teams-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def activity(recorder: Recorder, text: str | None, activity_id: str = "1718000000001",
             value: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message activity as Teams sends it (personal chat)."""
    body: dict[str, Any] = {
        "type": "message", "id": activity_id, "timestamp": "2026-05-01T10:00:00.000Z", "localTimestamp":
        "2026-05-01T12:00:00.000+02:00", "serviceUrl": f"{recorder.url}/teams/", "channelId": "msteams",
        "from": {"id": "29:1user", "name": "Jan Verwijzer", "aadObjectId": "00000000-0000-0000-0000-000000000042"},
        "conversation": {"id": CONVERSATION, "conversationType": "personal", "tenantId": "tenant-1"},
        "recipient": {"id": "28:bot-app-id", "name": "Verwijswijzer"}, "textFormat": "plain", "locale": "nl-NL",
        "entities": [{"type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web"}],
        "channelData": {"tenant": {"id": "tenant-1"}},
    }
    if text is not None:
        body["text"] = text
    if value is not None:
        body["value"] = value
    return body


def replies(recorder: Recorder, count: int = 1) -> list[dict[str, Any]]:
    return recorder.wait_for("/v3/conversations/", count)


def card_of(reply: dict[str, Any]) -> dict[str, Any]:
    [attachment] = reply["body"]["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def test_message_is_answered_with_an_adaptive_card(client: TestClient, recorder: Recorder,
                                                   scripted: ScriptedAssistant) -> None:
    response = client.post("/api/messages", json=activity(recorder, "<at>Verwijswijzer</at> Vanaf wanneer?"))
    assert response.status_code in (200, 202)
    [reply] = replies(recorder)
    assert reply["path"].startswith("/teams/v3/conversations/")
    assert reply["path"].endswith("/activities/1718000000001")  # a reply to the user's message
    body = reply["body"]
    assert body["type"] == "message" and body["replyToId"] == "1718000000001"
    assert body["conversation"]["id"] == CONVERSATION and body["recipient"]["id"] == "29:1user"
    card = card_of(reply)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["body"][0]["text"] == "U vroeg: Vanaf wanneer?. Het afwegingskader geldt per 20 augustus 2020 [1]."
    sources = [i["text"] for i in card["body"][1]["items"]]
    assert sources[1].startswith("[1] Herijking Afwegingskader light-contracten") and "regels 17–19" in sources[1]
    assert sources[2] == f"“{QUOTE}”"
    assert card["body"][-1]["text"] == NOTICE
    request, owner = scripted.requests[0]
    assert request.message == "Vanaf wanneer?" and owner == "teams"
    assert request.conversation_id.startswith("teams-") and len(request.conversation_id) <= 64


def test_options_are_buttons_and_a_submitted_option_continues_the_conversation(
        client: TestClient, recorder: Recorder, scripted: ScriptedAssistant) -> None:
    client.post("/api/messages", json=activity(recorder, "wat kost ggz?"))
    card = card_of(replies(recorder)[0])
    assert [a["title"] for a in card["actions"]] == ["GGZ licht", "GGZ zwaar"]
    zwaar = card["actions"][1]
    assert zwaar["type"] == "Action.Submit" and zwaar["data"]["msteams"] == {"type": "imBack", "value": "GGZ zwaar"}
    # Outside Teams' imBack, a submit arrives as a message with the data in `value` and no text.
    client.post("/api/messages", json=activity(recorder, None, "1718000000002", value=zwaar["data"]))
    answer = card_of(replies(recorder, 2)[1])
    assert answer["body"][0]["text"].startswith("U vroeg: GGZ zwaar.")
    assert "actions" not in answer
    assert len({r.conversation_id for r, _ in scripted.requests}) == 1  # keyed by the Teams conversation
    assert zwaar["data"][OPTION_KEY] == "GGZ zwaar"


def test_auth_is_on_by_default_and_refuses_unauthenticated_activities(tmp_path: Path, recorder: Recorder,
                                                                      scripted: ScriptedAssistant) -> None:
    assert Settings().teams_auth_enabled is True
    unconfigured = create_app(Settings(data_dir=tmp_path), assistant=scripted)  # type: ignore[arg-type]
    response = TestClient(unconfigured).post("/api/messages", json=activity(recorder, "hallo"))
    assert response.status_code == 503 and "TEAMS_APP_ID" in response.json()["detail"]
    settings = Settings(data_dir=tmp_path, teams_app_id="11111111-2222-3333-4444-555555555555",
                        teams_app_password="secret", teams_tenant_id="tenant-1")
    app = TestClient(create_app(settings, assistant=scripted))  # type: ignore[arg-type]
    assert app.post("/api/messages", json=activity(recorder, "hallo")).status_code == 401
    for header in ("Basic amFuOmdlaGVpbQ==", "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."):  # no key id: no fetch
        response = app.post("/api/messages", json=activity(recorder, "hallo"), headers={"Authorization": header})
        assert response.status_code == 401
    assert scripted.requests == [] and recorder.calls == []


def test_manifest_template_declares_the_bot() -> None:
    import json

    folder = Path(__file__).resolve().parents[2] / "api" / "channels" / "teams_manifest"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bots"][0]["botId"] == manifest["id"] == "{{TEAMS_APP_ID}}"
    assert all((folder / icon).is_file() for icon in manifest["icons"].values())
