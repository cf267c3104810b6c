"""Runs every conversation in tests/conversations/*.yml against the live stack (REST channel, real action
server, mock agencies). The format is described in tests/conversations/runner.py and docs/testing.md."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from tests.conversations.runner import check_reply

HERE = Path(__file__).parent


def _conversations():
    for path in sorted(HERE.glob("*.yml")):
        for conversation in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("conversations", []):
            yield pytest.param(conversation, id=f"{path.stem}: {conversation['name']}")


@pytest.mark.stack
@pytest.mark.parametrize("conversation", list(_conversations()))
def test_conversation(stack, conversation):
    sender = f"conv-{uuid.uuid4().hex[:12]}"
    for number, turn in enumerate(conversation["turns"], start=1):
        if turn.get("faults"):
            stack.set_faults(turn["faults"])
        try:
            reply = stack.send(sender, turn["user"], persona=conversation.get("persona"))
        finally:
            if turn.get("faults"):
                stack.clear_faults()
        problems = check_reply(reply, turn.get("expect") or {})
        assert not problems, f"turn {number} ({turn['user'][:60]!r}):\n- " + "\n- ".join(problems)
