"""Whether a message contains any word the assistant was taught.

A statistical classifier always picks some intent, even for "blørk snarf plimp". Before acting on a life event or a
FAQ answer we check that at least one word of the message occurs in our own training examples (data/nlu and the
FAQ questions); if none does, the message was not understood, however confident the classifier was.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.settings import REPO_ROOT

_WORD = re.compile(r"[^\W\d_]{3,}")


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


@lru_cache(maxsize=1)
def known_words(root: str = str(REPO_ROOT / "data")) -> frozenset[str]:
    found: set[str] = set()
    for path in sorted(Path(root, "nlu").rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            found |= words(str(block.get("examples") or ""))
    for path in sorted(Path(root, "faq").glob("*.yml")):
        for question in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", []) or []:
            for examples in (question.get("examples") or {}).values():
                found |= words(" ".join(map(str, examples or [])))
    return frozenset(found)


def knows_any_word(text: str) -> bool:
    """True when at least one word (3+ letters) of the text is in the training examples, or there is nothing to
    judge (a button payload, a number, emoji only)."""
    if (text or "").startswith("/"):  # a button payload: the intent is given, not guessed
        return True
    given = words(text)
    return not given or bool(given & known_words())
