"""Runs the mock agency app in a subprocess on a free port with a temporary SQLite file."""
from __future__ import annotations

import pytest
import requests

from bot.agencies import AgencyClients
from bot.agencies.mock.launcher import MockServer as _Launcher, free_port  # noqa: F401

TOKEN = "test-agency-token"
ADMIN_TOKEN = "test-admin-token"


class MockServer(_Launcher):
    """The launcher plus the helpers the tests use."""

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
