"""A SQL tracker store that never writes personal data and honours "delete my data".

Rasa keeps every event of a conversation. Before an event is written, every string in it (the person's text, the
NLU parse, slot values, bot texts) is passed through bot.privacy.redact. When the action that deletes a person's
data has run, the whole conversation of that sender is removed instead of saved.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot import settings
from bot.privacy import install_log_redaction, redact_data

logger = logging.getLogger(__name__)

# The action server's name for the action that asks for deletion (actions/conversation.py).
DELETE_ACTION = "action_delete_data"

# Loading this module means the Rasa server is starting: from here on, log lines are redacted too.
install_log_redaction()


def _deletion_requested(events: list[Any]) -> bool:
    return any(isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION for event in events)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore (SQLite here, PostgreSQL in production) that redacts before writing."""

    def __init__(self, *args: Any, retention_days: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = retention_days if retention_days is not None else float(settings.get("VEIVISER_RETENTION_DAYS", "30"))
        self.purge_older_than(days)

    def purge_older_than(self, days: float) -> int:
        """Deletes every event older than `days` (run at start-up); returns how many were removed."""
        cutoff = time.time() - days * 86400
        with self.session_scope() as session:
            removed = session.query(self.SQLEvent).filter(self.SQLEvent.timestamp < cutoff).delete()
            session.commit()
        if removed:
            logger.info("Removed %d events older than %s days.", removed, days)
        return removed

    def delete(self, sender_id: str) -> int:
        """Removes every stored event of one conversation; returns how many were removed."""
        with self.session_scope() as session:
            removed = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        logger.info("Deleted a conversation at the person's request (%d events).", removed)
        return removed

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if _deletion_requested(new_events):
                # Not saved at all: the conversation, including this last turn, is gone.
                session.close()
                self.delete(tracker.sender_id)
                return
            for event in new_events:
                data = redact_data(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
