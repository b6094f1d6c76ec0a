"""API keys (bearer) with roles. Without configured keys the service runs open, and only on loopback."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Caller:
    key_id: str | None
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def caller(request: Request) -> Caller:
    settings = request.app.state.settings
    if not settings.api_keys:
        return Caller(key_id=None, role="admin")  # open mode: loopback only, enforced at start-up
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Geen API-sleutel meegegeven (Authorization: Bearer …).",
                            headers={"WWW-Authenticate": "Bearer"})
    for key in settings.api_keys:
        if hmac.compare_digest(key.key.get_secret_value().encode(), token.encode()):
            return Caller(key_id=key.id, role=key.role)
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Onbekende API-sleutel.", headers={"WWW-Authenticate": "Bearer"})


def admin(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if not who.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Hiervoor is de rol 'admin' nodig.")
    return who


def check_bind(host: str, has_keys: bool) -> None:
    """Refuse to expose an open service: without API keys, bind to loopback only."""
    if not has_keys and host not in LOOPBACK:
        raise SystemExit(
            f"Weiger te starten op {host}: er zijn geen API-sleutels ingesteld (VERWIJSWIJZER_API_KEYS). "
            "Zonder sleutels draait de dienst alleen op 127.0.0.1."
        )


User = Annotated[Caller, Depends(caller)]
Admin = Annotated[Caller, Depends(admin)]
