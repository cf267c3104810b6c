"""One place for ports, URLs and tokens.

Values come from the environment first, then from settings.env at the repository root, so the
Makefile, the Procfile and Python code agree without repeating defaults.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = REPO_ROOT / "settings.env"


@lru_cache(maxsize=1)
def _file_values() -> dict[str, str]:
    values: dict[str, str] = {}
    if SETTINGS_FILE.exists():
        for raw in SETTINGS_FILE.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def get(name: str, default: str | None = None) -> str:
    """A setting by its full name (VEIVISER_...); raises KeyError when it is nowhere."""
    if name in os.environ:
        return os.environ[name]
    values = _file_values()
    if name in values:
        return values[name]
    if default is not None:
        return default
    raise KeyError(f"setting {name} is not in the environment nor in {SETTINGS_FILE}")


def get_int(name: str) -> int:
    return int(get(name))


def host() -> str:
    return get("VEIVISER_HOST")


def rasa_port() -> int:
    return get_int("VEIVISER_RASA_PORT")


def action_port() -> int:
    return get_int("VEIVISER_ACTION_PORT")


def agency_port() -> int:
    return get_int("VEIVISER_AGENCY_PORT")


def web_port() -> int:
    return get_int("VEIVISER_WEB_PORT")


def agency_base_url() -> str:
    """Base URL of the agency APIs; VEIVISER_AGENCY_URL overrides (e.g. a real integration)."""
    return get("VEIVISER_AGENCY_URL", f"http://{host()}:{agency_port()}")


def rasa_url() -> str:
    return get("VEIVISER_RASA_URL", f"http://{host()}:{rasa_port()}")


def agency_token() -> str:
    return get("VEIVISER_AGENCY_TOKEN")


def agency_admin_token() -> str:
    return get("VEIVISER_AGENCY_ADMIN_TOKEN")


def var_dir() -> Path:
    path = Path(get("VEIVISER_VAR_DIR"))
    return path if path.is_absolute() else REPO_ROOT / path


def log_dir() -> Path:
    path = Path(get("VEIVISER_LOG_DIR"))
    return path if path.is_absolute() else REPO_ROOT / path


def demo_persona() -> str:
    return get("VEIVISER_DEMO_PERSONA")
