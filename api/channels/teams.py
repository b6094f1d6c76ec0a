"""Microsoft Teams: a Microsoft 365 Agents SDK application hosted at /api/messages.

Message activities are answered with an Adaptive Card; one Teams conversation is one conversation. Incoming
requests carry a Bot Framework / Entra JWT that the SDK validates, and replies use a token for the bot's app
registration; both are off only when ``teams_auth_enabled`` is False (tests, the local emulator).
"""

from __future__ import annotations

import logging
import re

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    CardFactory,
    ConnectionManager,
    MemoryStorage,
    MessageFactory,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.fastapi import CloudAdapter, jwt_authorization_decorator

from api.channels import adaptive_card
from api.channels.common import Engine, ask, conversation_key
from verwijswijzer.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["channels"])
AT_MENTION = re.compile(r"<at>.*?</at>", re.DOTALL)
FAILED = "Er ging iets mis bij het beantwoorden. Probeer het zo nog eens."


def configured(settings: Settings) -> bool:
    return not settings.teams_auth_enabled or bool(settings.teams_app_id
                                                   and settings.teams_app_password.get_secret_value())


def _connections(settings: Settings) -> Connections:
    if not settings.teams_auth_enabled:
        return ConnectionManager(lambda _config: AnonymousTokenProvider(),
                                 {"SERVICE_CONNECTION": AgentAuthConfiguration(anonymous_allowed=True)})
    from microsoft_agents.authentication.msal import MsalConnectionManager

    config = AgentAuthConfiguration(client_id=settings.teams_app_id, tenant_id=settings.teams_tenant_id or None,
                                    client_secret=settings.teams_app_password.get_secret_value())
    return MsalConnectionManager({"SERVICE_CONNECTION": config})


def message_text(context: TurnContext) -> str:
    """The user's words: typed text without @mentions, or the option of a card button (Action.Submit)."""
    activity = context.activity
    text = AT_MENTION.sub("", activity.text or "").strip()
    if not text and isinstance(activity.value, dict):
        text = str(activity.value.get(adaptive_card.OPTION_KEY, "")).strip()
    return text


class TeamsChannel:
    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.engine = engine
        self.connections = _connections(settings)
        self.adapter = CloudAdapter(connection_manager=self.connections)
        self.agent = AgentApplication[TurnState](storage=MemoryStorage(), connection_manager=self.connections)
        self.agent.activity("message")(self._on_message)

    @property
    def auth_configuration(self) -> AgentAuthConfiguration:
        return self.connections.get_default_connection_configuration()

    async def _on_message(self, context: TurnContext, _state: TurnState) -> None:
        text = message_text(context)
        if not text:
            return
        key = conversation_key("teams", context.activity.conversation.id)
        try:
            answer = await run_in_threadpool(ask, self.engine, text, key, "teams")
        except Exception:
            log.exception("Teams turn failed")
            await context.send_activity(MessageFactory.text(FAILED))
            return
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(adaptive_card.render(answer))))


@jwt_authorization_decorator
async def _process(request: Request) -> Response:
    teams: TeamsChannel = request.app.state.teams
    return await teams.adapter.process(request, teams.agent)


@router.post("/api/messages", include_in_schema=False)
async def messages(request: Request) -> Response:
    if request.app.state.teams is None:
        raise HTTPException(503, "Teams is niet ingesteld (VERWIJSWIJZER_TEAMS_APP_ID en "
                                 "VERWIJSWIJZER_TEAMS_APP_PASSWORD).")
    try:
        return await _process(request)
    except KeyError as exc:  # the SDK's validator raises KeyError for a JWT without a key id ('kid')
        raise HTTPException(401, "Ongeldig token.") from exc


def attach(app: FastAPI, channel: TeamsChannel) -> None:
    """The SDK's JWT check reads its configuration from the app state."""
    app.state.teams = channel
    app.state.agent_configuration = channel.auth_configuration
