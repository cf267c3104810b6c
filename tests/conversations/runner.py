"""Checks one reply of the assistant against what a conversation file expects.

The format (tests/conversations/*.yml, documented in docs/testing.md):

    conversations:
      - name: a death in Bokmål
        persona: kari                  # demo login (optional; default from settings)
        turns:
          - user: faren min døde i går
            faults: {folkeregisteret: {down: true}}   # optional: agency faults during this turn only
            expect:
              type: service_chain        # some custom payload has this type
              life_event: death-and-inheritance   # every payload that has a life_event has this one, and
                                                  # at least one has it
              no_life_event: true        # no payload carries a life_event (out of scope, greetings)
              language: nb               # the service_chain payload's language
              steps: [death-registered, choose-settlement]     # ids in the newest service_chain payload
              no_steps: [undivided-estate]                     # ids that must not be in it
              step_status: {death-registered: done}
              unchecked_steps: [death-registered]              # steps marked as not checked now
              text: ["lei for"]          # fragments that some text of the reply contains (case-insensitive)
              no_text: ["Traceback"]
              buttons: ["Ja"]            # fragments of button titles
              payload: {fact: relationship}   # key/values that some custom payload contains
"""
from __future__ import annotations

from typing import Any

KNOWN_KEYS = {"type", "life_event", "no_life_event", "language", "steps", "no_steps", "step_status",
              "unchecked_steps", "text", "no_text", "buttons", "payload"}


def _customs(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


def check_reply(messages: list[dict], expect: dict[str, Any]) -> list[str]:
    """Every way the reply differs from the expectation, as readable sentences (empty when it matches)."""
    problems: list[str] = []
    unknown = set(expect) - KNOWN_KEYS
    if unknown:
        return [f"unknown expectation keys {sorted(unknown)}; known: {sorted(KNOWN_KEYS)}"]
    customs = _customs(messages)
    texts = "\n".join(m.get("text") or "" for m in messages)
    titles = [b.get("title", "") for m in messages for b in (m.get("buttons") or [])]
    chains = [c for c in customs if c.get("type") == "service_chain"]
    chain = chains[-1] if chains else None

    if not messages:
        return ["the assistant sent no reply"]
    if "type" in expect and not any(c.get("type") == expect["type"] for c in customs):
        problems.append(f"no payload of type {expect['type']!r} (types: {[c.get('type') for c in customs]})")
    if "life_event" in expect:
        events = [c["life_event"] for c in customs if c.get("life_event")]
        if expect["life_event"] not in events:
            problems.append(f"no payload with life_event {expect['life_event']!r} (found {events})")
        wrong = [e for e in events if e != expect["life_event"]]
        if wrong:
            problems.append(f"payloads with another life_event: {wrong}")
    if expect.get("no_life_event"):
        events = [c["life_event"] for c in customs if c.get("life_event")]
        if events:
            problems.append(f"expected no life_event, found {events}")
    needs_chain = [k for k in ("language", "steps", "no_steps", "step_status", "unchecked_steps") if k in expect]
    if needs_chain and chain is None:
        problems.append(f"no service_chain payload, needed for {needs_chain}")
    elif chain is not None:
        ids = [s["id"] for s in chain.get("steps", [])]
        by_id = {s["id"]: s for s in chain.get("steps", [])}
        if "language" in expect and chain.get("language") != expect["language"]:
            problems.append(f"chain language {chain.get('language')!r}, expected {expect['language']!r}")
        missing = [s for s in expect.get("steps", []) if s not in ids]
        if missing:
            problems.append(f"steps missing from the chain: {missing} (chain: {ids})")
        present = [s for s in expect.get("no_steps", []) if s in ids]
        if present:
            problems.append(f"steps that should not be in the chain: {present}")
        for step_id, status in (expect.get("step_status") or {}).items():
            actual = by_id.get(step_id, {}).get("status")
            if actual != status:
                problems.append(f"step {step_id} has status {actual!r}, expected {status!r}")
        for step_id in expect.get("unchecked_steps", []):
            if by_id.get(step_id, {}).get("checked") is not False:
                problems.append(f"step {step_id} is not marked as unchecked")
    for fragment in expect.get("text", []):
        if fragment.lower() not in texts.lower():
            problems.append(f"no text contains {fragment!r}; texts were:\n{texts}")
    for fragment in expect.get("no_text", []):
        if fragment.lower() in texts.lower():
            problems.append(f"a text contains {fragment!r}")
    for fragment in expect.get("buttons", []):
        if not any(fragment.lower() in title.lower() for title in titles):
            problems.append(f"no button like {fragment!r} (buttons: {titles})")
    if "payload" in expect:
        wanted = expect["payload"]
        if not any(all(c.get(k) == v for k, v in wanted.items()) for c in customs):
            problems.append(f"no payload contains {wanted} (payloads: {customs})")
    return problems
