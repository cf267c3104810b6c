"""Synthetic people for the demo: the stand-in for an ID-porten login.

`fnr_for("kari")` gives the synthetic fødselsnummer of a persona. It reads the same seed file as the mock
agency APIs, so the chat and the agencies agree on who is who.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SEED_FILE = Path(__file__).resolve().parent / "mock" / "seed" / "people.yml"


@lru_cache(maxsize=4)
def load_seed(path: str | None = None) -> dict[str, Any]:
    with open(path or SEED_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def personas() -> dict[str, dict[str, Any]]:
    """Persona key -> {name, description{nb,en}} for the demo login (no identity numbers)."""
    people = load_seed()["persons"]
    return {
        key: {"name": f"{p['fornavn']} {p['etternavn']}", "description": p.get("description", {})}
        for key, p in people.items() if p.get("persona")
    }


def fnr_for(key: str) -> str:
    """The synthetic fødselsnummer (or D-nummer) of a persona; KeyError for an unknown key."""
    people = load_seed()["persons"]
    if key not in people:
        raise KeyError(f"unknown persona {key!r}; known: {', '.join(sorted(personas()))}")
    return str(people[key]["fnr"])
