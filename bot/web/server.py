"""A small standard-library HTTP server for the chat page.

What it serves:
- GET /                      the demo page (a Norwegian public-sector style page with the widget embedded)
- GET /widget.js, /widget.css and other files in static/
- GET /vendor/designsystemet.css and /vendor/theme.css   Digdir Designsystemet, from node_modules (no CDN)
- GET /health                {"status": "ok"}
- POST /webhooks/rest/webhook           proxied to Rasa's REST channel
- GET /conversations/<id>/tracker       proxied to Rasa's tracker API (Rasa runs with --enable-api)

Log lines carry the method, the path and the status only: never a message body (it may hold personal data).
"""
from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import re
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional

from bot import settings

log = logging.getLogger("veiviser.web")

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
NODE_MODULES = HERE / "node_modules"
VENDOR_FILES = {
    "designsystemet.css": NODE_MODULES / "@digdir" / "designsystemet-css" / "dist" / "src" / "index.css",
    "theme.css": NODE_MODULES / "@digdir" / "designsystemet-theme" / "brand" / "digdir.css",
}
# Sender ids are made by the widget (UUIDs); anything else is refused before it reaches Rasa.
SENDER_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
TRACKER_PATH = re.compile(r"^/conversations/([^/]+)/tracker$")
MAX_BODY = 64 * 1024
RASA_TIMEOUT = 60.0

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("image/svg+xml", ".svg")


class ChatHandler(BaseHTTPRequestHandler):
    server_version = "VeiviserWeb/1.0"
    rasa_url: str = ""  # set on the subclass made by make_server

    # ---- plumbing -------------------------------------------------------------------------------------------
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature from the base class
        # The request line has no body; the query string is dropped to be safe.
        log.info("%s %s", self.address_string(), format % args)

    def log_request(self, code="-", size="-") -> None:
        path = self.path.split("?", 1)[0]
        log.info("%s %s %s", self.command, path, getattr(code, "value", code))

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")

    def _send(self, status: int, body: bytes, content_type: str, cache: str = "no-cache",
              cors: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        if cors:
            self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload, cors: bool = True) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8", cors=cors)

    # ---- routes ---------------------------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # CORS preflight for pages on other origins that embed the widget
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self._json(HTTPStatus.OK, {"status": "ok"})
            return
        match = TRACKER_PATH.match(path)
        if match:
            sender = urllib.request.unquote(match.group(1))
            if not SENDER_ID.match(sender):
                self._json(HTTPStatus.BAD_REQUEST, {"error": "bad_sender_id"})
                return
            self._proxy("GET", f"/conversations/{sender}/tracker", None)
            return
        if path.startswith("/vendor/"):
            target = VENDOR_FILES.get(path[len("/vendor/"):])
            if target is None or not target.is_file():
                self._send(HTTPStatus.NOT_FOUND, b"not found (run make web-deps)\n", "text/plain; charset=utf-8")
                return
            self._file(target, cache="public, max-age=3600")
            return
        if path in ("/", "/index.html"):
            self._file(STATIC_DIR / "index.html")
            return
        target = self._static(path)
        if target is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        # The widget script and style are loaded by other origins' pages, so they carry CORS headers.
        self._file(target, cors=True)

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        if path != "/webhooks/rest/webhook":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "bad_length"})
            return
        body = self.rfile.read(length)
        try:
            payload = json.loads(body)
        except ValueError:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "bad_json"})
            return
        if not isinstance(payload, dict) or not SENDER_ID.match(str(payload.get("sender", ""))) \
                or not isinstance(payload.get("message"), str):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "bad_message"})
            return
        self._proxy("POST", "/webhooks/rest/webhook", body)

    # ---- helpers --------------------------------------------------------------------------------------------
    def _static(self, path: str) -> Optional[Path]:
        relative = path.lstrip("/")
        if not relative or ".." in relative.split("/"):
            return None
        target = (STATIC_DIR / relative).resolve()
        try:
            target.relative_to(STATIC_DIR)
        except ValueError:
            return None
        return target if target.is_file() else None

    def _file(self, target: Path, cache: str = "no-cache", cors: bool = False) -> None:
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        self._send(HTTPStatus.OK, target.read_bytes(), content_type, cache=cache, cors=cors)

    def _proxy(self, method: str, path: str, body: Optional[bytes]) -> None:
        request = urllib.request.Request(
            self.rasa_url.rstrip("/") + path, data=body, method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=RASA_TIMEOUT) as response:
                data = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            data = error.read() or b"{}"
            status = error.code
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            log.warning("Rasa did not answer %s %s: %s", method, path.split("/")[1], type(error).__name__)
            self._json(HTTPStatus.BAD_GATEWAY, {"error": "assistant_unavailable"})
            return
        self._send(status, data, "application/json; charset=utf-8", cors=True)


def make_server(bind: str, port: int, rasa_url: str) -> ThreadingHTTPServer:
    handler = type("BoundChatHandler", (ChatHandler,), {"rasa_url": rasa_url})
    server = ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    return server


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="Serve Veiviser's chat page.")
    parser.add_argument("--port", type=int, default=None, help="port (default: settings.web_port())")
    parser.add_argument("--bind", default=None, help="address to listen on (default: VEIVISER_BIND)")
    parser.add_argument("--rasa-url", default=None, help="Rasa base URL (default: settings.rasa_url())")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    port = args.port if args.port is not None else settings.web_port()
    bind = args.bind or settings.get("VEIVISER_BIND", "127.0.0.1")
    rasa_url = args.rasa_url or settings.rasa_url()
    server = make_server(bind, port, rasa_url)
    if not all(path.is_file() for path in VENDOR_FILES.values()):
        log.warning("Designsystemet CSS is missing; run `make web-deps` (npm ci in bot/web)")
    log.info("chat page on http://%s:%s/ (Rasa at %s)", bind, server.server_address[1], rasa_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
