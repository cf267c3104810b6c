"""Errors the agency clients raise. Messages never contain identity numbers."""
from __future__ import annotations

from typing import Any


class AgencyError(Exception):
    """Base class: something went wrong talking to an agency."""

    def __init__(self, message: str, *, agency: str | None = None, status: int | None = None):
        super().__init__(message)
        self.agency = agency
        self.status = status


class AgencyUnavailable(AgencyError):
    """The agency is down, too slow (timeout), or answered 5xx after the retries."""


class NotFound(AgencyError):
    """The agency has nothing under that identifier (404/410)."""


class InvalidRequest(AgencyError):
    """The agency rejected the request (400/409/422); `errors` holds the field errors."""

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None, **kw):
        super().__init__(message, **kw)
        self.errors = errors or []


class AgencyAuthError(AgencyError):
    """The token was missing or wrong (401/403): a configuration problem, not the citizen's."""
