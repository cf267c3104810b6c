"""Fault injection: per agency, added latency, a 503 error rate, or down (503 at once, or connection reset).

Set at start from VEIVISER_AGENCY_FAULTS (JSON: {"nav": {"latency_ms": 500}, "udi": {"down": true}}) or at run
time through /admin/faults (admin token). Kept in memory: a restart goes back to the configured faults.
"""
from __future__ import annotations

import json
import random
import socket
import struct
from typing import Any

from bot.agencies.models import FaultSpec

AGENCY_PREFIXES = ("folkeregisteret", "nav", "skatteetaten", "tingretten", "kartverket", "brreg", "udi",
                   "politiet", "kommune", "helfo", "lanekassen", "tell-us-once")


class Faults:
    def __init__(self, initial: dict[str, Any] | None = None, seed: int | None = None):
        self.table: dict[str, FaultSpec] = {}
        self.random = random.Random(seed)
        if initial:
            self.update(initial)

    @classmethod
    def from_json(cls, text: str | None, seed: int | None = None) -> "Faults":
        return cls(json.loads(text) if text and text.strip() else None, seed=seed)

    def update(self, values: dict[str, Any]) -> None:
        for agency, spec in values.items():
            if agency not in AGENCY_PREFIXES:
                raise KeyError(agency)
            self.table[agency] = spec if isinstance(spec, FaultSpec) else FaultSpec.parse_obj(spec)

    def clear(self, agency: str | None = None) -> None:
        if agency is None:
            self.table.clear()
        else:
            self.table.pop(agency, None)

    def get(self, agency: str) -> FaultSpec | None:
        return self.table.get(agency)

    def fails_now(self, agency: str) -> bool:
        """Would a request to this agency fail right now (down, or the error-rate dice)?"""
        spec = self.table.get(agency)
        if spec is None:
            return False
        return spec.down or (spec.error_rate > 0 and self.random.random() < spec.error_rate)

    def as_dict(self) -> dict[str, Any]:
        return {agency: spec.dict() for agency, spec in sorted(self.table.items())}


def reset_connection(request) -> None:
    """Close the client's connection with a TCP RST (SO_LINGER 0), as a crashed or overloaded service does."""
    transport = request.transport
    sock = transport.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    transport.abort()
