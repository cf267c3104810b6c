"""HTTP plumbing shared by the agency clients: timeouts, retries with backoff, error mapping, safe logging.

Retries happen only for idempotent calls (GET, and POST with an Idempotency-Key), on connection errors,
timeouts and 5xx. Log lines carry the agency, the method, the path *template*, the status and the duration;
never identity numbers (they travel in headers, bodies or filled-in path parameters that are not logged).
"""
from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from typing import Any

import requests

from bot.agencies.errors import AgencyAuthError, AgencyError, AgencyUnavailable, InvalidRequest, NotFound

log = logging.getLogger("veiviser.agencies")

RETRY_STATUSES = {500, 502, 503, 504}
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:\-]{1,255}$")


def idempotency_header(key: str) -> str:
    """The key as sent: kept when the API accepts it, otherwise its SHA-256 (same key in, same key out)."""
    return key if _IDEMPOTENCY_KEY.match(key) else hashlib.sha256(key.encode("utf-8")).hexdigest()


class HttpTransport:
    def __init__(self, base_url: str, token: str, *, connect_timeout: float = 1.0, read_timeout: float = 3.0,
                 retries: int = 2, backoff: float = 0.2, pool_size: int = 20,
                 session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self.retries = max(0, retries)
        self.backoff = backoff
        if session is None:
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        self.session = session

    def request(self, agency: str, method: str, template: str, *, path: dict[str, str] | None = None,
                params: dict[str, Any] | None = None, json: Any = None, headers: dict[str, str] | None = None,
                idempotency_key: str | None = None) -> Any:
        """Send one call; returns the decoded JSON body. `template` is the path with {placeholders}."""
        url = self.base_url + template.format(**(path or {}))
        hdrs = {"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                "X-Request-Id": uuid.uuid4().hex}
        hdrs.update(headers or {})
        if idempotency_key:
            hdrs["Idempotency-Key"] = idempotency_header(idempotency_key)
        retryable = method == "GET" or bool(idempotency_key)
        attempts = 1 + (self.retries if retryable else 0)
        last: Exception | None = None
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            try:
                resp = self.session.request(method, url, params=params, json=json, headers=hdrs, timeout=self.timeout)
            except (requests.Timeout, requests.ConnectionError) as exc:
                kind = "timeout" if isinstance(exc, requests.Timeout) else "connection_error"
                self._log(agency, method, template, kind, started, attempt)
                last = AgencyUnavailable(f"{agency} did not answer ({kind})", agency=agency)
                if attempt < attempts:
                    time.sleep(self.backoff * (2 ** (attempt - 1)))
                    continue
                raise last from exc
            except requests.RequestException as exc:
                self._log(agency, method, template, "request_error", started, attempt)
                raise AgencyError(f"request to {agency} failed", agency=agency) from exc
            self._log(agency, method, template, resp.status_code, started, attempt)
            if resp.status_code in RETRY_STATUSES:
                last = AgencyUnavailable(f"{agency} answered {resp.status_code}", agency=agency,
                                         status=resp.status_code)
                if attempt < attempts:
                    time.sleep(self.backoff * (2 ** (attempt - 1)))
                    continue
                raise last
            return self._decode(agency, resp)
        raise last or AgencyUnavailable(f"{agency} did not answer", agency=agency)

    @staticmethod
    def _decode(agency: str, resp: requests.Response) -> Any:
        status = resp.status_code
        try:
            body = resp.json()
        except ValueError:
            body = None
        if 200 <= status < 300:
            if body is None:
                raise AgencyError(f"{agency} answered {status} without JSON", agency=agency, status=status)
            return body
        message = (body or {}).get("message") if isinstance(body, dict) else None
        if status in (404, 410):
            raise NotFound(message or f"{agency}: not found", agency=agency, status=status)
        if status in (400, 409, 422):
            errors = (body or {}).get("detail") if isinstance(body, dict) else None
            raise InvalidRequest(message or f"{agency} rejected the request", errors=errors or [], agency=agency,
                                 status=status)
        if status in (401, 403):
            raise AgencyAuthError(f"{agency} refused the token ({status})", agency=agency, status=status)
        if status >= 500:
            raise AgencyUnavailable(f"{agency} answered {status}", agency=agency, status=status)
        raise AgencyError(f"{agency} answered {status}", agency=agency, status=status)

    @staticmethod
    def _log(agency: str, method: str, template: str, status: Any, started: float, attempt: int) -> None:
        log.info("agency=%s method=%s path=%s status=%s duration_ms=%.1f attempt=%d", agency, method, template,
                 status, (time.perf_counter() - started) * 1000, attempt)
