"""The channels: the chat widget, Slack and Teams. Each renders the same Answer object; none has answer logic."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.channels import passages, slack, teams, widget
from verwijswijzer.settings import Settings


def register(app: FastAPI, settings: Settings) -> None:
    """Mount every channel; Slack and Teams answer 503 with the missing settings until configured."""
    engine = app.state.assistant
    for module in (widget, passages, slack, teams):
        app.include_router(module.router)
    if settings.widget_origins:  # intranet pages on other origins that embed the widget
        app.add_middleware(CORSMiddleware, allow_origins=settings.widget_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.state.slack = slack.SlackChannel(settings, engine) if slack.configured(settings) else None
    if app.state.slack is not None and settings.slack_socket_mode:
        slack.connect_socket_mode(app.state.slack, settings)
    app.state.teams = None
    if teams.configured(settings):
        teams.attach(app, teams.TeamsChannel(settings, engine))
