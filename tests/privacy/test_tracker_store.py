"""The tracker store redacts before writing, deletes on request and forgets old conversations."""
import asyncio
import json
import sqlite3
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.tracker_store import RedactingSQLTrackerStore

DOMAIN = Domain.from_yaml('version: "3.1"\nintents: [greet]\n')


def _store(path, **kwargs):
    return RedactingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), **kwargs)


def _rows(path, sender):
    with sqlite3.connect(path) as db:
        return [json.loads(r[0]) for r in db.execute("select data from events where sender_id=?", (sender,))]


def test_personal_data_is_redacted_in_what_is_written(tmp_path):
    db = tmp_path / "tracker.db"
    store = _store(db)
    tracker = DialogueStateTracker.from_events("s1", [
        UserUttered("mitt fnr er 14837800189, mail kari@example.no", parse_data={
            "intent": {"name": "greet", "confidence": 1.0}, "entities": [], "text": "mitt fnr er 14837800189"}),
        BotUttered("Du skrev 912 34 567"),
    ])
    asyncio.run(store.save(tracker))
    stored = json.dumps(_rows(db, "s1"))
    for secret in ("14837800189", "kari@example.no", "912 34 567"):
        assert secret not in stored
    # and what Rasa reads back is the redacted conversation
    again = asyncio.run(store.retrieve("s1"))
    assert "[fjernet-id]" in again.latest_message.text


def test_the_delete_action_removes_the_whole_conversation(tmp_path):
    db = tmp_path / "tracker.db"
    store = _store(db)
    tracker = DialogueStateTracker.from_events("s2", [UserUttered("hei"), BotUttered("Hei!")])
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(DialogueStateTracker.from_events("other", [UserUttered("hallo")])))
    assert len(_rows(db, "s2")) == 2
    tracker.update(UserUttered("slett dataene mine"))
    tracker.update(ActionExecuted("action_delete_data"))
    asyncio.run(store.save(tracker))
    assert _rows(db, "s2") == []
    assert len(_rows(db, "other")) == 1, "another person's conversation must stay"


def test_conversations_older_than_the_retention_are_purged_at_start(tmp_path):
    db = tmp_path / "tracker.db"
    store = _store(db, retention_days=30)
    old = UserUttered("gammel", timestamp=time.time() - 31 * 86400)
    new = UserUttered("ny", timestamp=time.time())
    asyncio.run(store.save(DialogueStateTracker.from_events("s3", [old, new])))
    _store(db, retention_days=30)  # a restart of the Rasa server
    assert [row["text"] for row in _rows(db, "s3")] == ["ny"]
