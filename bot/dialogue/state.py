"""Where a person is in their conversation: the slots the actions read and write."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Callable, Optional


@dataclass(frozen=True)
class ConversationState:
    language: str = "nb"
    life_events: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    event_dates: dict[str, str] = field(default_factory=dict)  # date name -> ISO date
    done_steps: tuple[str, ...] = ()
    skipped_facts: tuple[str, ...] = ()
    awaiting: Optional[str] = None  # what the assistant asked last: "personalise", "fact:<id>", "tuo:<agency>", "tuo_send"
    current_step: Optional[str] = None
    consents: dict[str, bool] = field(default_factory=dict)
    observed: dict[str, str] = field(default_factory=dict)  # step id -> status last reported by its agency

    @classmethod
    def from_slots(cls, get_slot: Callable[[str], Any]) -> "ConversationState":
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = get_slot(f.name)
            if value is None:
                continue
            if f.name in ("life_events", "done_steps", "skipped_facts"):
                value = tuple(value)
            values[f.name] = value
        if values.get("language") not in ("nb", "en"):
            values.pop("language", None)
        return cls(**values)

    def to_slots(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def changed_slots(self, before: "ConversationState") -> dict[str, Any]:
        """Only the slots whose value differs from `before` (so the actions emit few, exact events)."""
        now, then = self.to_slots(), before.to_slots()
        return {name: value for name, value in now.items() if then.get(name) != value}

    def with_(self, **changes: Any) -> "ConversationState":
        return replace(self, **changes)

    @property
    def life_event(self) -> Optional[str]:
        """The life event the person raised last."""
        return self.life_events[-1] if self.life_events else None

    def dates(self) -> dict[str, date]:
        parsed: dict[str, date] = {}
        for name, iso in self.event_dates.items():
            try:
                parsed[name] = date.fromisoformat(iso)
            except (TypeError, ValueError):
                continue
        return parsed
