from pathlib import Path

from assistant.state import ConversationState, Pending
from assistant.store import SqlStore


def test_conversations_survive_a_new_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    state = ConversationState(id="abc", owner="k1", region="haarlem",
                              pending=Pending(slot="region", intent="general", options=["Haarlem"]))
    SqlStore(url).save(state)
    state.region = "lelystad"
    SqlStore(url).save(state)  # update, not a second row
    loaded = SqlStore(url).load("abc")
    assert loaded is not None and loaded.region == "lelystad" and loaded.pending is not None
    assert loaded.owner == "k1"


def test_feedback_and_delete(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.save(ConversationState(id="x"))
    assert store.add_feedback("x", 1, "up", "duidelijk", None) == 1
    assert store.delete("x") is True
    assert store.load("x") is None
    assert store.delete("x") is False


def test_purge_keeps_recent(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.save(ConversationState(id="new"))
    assert store.purge_older_than(30) == 0
    assert store.purge_older_than(-1) == 1
