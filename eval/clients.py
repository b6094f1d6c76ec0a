"""What the evaluation talks to: the assistant, the retriever and the rule endpoints, in-process or over HTTP.

In-process and HTTP clients send the same requests and read the same JSON, so both give the same numbers.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import httpx

from assistant.answer import Answer
from assistant.engine import ChatRequest
from verwijswijzer.settings import Settings


class Unavailable(RuntimeError):
    """A part of the system this metric needs is not there (yet); the metric is skipped with this message."""


class Answerer(Protocol):
    def chat(self, request: ChatRequest) -> Answer: ...


class Searcher(Protocol):
    def passages(self, query: str, region: str | None, k: int) -> list[str]: ...


class RuleClient(Protocol):
    def call(self, rule: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]: ...


def _headers(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _send(client: httpx.Client, method: str, path: str, **kw: Any) -> httpx.Response:
    """One request; a 429 is waited out (Retry-After) a few times, as a patient client would."""
    for _ in range(5):
        response = client.request(method, path, **kw)
        if response.status_code != 429:
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))
    return response


class HttpAnswerer:
    def __init__(self, url: str, api_key: str = "", timeout_s: float = 30.0) -> None:
        self.client = httpx.Client(base_url=url.rstrip("/"), headers=_headers(api_key), timeout=timeout_s)

    def chat(self, request: ChatRequest) -> Answer:
        response = _send(self.client, "POST", "/v1/chat", json=request.model_dump(exclude_none=True))
        response.raise_for_status()
        return Answer.model_validate(response.json())


class InProcessSearcher:
    def __init__(self) -> None:
        try:
            from retrieval.index import shared_index
            from verwijswijzer.settings import get_settings
        except ImportError as exc:
            raise Unavailable(f"retrieval service not importable ({exc})") from exc
        try:
            self.retriever = shared_index(get_settings()).retriever
        except Exception as exc:  # an unbuilt index is reported, not fatal for the other metrics
            raise Unavailable(f"retriever could not start ({exc})") from exc

    def passages(self, query: str, region: str | None, k: int) -> list[str]:
        return [hit.chunk.text for hit in self.retriever.search(query, region, k)]


class HttpSearcher:
    def __init__(self, url: str, api_key: str = "") -> None:
        self.client = httpx.Client(base_url=url.rstrip("/"), headers=_headers(api_key), timeout=30.0)

    def passages(self, query: str, region: str | None, k: int) -> list[str]:
        params: dict[str, Any] = {"q": query, "k": k}
        if region:
            params["region"] = region
        response = _send(self.client, "GET", "/v1/search", params=params)
        if response.status_code == 404 and response.json().get("detail") == "Not Found":
            raise Unavailable("the server has no GET /v1/search")
        response.raise_for_status()
        return [r["text"] for r in response.json()["results"]]


class _RuleHttp:
    """Posts rule requests to any httpx-compatible client (a real server or FastAPI's in-process TestClient)."""

    client: httpx.Client

    def _require_rules(self) -> None:
        response = self.client.get("/v1/rules")
        if response.status_code == 404:
            raise Unavailable("there are no rule endpoints (GET /v1/rules is 404)")
        listed = response.text
        missing = [name for name in ("stacking", "tariff") if f'"{name}"' not in listed]
        if missing:
            raise Unavailable(f"GET /v1/rules does not list {', '.join(missing)}")

    def call(self, rule: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = _send(self.client, "POST", f"/v1/rules/{rule}", json=payload)
        try:
            body = response.json()
        except ValueError:
            body = {"detail": response.text}
        return response.status_code, body if isinstance(body, dict) else {"detail": body}


class HttpRuleClient(_RuleHttp):
    def __init__(self, url: str, api_key: str = "") -> None:
        self.client = httpx.Client(base_url=url.rstrip("/"), headers=_headers(api_key), timeout=30.0)
        self._require_rules()


class InProcessRuleClient(_RuleHttp):
    def __init__(self, settings: Settings) -> None:
        from fastapi.testclient import TestClient

        from api.app import create_app

        keys = [k for k in settings.api_keys if k.role == "user"] or settings.api_keys
        # The harness is not a user: the in-process app runs without the per-client rate limit.
        unlimited = settings.model_copy(update={"rate_limit_per_minute": 0.0})
        self.client = TestClient(create_app(unlimited),
                                 headers=_headers(keys[0].key.get_secret_value() if keys else ""))
        self._require_rules()
