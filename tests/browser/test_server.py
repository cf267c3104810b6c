"""The web server (bot.web) without a browser: static files, the Rasa proxy and its guards. Fast; run by make unit."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.web.server import VENDOR_FILES


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post(url: str, payload) -> tuple[int, object]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_demo_page_and_widget_files(web):
    status, headers, body = get(web.url + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert '<html lang="nb"' in page and 'src="/widget.js"' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    status, headers, body = get(web.url + "/widget.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert b"service_chain" in body
    status, headers, _ = get(web.url + "/widget.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert get(web.url + "/health")[0] == 200


@pytest.mark.browser  # needs the npm packages, which the browser set-up installs
def test_designsystemet_is_served_locally(web):
    assert all(p.is_file() for p in VENDOR_FILES.values()), "run make web-deps"
    for name in ("designsystemet.css", "theme.css"):
        status, headers, body = get(web.url + "/vendor/" + name)
        assert status == 200 and headers["Content-Type"].startswith("text/css") and len(body) > 10_000


def test_no_files_outside_static(web):
    for path in ("/../server.py", "/%2e%2e/server.py", "/static/../server.py", "/vendor/../../package.json", "/nope.js"):
        assert get(web.url + path)[0] == 404, path


def test_webhook_is_proxied_to_rasa(web, fake_rasa):
    status, replies = post(web.url + "/webhooks/rest/webhook",
                           {"sender": "web-abc", "message": "faren min døde i går", "metadata": {"persona": "kari"}})
    assert status == 200
    custom = [r["custom"] for r in replies if "custom" in r]
    assert custom and custom[0]["type"] == "service_chain"
    assert fake_rasa.received[0]["metadata"] == {"persona": "kari"}
    status, headers, body = get(web.url + "/conversations/web-abc/tracker")
    assert status == 200
    events = json.loads(body)["events"]
    assert [e["event"] for e in events][:2] == ["user", "bot"]


def test_bad_requests_are_refused_before_rasa(web, fake_rasa):
    assert post(web.url + "/webhooks/rest/webhook", {"sender": "../x", "message": "hei"})[0] == 400
    assert post(web.url + "/webhooks/rest/webhook", {"sender": "a", "message": 5})[0] == 400
    assert post(web.url + "/webhooks/rest/webhook", b"not json")[0] == 400
    assert post(web.url + "/webhooks/rest/webhook", {"sender": "a", "message": "x" * 70_000})[0] == 400
    assert get(web.url + "/conversations/a%2F..%2Fb/tracker")[0] == 400
    assert fake_rasa.received == []


def test_rasa_down_gives_502_and_recovers(web, fake_rasa):
    web.point_to("http://127.0.0.1:9")
    status, body = post(web.url + "/webhooks/rest/webhook", {"sender": "a", "message": "hei"})
    assert status == 502 and body == {"error": "assistant_unavailable"}
    assert get(web.url + "/conversations/a/tracker")[0] == 502
    web.point_to(fake_rasa.url)
    assert post(web.url + "/webhooks/rest/webhook", {"sender": "a", "message": "hei"})[0] == 200


def test_python_m_bot_web_starts_and_answers_get_root(fake_rasa, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(port), "--rasa-url", fake_rasa.url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        status = None
        while time.monotonic() < deadline:
            try:
                status = get(f"http://127.0.0.1:{port}/")[0]
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert status == 200
        assert post(f"http://127.0.0.1:{port}/webhooks/rest/webhook", {"sender": "p", "message": "hei"})[0] == 200
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0].decode()
    # Log lines name the path, never the message text.
    assert "/webhooks/rest/webhook" in output and "hei" not in output.replace("chat page", "")
