"""The FastAPI application: one service for the chat API, the rule tools, search and the channels."""

from __future__ import annotations

from fastapi import FastAPI

from api.routes import chat, health, openai_compat, search
from assistant.engine import Assistant
from verwijswijzer.settings import Settings, get_settings


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Verwijswijzer",
        description="Gegronde antwoorden uit de handboeken jeugdhulp, met bronvermelding.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.assistant = assistant or Assistant(settings)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(chat.router)
    app.include_router(openai_compat.router)
    return app
