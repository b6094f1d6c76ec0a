"""The chat widget: its web component (JS/CSS), a demo page at /widget, and the region list it offers."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel

from api.auth import User
from verwijswijzer.corpus import load_catalogue

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
router = APIRouter(tags=["widget"])
# The widget is fetched by intranet pages on every load; let browsers keep it briefly but pick up releases.
CACHE = {"Cache-Control": "public, max-age=300"}


class RegionOut(BaseModel):
    id: str
    name: str


@router.get("/widget", include_in_schema=False)
async def demo_page() -> FileResponse:
    return FileResponse(WIDGET_DIR / "demo.html", media_type="text/html; charset=utf-8")


@router.get("/widget/verwijswijzer.js", include_in_schema=False)
async def script() -> FileResponse:
    return FileResponse(WIDGET_DIR / "verwijswijzer.js", media_type="text/javascript; charset=utf-8", headers=CACHE)


@router.get("/widget/verwijswijzer.css", include_in_schema=False)
async def stylesheet() -> FileResponse:
    return FileResponse(WIDGET_DIR / "verwijswijzer.css", media_type="text/css; charset=utf-8", headers=CACHE)


@router.get("/v1/regions", response_model=list[RegionOut], tags=["chat"])
async def regions(request: Request, _who: User) -> list[RegionOut]:
    """The regions a referrer can choose (the widget's region select)."""
    catalogue = load_catalogue(request.app.state.settings.corpus_dir)
    return [RegionOut(id=r.id, name=r.name) for r in catalogue.regions]
