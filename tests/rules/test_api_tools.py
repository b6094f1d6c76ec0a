"""Rule endpoints through the real FastAPI app, and the LangChain tools."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rules.registry import REGISTRY
from rules.tools import rule_tools


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_list_rules_with_schemas(client: TestClient) -> None:
    body = client.get("/v1/rules").json()
    names = [f["name"] for f in body]
    assert {"stacking", "tariff", "payment_schedule", "maatwerk", "light_contract", "pgb", "provider_class",
            "age", "deadline"} <= set(names)
    tariff = next(f for f in body if f["name"] == "tariff")
    assert "product" in tariff["input_schema"]["properties"] and tariff["output_schema"]["properties"]


def test_tariff_endpoint(client: TestClient) -> None:
    r = client.post("/v1/rules/tariff", json={"region": "noord-limburg", "product": "GGZ zwaar", "provider": "micro",
                                               "quantity": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["amount_text"] == "€4.543,44" and body["total_text"] == "€ 9.086,88"
    assert body["citations"][0]["document_id"] == "noord-limburg-handboek"


def test_stacking_endpoint(client: TestClient) -> None:
    r = client.post("/v1/rules/stacking", json={"region": "noord-limburg", "products": ["GGZ-traject", "P1"],
                                                 "same_provider": True})
    assert r.status_code == 200 and r.json()["verdict"] == "forbidden"


@pytest.mark.parametrize(("name", "payload", "field", "value"), [
    ("maatwerk", {"facts": {"systeemgericht_niet_gecontracteerd": True}}, "verdict", "allowed"),
    ("light_contract", {"facts": {"school_samenwerkingsrelatie": True}}, "verdict", "allowed"),
    ("pgb", {"region": "noord-limburg", "purpose": "verblijf"}, "verdict", "forbidden"),
    ("provider_class", {"balance_total": 1, "net_turnover": 1, "fte": 1}, "verdict", "micro"),
    ("age", {"region": "west-brabant-west", "age": 14}, "verdict", "allowed"),
    ("deadline", {"region": "west-brabant-west", "topic": "garantie"}, "found", True),
    ("payment_schedule", {"region": "west-brabant-west", "product": "P4 intensief", "dropout": "recent-gestart"},
     "total_paid_eur", 5151),
])
def test_every_function_has_an_endpoint(client: TestClient, name, payload, field, value) -> None:
    r = client.post(f"/v1/rules/{name}", json=payload)
    assert r.status_code == 200, r.text
    assert r.json()[field] == value


@pytest.mark.parametrize(("name", "payload", "status", "needle"), [
    ("tariff", {"region": "noord-limburg", "product": "vaktherpie"}, 404, "Vaktherapie"),
    ("tariff", {"region": "utrecht", "product": "P1"}, 422, "noord-limburg"),
    ("tariff", {"region": "noord-limburg"}, 422, "product"),
    ("tariff", {"region": "noord-limburg", "product": "P1 licht", "provider": "groot"}, 422, "provider"),
    ("stacking", {"region": "noord-limburg", "products": []}, 422, "products"),
    ("maatwerk", {"facts": {"onzin": True}}, 422, "Onbekende feiten"),
    ("bestaat-niet", {}, 404, "Onbekende regelfunctie"),
])
def test_errors(client: TestClient, name, payload, status, needle) -> None:
    r = client.post(f"/v1/rules/{name}", json=payload)
    assert r.status_code == status and needle in r.text


def test_unknown_product_lists_candidates(client: TestClient) -> None:
    r = client.post("/v1/rules/tariff", json={"region": "noord-limburg", "product": "vaktherpie"})
    assert r.json()["detail"]["candidates"] == [{"id": "vaktherapie", "name": "Vaktherapie (enkelvoudig)"}]


def test_invalid_json(client: TestClient) -> None:
    r = client.post("/v1/rules/tariff", content=b"{nope", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.text


def test_tools_wrap_every_function() -> None:
    tools = {t.name: t for t in rule_tools()}
    assert set(tools) == set(REGISTRY)
    out = tools["tariff"].invoke({"region": "west-brabant-west", "product": "P6 intensief"})
    assert out["amount_eur"] == 18886
    err = tools["tariff"].invoke({"region": "noord-limburg", "product": "vaktherpie"})
    assert "niet gevonden" in err["error"] and err["candidates"]
    bad = tools["provider_class"].invoke({"region": "haarlem"})
    assert "Noord-Limburg" in bad["error"]
