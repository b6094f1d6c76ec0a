"""Slack: a slack-bolt app mounted at /slack/events (HTTP mode), or connected over Socket Mode.

Bolt verifies every request's signature (unsigned, tampered or stale → 401) and acknowledges at once; the
listener then asks the engine and posts the Answer as Block Kit in the thread. One thread is one conversation.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient

from api.channels import blockkit
from api.channels.common import Engine, ask, conversation_key
from verwijswijzer.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["channels"])
MENTION = re.compile(r"<@[A-Z0-9]+>")
FAILED = "Er ging iets mis bij het beantwoorden. Probeer het zo nog eens."


def configured(settings: Settings) -> bool:
    return bool(settings.slack_bot_token.get_secret_value() and settings.slack_signing_secret.get_secret_value())


class SlackChannel:
    """Answers mentions, direct messages and follow-ups in threads the bot already answers in."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.engine = engine
        client = WebClient(token=settings.slack_bot_token.get_secret_value(),
                           base_url=settings.slack_api_base_url or WebClient.BASE_URL)
        # No auth.test at start-up: the service starts even when Slack is unreachable.
        self.app = App(client=client, signing_secret=settings.slack_signing_secret.get_secret_value(),
                       token_verification_enabled=False, name="verwijswijzer")
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.action(re.compile(f"^{blockkit.OPTION_ACTION}_"))(self._on_option)

    # -- listeners ------------------------------------------------------------------------------------------------
    def _on_mention(self, event: dict[str, Any], client: WebClient) -> None:
        self._reply(client, event["channel"], event.get("thread_ts") or event["ts"], event.get("text", ""))

    def _on_message(self, event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        if event.get("subtype") or event.get("bot_id"):
            return  # edits, joins, and our own posts
        text = event.get("text", "")
        if context.get("bot_user_id") and f"<@{context['bot_user_id']}>" in text:
            return  # answered by the app_mention listener
        thread_ts = event.get("thread_ts")
        if event.get("channel_type") == "im":
            self._reply(client, event["channel"], thread_ts or event["ts"], text)
        elif thread_ts and self._known(event["channel"], thread_ts):
            self._reply(client, event["channel"], thread_ts, text)

    def _on_option(self, ack: Any, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        message = body.get("message", {})
        self._reply(client, body["channel"]["id"], message.get("thread_ts") or message["ts"], action["value"])

    # -- the turn -------------------------------------------------------------------------------------------------
    def _known(self, channel: str, thread_ts: str) -> bool:
        return self.engine.store.load(conversation_key("slack", channel, thread_ts)) is not None

    def _reply(self, client: WebClient, channel: str, thread_ts: str, text: str) -> None:
        question = MENTION.sub("", text).strip()
        if not question:
            return
        try:
            answer = ask(self.engine, question, conversation_key("slack", channel, thread_ts), owner="slack")
        except Exception:
            log.exception("Slack turn failed")
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=FAILED)
            return
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=blockkit.fallback_text(answer),
                                blocks=blockkit.render(answer), unfurl_links=False, unfurl_media=False)


@router.post("/slack/events", include_in_schema=False)
async def slack_events(request: Request) -> Response:
    channel: SlackChannel | None = request.app.state.slack
    if channel is None:
        raise HTTPException(503, "Slack is niet ingesteld (VERWIJSWIJZER_SLACK_BOT_TOKEN en "
                                 "VERWIJSWIJZER_SLACK_SIGNING_SECRET).")
    body = await request.body()
    # Bolt's dispatch is synchronous (signature check, ack); keep it off the event loop.
    response = await run_in_threadpool(channel.app.dispatch, to_bolt_request(request, body))
    return to_starlette_response(response)


def connect_socket_mode(channel: SlackChannel, settings: Settings) -> None:
    """Socket Mode: Slack pushes events over a websocket, so no public URL is needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not settings.slack_app_token.get_secret_value():
        raise SystemExit("Slack Socket Mode vraagt om VERWIJSWIJZER_SLACK_APP_TOKEN (xapp-…).")
    SocketModeHandler(channel.app, settings.slack_app_token.get_secret_value()).connect()
