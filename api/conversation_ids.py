"""Conversation ids are the server's: a client's own thread name never becomes a database key or an audit entry.

Ids the server hands out are 32 hexadecimal characters and are used as they are. Anything else a client sends
as a conversation id (a ``conversation_id`` of its own, an ``X-Conversation-Id`` header, the OpenAI ``user``
field, which Open WebUI fills with the user's e-mail) is mapped through an HMAC with the caller's key id, so the
same client value keeps naming the same conversation while the value itself ("bsn-111222333-jansen") is stored
nowhere. The HMAC key is ``VERWIJSWIJZER_CONVERSATION_ID_KEY``, or else a random key kept in the data folder
(shared by the workers of one machine; several machines set the setting).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

from verwijswijzer.settings import Settings

SERVER_ID = re.compile(r"[0-9a-f]{32}")
_KEY_FILE = "conversation-id.key"


def conversation_id(value: str | None, key_id: str | None, settings: Settings) -> str | None:
    """The id to store a client's conversation under (None: a new conversation, the server picks the id)."""
    if not value:
        return None
    if SERVER_ID.fullmatch(value):
        return value
    mac = hmac.new(_key(settings), f"{key_id or ''}\x1f{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def _key(settings: Settings) -> bytes:
    configured = settings.conversation_id_key.get_secret_value()
    return configured.encode() if configured else _file_key(settings.data_dir)


@lru_cache(maxsize=4)
def _file_key(data_dir: Path) -> bytes:
    path = data_dir / _KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:  # created once, readable by the service's user only; a worker that loses the race reads the winner's
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    return path.read_text().strip().encode()
