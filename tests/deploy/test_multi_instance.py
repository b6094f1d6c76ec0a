"""Two stateless API workers over one PostgreSQL (conversations, feedback) and one Chroma server (vectors).

PostgreSQL comes from Debian's packages (``make install-test`` installs them) and runs as a throw-away cluster on
loopback; the test skips with the reason when the server binaries are not there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from assistant.state import ConversationState
from assistant.store import conversations, feedback
from tests.procs import free_port, ingest, kill_quietly, small_corpus, start_api, start_chroma

PG_BIN = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
               if (p / "initdb").exists()), None)


def as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server as the 'postgres' system user the package created.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture
def postgres() -> Iterator[str]:
    if PG_BIN is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install -y postgresql)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to start PostgreSQL as the postgres user")
    root = Path(tempfile.mkdtemp(prefix="vw-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                "--no-sync"]), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                                "-w", "start"]), check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_two_workers_share_conversations_feedback_and_vectors(postgres: str, tmp_path: Path) -> None:
    chroma_port, port_a, port_b = free_port(), free_port(), free_port()
    settings = {"corpus_dir": str(small_corpus(tmp_path / "corpus")), "data_dir": str(tmp_path / "data"),
                "chroma_mode": "http", "chroma_port": chroma_port, "database_url": postgres,
                "rate_limit_per_minute": 0}
    chroma = start_chroma(tmp_path / "chroma", chroma_port)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        ingest(settings)
        workers = [start_api(settings, port_a), start_api(settings, port_b)]
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        for base in (a, b):
            assert httpx.get(f"{base}/ready", timeout=120).status_code == 200

        question = {"message": "Wanneer is een light-contract mogelijk?", "region": "haarlem"}
        first, second = (httpx.post(f"{base}/v1/chat", json=question, timeout=60).json() for base in (a, b))
        assert first["kind"] == second["kind"] == "answer"
        assert (first["text"], first["citations"]) == (second["text"], second["citations"])

        # A conversation started on A continues on B: the pending clarification lives in PostgreSQL.
        start = httpx.post(f"{a}/v1/chat", json={"message": "Wanneer is een light-contract mogelijk?"},
                           timeout=60).json()
        cid = start["conversation_id"]
        follow = httpx.post(f"{b}/v1/chat", json={"message": "Haarlem", "conversation_id": cid}, timeout=60).json()
        assert follow["conversation_id"] == cid and follow["region"] == "haarlem"
        assert httpx.post(f"{b}/v1/feedback", json={"conversation_id": cid, "rating": "up", "comment": "helder"},
                          timeout=30).status_code == 201

        engine = create_engine(postgres)
        with engine.connect() as conn:
            state = ConversationState.model_validate_json(
                conn.execute(select(conversations.c.state).where(conversations.c.id == cid)).scalar_one())
            rows = conn.execute(select(feedback.c.rating, feedback.c.comment).where(
                feedback.c.conversation_id == cid)).all()
        engine.dispose()
        assert [t.role for t in state.turns] == ["user", "assistant", "user", "assistant"]
        assert state.region == "haarlem"
        assert [tuple(r) for r in rows] == [("up", "helder")]
    finally:
        for worker in workers:
            kill_quietly(worker)
        kill_quietly(chroma)
