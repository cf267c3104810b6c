"""Fixtures for the widget tests: a fake Rasa, the real web server (bot.web) in-process, and a headless Chromium."""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from bot.web.server import make_server
from tests.browser.browser import Browser, missing_requirements
from tests.browser.fake_rasa import FakeRasa


@dataclass
class WebServer:
    server: object
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def point_to(self, rasa_url: str) -> None:
        """Change where the proxy sends requests (used to play a Rasa that is down, then back)."""
        self.server.RequestHandlerClass.rasa_url = rasa_url

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_web(rasa_url: str) -> WebServer:
    server = make_server("127.0.0.1", 0, rasa_url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return WebServer(server, thread)


@pytest.fixture
def fake_rasa():
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture
def web(fake_rasa):
    server = start_web(fake_rasa.url)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    missing = missing_requirements()
    if missing:
        pytest.fail("browser tests need " + ", ".join(missing) + ": run bot/web/ensure-browser.sh", pytrace=False)
    driver = Browser()
    yield driver
    driver.close()


@pytest.fixture
def page(browser):
    browser.new_page()
    yield browser
