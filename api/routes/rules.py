"""Rule endpoints: GET /v1/rules and POST /v1/rules/<name> for every registered rule function."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import ValidationError

from rules.errors import UnknownProduct, UnknownRegion
from rules.registry import REGISTRY, describe

router = APIRouter(prefix="/v1/rules", tags=["rules"])


@router.get("")
def list_rules() -> list[dict[str, Any]]:
    return describe()


@router.post("/{name}")
async def run_rule(name: str, request: Request) -> dict[str, Any]:
    fn = REGISTRY.get(name)
    if fn is None:
        raise HTTPException(404, detail={"message": "Onbekende regelfunctie.", "rules": list(REGISTRY)})
    try:
        body = await request.json()
    except ValueError as exc:
        raise HTTPException(422, detail={"message": "De body moet geldige JSON zijn."}) from exc
    try:
        payload = fn.input_model.model_validate(body)
        result = fn.call(payload)
    except UnknownProduct as exc:
        raise HTTPException(404, detail={"message": str(exc), "candidates": exc.candidates}) from exc
    except UnknownRegion as exc:
        raise HTTPException(422, detail={"message": str(exc), "regions": exc.regions}) from exc
    except ValidationError as exc:
        errors = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise HTTPException(422, detail={"message": "Ongeldige invoer: " + "; ".join(errors)}) from exc
    except ValueError as exc:
        raise HTTPException(422, detail={"message": str(exc)}) from exc
    return result.model_dump(mode="json")
