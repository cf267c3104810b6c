"""Runs the mock agency app in a subprocess on a free port with a temporary SQLite file."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.agencies import AgencyClients

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-agency-token"
ADMIN_TOKEN = "test-admin-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MockServer:
    def __init__(self, db: Path, faults: dict | None = None):
        self.db = Path(db)
        self.faults = faults
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "MockServer":
        env = dict(os.environ, VEIVISER_AGENCY_TOKEN=TOKEN, VEIVISER_AGENCY_ADMIN_TOKEN=ADMIN_TOKEN,
                   VEIVISER_BIND="127.0.0.1", PYTHONPATH=str(REPO), VEIVISER_AGENCY_LOG_LEVEL="WARNING")
        if self.faults is not None:
            env["VEIVISER_AGENCY_FAULTS"] = json.dumps(self.faults)
        else:
            env.pop("VEIVISER_AGENCY_FAULTS", None)
        self.log = open(self.db.with_suffix(".log"), "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.agencies.mock", "--port", str(self.port),
                                      "--db", str(self.db)], cwd=REPO, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mock agencies exited: {self.db.with_suffix('.log').read_text()}")
            try:
                if requests.get(self.url + "/health", timeout=0.5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("mock agencies did not start within 20 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.log.close()

    def clients(self, **kw) -> AgencyClients:
        kw.setdefault("backoff", 0.05)
        return AgencyClients(self.url, TOKEN, **kw)

    def admin(self, method: str, path: str = "/admin/faults", **kw) -> requests.Response:
        return requests.request(method, self.url + path, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                                timeout=5, **kw)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = MockServer(tmp_path_factory.mktemp("agencies") / "agencies.db").start()
    yield srv
    srv.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """A server of its own, for tests that change seeded state or restart it."""
    srv = MockServer(tmp_path / "agencies.db").start()
    yield srv
    srv.stop()


@pytest.fixture
def clients(server) -> AgencyClients:
    return server.clients()


@pytest.fixture
def faults(server):
    """Set faults through the admin endpoint; always cleared afterwards."""
    def put(spec: dict) -> None:
        resp = server.admin("PUT", json={"faults": spec})
        assert resp.status_code == 200, resp.text
    yield put
    assert server.admin("DELETE").status_code == 200


_serial = iter(range(1, 10_000))


@pytest.fixture
def new_fnr():
    """A valid synthetic fødselsnummer that is in no seed, different on every call."""
    import datetime as dt
    from bot.agencies.ids import make_personal_id

    def make() -> str:
        n = next(_serial)
        return make_personal_id(dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28), serial=n // 480 + 1)
    return make
