"""Real processes for fault and deployment tests: free ports, a Chroma server, API workers, the ingest CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import httpx

from verwijswijzer.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 60.0, status: int | None = 200) -> httpx.Response:
    deadline = time.monotonic() + timeout
    last: Exception | httpx.Response | None = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(url, timeout=2.0)
            if status is None or last.status_code == status:
                return last
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer {status} within {timeout:.0f} s (last: {last!r})")


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
    """Stop one process we started (by its pid), killing it if it does not go in time."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return proc.returncode


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    command = [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=60)
    except TimeoutError:
        stop(proc)
        raise
    return proc


def env_for(settings: dict[str, object]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERWIJSWIJZER_")}
    env.update({f"VERWIJSWIJZER_{k.upper()}": v if isinstance(v, str) else json.dumps(v) if isinstance(v, list | dict)
                else str(v) for k, v in settings.items()})
    env["HF_HUB_OFFLINE"] = "1"
    env["ANONYMIZED_TELEMETRY"] = "False"
    return env


def ingest(settings: dict[str, object], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "verwijswijzer"), "ingest"], env=env_for(settings), capture_output=True,
                          text=True, timeout=timeout, check=True)


def start_api(settings: dict[str, object], port: int, log: Path | None = None) -> subprocess.Popen[bytes]:
    """``verwijswijzer serve`` on loopback; with ``log``, everything it writes (access log included) goes there."""
    out = log.open("ab") if log else None
    proc = subprocess.Popen([str(BIN / "verwijswijzer"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env_for(settings), stdout=out or subprocess.DEVNULL, stderr=out or subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", timeout=60)
    except TimeoutError:
        stop(proc)
        raise
    return proc


def small_corpus(dst: Path, ids: tuple[str, ...] = ("afwegingskader-maatwerk", "haarlem-light-contracten")) -> Path:
    """A copy of the shipped corpus restricted to a few documents (fast to embed)."""
    src = PROJECT_ROOT / "corpus"
    dst.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["id"] in ids]
    for doc in manifest["documents"]:
        shutil.copy(src / doc["file"], dst / doc["file"])
    (dst / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return dst


def kill_quietly(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None:
        with suppress(Exception):
            stop(proc, signal.SIGKILL, 5)
