"""The FastAPI application: one service for the chat API, the rule tools, search and the channels."""

from __future__ import annotations

from fastapi import FastAPI

from api import access_log, retention
from api.channels import register as register_channels
from api.limits import install_limits
from api.routes import chat, documents, health, openai_compat, search
from api.routes import rules as rule_routes
from assistant.engine import Assistant
from verwijswijzer.settings import Settings, get_settings


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    settings = settings or get_settings()
    access_log.install()
    app = FastAPI(
        title="Verwijswijzer",
        description="Gegronde antwoorden uit de handboeken jeugdhulp, met bronvermelding.",
        version="0.1.0",
        lifespan=retention.lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant or Assistant(settings)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(chat.router)
    app.include_router(openai_compat.router)
    app.include_router(documents.router)
    app.include_router(rule_routes.router)
    register_channels(app, settings)
    install_limits(app, settings)
    health.install_unavailable_handler(app)
    return app
