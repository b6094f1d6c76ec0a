"""What a run was measured on: code version, corpus versions, settings (never secrets)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

from verwijswijzer.settings import PROJECT_ROOT, Settings


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def code_version() -> dict[str, Any]:
    return {"git_commit": _git("rev-parse", "HEAD") or "unknown",
            "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no"))}


def safe_settings(settings: Settings) -> dict[str, Any]:
    data = settings.model_dump(mode="json", exclude={"api_keys", "llm_api_key"})
    data["api_keys"] = [{"id": k.id, "role": k.role} for k in settings.api_keys]
    return data


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
