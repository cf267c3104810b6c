"""How fast a citizen gets an answer: REST round trips through the whole stack (Rasa, actions, mock agencies).

Starts the stack on free ports (needs the trained model: `make train`), sends a fixed set of messages one
conversation after another, and prints p50/p95 per kind of message. Loopback only, bounded to a few dozen calls.
"""
from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path

from tests.stack import MODEL, Stack

MESSAGES = [
    ("first message: life event + chain + agency look-ups", "faren min døde i går"),
    ("personalisation question", "/personalise"),
    ("what now", "hva nå?"),
    ("FAQ answer", "hva er uskifte?"),
    ("out of scope", "hva blir været i morgen?"),
]
ROUNDS = 8


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    if not MODEL.exists():
        print(f"skipped: {MODEL} is missing (run make train)")
        return
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir))
        started = time.perf_counter()
        stack.start_all()
        print(f"stack start-up: {time.perf_counter() - started:.1f} s")
        try:
            timings: dict[str, list[float]] = {label: [] for label, _ in MESSAGES}
            for _ in range(ROUNDS):
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for label, text in MESSAGES:
                    t0 = time.perf_counter()
                    stack.send(sender, text, persona="kari")
                    timings[label].append((time.perf_counter() - t0) * 1000)
        finally:
            stack.stop_all()
    print(f"REST round trip over {ROUNDS} conversations (ms):")
    for label, values in timings.items():
        print(f"  {label:<55} p50 {statistics.median(values):7.1f}   p95 {percentile(values, 0.95):7.1f}")


if __name__ == "__main__":
    main()
