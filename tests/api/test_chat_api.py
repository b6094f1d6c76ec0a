import json

from fastapi.testclient import TestClient

from api.auth import check_bind

USER = {"Authorization": "Bearer user-secret"}
OTHER = {"Authorization": "Bearer other-secret"}
ADMIN = {"Authorization": "Bearer admin-secret"}


def test_chat_returns_the_answer_object(client: TestClient) -> None:
    r = client.post("/v1/chat", json={"message": "Sinds wanneer?", "region": "haarlem"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"conversation_id", "kind", "text", "citations", "tool_calls", "region", "options",
                         "documents_version"}
    assert body["citations"][0]["line_start"] == 17


def test_bad_input_is_422_with_a_message(client: TestClient) -> None:
    assert client.post("/v1/chat", json={"message": ""}).status_code == 422
    assert client.post("/v1/chat", json={"message": "x" * 4001}).status_code == 422
    assert client.post("/v1/chat", content=b"{not json", headers={"content-type": "application/json"}).status_code \
        == 422


def test_keys_and_roles(keyed: TestClient) -> None:
    assert keyed.post("/v1/chat", json={"message": "vraag"}).status_code == 401
    assert keyed.post("/v1/chat", json={"message": "vraag"}, headers={"Authorization": "Bearer nope"}).status_code \
        == 401
    r = keyed.post("/v1/chat", json={"message": "vraag", "conversation_id": "mine"}, headers=USER)
    assert r.status_code == 200
    mine = r.json()["conversation_id"]  # the server's id for the client's "mine"
    assert mine != "mine"
    again = keyed.post("/v1/chat", json={"message": "vraag", "conversation_id": "mine"}, headers=USER)
    assert again.json()["conversation_id"] == mine
    # another key's "mine" is another conversation
    theirs = keyed.post("/v1/chat", json={"message": "vraag", "conversation_id": "mine"}, headers=OTHER)
    assert theirs.status_code == 200 and theirs.json()["conversation_id"] != mine
    # someone else's conversation: neither readable nor deletable
    assert keyed.post("/v1/chat", json={"message": "vraag", "conversation_id": mine},
                      headers=OTHER).status_code == 403
    assert keyed.delete(f"/v1/conversations/{mine}", headers=OTHER).status_code == 403
    assert keyed.delete(f"/v1/conversations/{mine}", headers=ADMIN).status_code == 204
    assert keyed.delete(f"/v1/conversations/{mine}", headers=ADMIN).status_code == 404


def test_open_mode_binds_only_to_loopback() -> None:
    check_bind("127.0.0.1", has_keys=False)
    check_bind("0.0.0.0", has_keys=True)
    try:
        check_bind("0.0.0.0", has_keys=False)
    except SystemExit as exc:
        assert "API-sleutels" in str(exc)
    else:
        raise AssertionError("an open service must not bind to all interfaces")


def test_feedback_is_stored(client: TestClient) -> None:
    cid = client.post("/v1/chat", json={"message": "vraag"}).json()["conversation_id"]
    assert client.post("/v1/feedback", json={"conversation_id": cid, "rating": "up"}).status_code == 201
    assert client.post("/v1/feedback", json={"conversation_id": cid, "rating": "meh"}).status_code == 422
    assert client.post("/v1/feedback", json={"conversation_id": "nope", "rating": "down"}).status_code == 404


def test_stream_sends_deltas_then_citations_then_the_final_object(client: TestClient) -> None:
    with client.stream("POST", "/v1/chat/stream", json={"message": "vraag"}) as r:
        assert r.status_code == 200
        body = "".join(r.iter_text())
    events = [line.removeprefix("event: ").strip() for line in body.splitlines() if line.startswith("event:")]
    assert events[0] == "start" and events[-2:] == ["citations", "final"] and "delta" in events
    datas = [line.removeprefix("data: ") for line in body.splitlines() if line.startswith("data:")]
    final = json.loads(datas[-1])
    deltas = "".join(json.loads(d)["text"] for d, e in zip(datas, events, strict=True) if e == "delta")
    assert deltas == final["text"]


def test_openai_compatible_completions(client: TestClient) -> None:
    models = client.get("/v1/models").json()["data"]
    assert {"verwijswijzer", "verwijswijzer-haarlem"} <= {m["id"] for m in models}
    r = client.post("/v1/chat/completions", json={"model": "verwijswijzer-haarlem",
                                                   "messages": [{"role": "user", "content": "Sinds wanneer?"}]})
    assert r.status_code == 200
    body = r.json()
    content = body["choices"][0]["message"]["content"]
    assert "Bronnen:" in content and "[1]" in content and body["citations"][0]["line_start"] == 17
    assert body["verwijswijzer"]["region"] == "haarlem"
    assert client.post("/v1/chat/completions", json={"model": "verwijswijzer-mars",
                                                      "messages": [{"role": "user", "content": "x"}]}
                       ).status_code == 422
    with client.stream("POST", "/v1/chat/completions", json={"stream": True, "messages": [
            {"role": "user", "content": "Sinds wanneer?"}]}) as s:
        lines = [line for line in s.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == content
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and chunks[-1]["citations"]
