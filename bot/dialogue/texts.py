"""The assistant's own sentences, from data/texts/*.yml, in Bokmål or English."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.settings import REPO_ROOT

TEXTS_DIR = REPO_ROOT / "data" / "texts"
LANGUAGES = ("nb", "en")


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, dict[str, str]]]:
    merged: dict[str, dict[str, dict[str, str]]] = {"texts": {}, "intents": {}}
    for path in sorted(Path(TEXTS_DIR).glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in merged:
            for key, variants in (content.get(section) or {}).items():
                if not isinstance(key, str):
                    raise ValueError(f"{path}: {section}: the key {key!r} is not text; quote it (YAML reads yes/no "
                                     "as true/false)")
                missing = [lang for lang in LANGUAGES if not (variants or {}).get(lang)]
                if missing:
                    raise ValueError(f"{path}: {section}.{key} has no text for {', '.join(missing)}")
                merged[section][str(key)] = variants
    return merged


def t(key: str, language: str, **values: Any) -> str:
    """The text `key` in `language`, with {placeholders} filled in."""
    variants = _load()["texts"][key]
    text = variants.get(language) or variants["nb"]
    return text.format(**values) if values else text


def intent_label(intent: str, language: str) -> str:
    variants = _load()["intents"].get(intent)
    if not variants:
        return intent.replace("_", " ")
    return variants.get(language) or variants["nb"]


def all_keys() -> set[str]:
    return set(_load()["texts"])


def offerable_intents() -> set[str]:
    """Intents that have a label for the "did you mean ...?" buttons."""
    return set(_load()["intents"])
