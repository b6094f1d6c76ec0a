"""Request limits with clear Dutch 4xx answers: rate per API key, body size, JSON nesting, invalid input.

One pure-ASGI middleware runs before routing: it charges the caller's token bucket (429 with Retry-After), reads
the body up to the size limit (413) and, for JSON, checks the nesting depth without parsing it (so a deeply nested
body can never reach the recursive JSON parser and turn into a 500). Validation errors become 422 with a Dutch
``detail`` sentence plus the machine-readable ``errors``.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from verwijswijzer.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATHS = ("/v1/documents",)
RATE_LIMITED_PREFIX = "/v1/"
MAX_BUCKETS = 10_000


class TokenBucket:
    """``rate`` tokens per second up to ``capacity``; one request costs one token."""

    def __init__(self, rate: float, capacity: int, now: float) -> None:
        self.rate, self.capacity = rate, capacity
        self.tokens, self.stamp = float(capacity), now

    def take(self, now: float) -> float:
        """0 when the request may pass; otherwise the seconds until it would."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimiter:
    """In-memory buckets per caller, per process: N workers allow N times the rate (documented in the README)."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = per_minute / 60.0, burst, clock
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def wait_for(self, caller: str) -> float:
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(caller)
            if bucket is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._prune(now)
                bucket = self._buckets[caller] = TokenBucket(self.rate, self.burst, now)
            return bucket.take(now)

    def _prune(self, now: float) -> None:
        # Buckets that have refilled completely carry no information; forget them (bounded memory).
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.stamp) * self.rate >= b.capacity]
        for key in full or list(self._buckets)[: MAX_BUCKETS // 2]:
            del self._buckets[key]


def caller_id(scope: Scope, settings: Settings) -> str:
    """The API key id for a known bearer key, else the client address (never the key itself)."""
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() == "bearer" and token:
        for key in settings.api_keys:
            if hmac.compare_digest(key.key.get_secret_value().encode(), token.encode()):
                return f"key:{key.id}"
    client = scope.get("client") or ("?", 0)
    return f"addr:{client[0]}"


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """Deepest nesting of arrays and objects, without parsing (strings are skipped)."""
    depth = deepest = 0
    for m in _BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if m.group(0) in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


async def _reply(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings
        self.limiter = (RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
                        if settings.rate_limit_per_minute > 0 else None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if self.limiter is not None and path.startswith(RATE_LIMITED_PREFIX):
            wait = self.limiter.wait_for(caller_id(scope, self.settings))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                await _reply(send, 429, f"Te veel verzoeken. Probeer het over {seconds} seconden opnieuw.",
                             {"Retry-After": str(seconds)})
                return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        upload = path.startswith(UPLOAD_PATHS)
        limit = self.settings.upload_max_bytes + 64 * 1024 if upload else self.settings.max_body_bytes
        too_big = (f"Het verzoek is te groot (maximaal {limit // 1024} kB). "
                   + ("Upload een kleiner bestand." if upload else "Stel een kortere vraag."))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _reply(send, 413, too_big)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reply(send, 413, too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if b"json" in headers.get(b"content-type", b"") and json_depth(body) > self.settings.max_json_depth:
            await _reply(send, 400, f"De JSON is te diep genest (maximaal {self.settings.max_json_depth} niveaus).")
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # afterwards: wait for the disconnect, as a streaming response expects

    return replay


_MESSAGES = {
    "missing": "ontbreekt",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "string_too_short": "is leeg of te kort (minimaal {min_length} tekens)",
    "string_pattern_mismatch": "heeft geen geldige waarde",
    "json_invalid": "is geen geldige JSON",
    "model_attributes_type": "moet een JSON-object zijn",
    "dict_type": "moet een JSON-object zijn",
    "list_type": "moet een lijst zijn",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet waar of onwaar zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "enum": "moet een van deze waarden zijn: {expected}",
}


def dutch_error(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "het verzoek"
    template = _MESSAGES.get(error.get("type", ""), "is ongeldig")
    try:
        what = template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        what = "is ongeldig"
    return f"'{where}' {what}"


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    detail = "Ongeldig verzoek: " + "; ".join(dutch_error(e) for e in errors[:5]) + "."
    safe = [{k: e.get(k) for k in ("type", "loc", "msg")} for e in errors]
    return JSONResponse({"detail": detail, "errors": json.loads(json.dumps(safe, default=str))}, status_code=422)


def install_limits(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(LimitsMiddleware, settings=settings)
    app.add_exception_handler(RequestValidationError, validation_error)
