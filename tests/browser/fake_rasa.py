"""A small stand-in for the Rasa server, for fast and deterministic widget tests.

It answers the REST channel (POST /webhooks/rest/webhook) and the tracker API
(GET /conversations/<id>/tracker) with canned replies that follow the payload contract in GUIDE.md:
a text (with buttons) and, as its own list item, a `custom` service_chain payload.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

STEP_DONE = re.compile(r'^/step_done\{"step_id":\s*"([^"]+)"\}$')
SWITCH = re.compile(r'^/switch_language\{"language":\s*"(nb|en)"\}$')


def _iso(day: dt.date) -> str:
    return day.isoformat()


def death_chain(language: str, event_date: dt.date) -> dict:
    """The death-and-inheritance chain as the planner would send it (shape per GUIDE.md)."""
    nb = language == "nb"
    return {
        "type": "service_chain",
        "life_event": "death-and-inheritance",
        "language": language,
        "title": "Når noen dør" if nb else "When someone dies",
        "event_date": _iso(event_date),
        "steps": [
            {"id": "death-registered", "position": 1,
             "title": "Dødsfallet blir registrert" if nb else "The death is registered",
             "agency": {"id": "skatteetaten", "name": "Skatteetaten (Folkeregisteret)" if nb else "The Norwegian Tax Administration (National Population Register)"},
             "action": "automatic", "status": "automatic", "due": None,
             "why": "Legen melder dødsfallet. Du trenger ikke gjøre noe." if nb else "The doctor reports the death. You do not need to do anything.",
             "url": "https://www.skatteetaten.no/person/folkeregister/"},
            {"id": "arrange-funeral", "position": 2,
             "title": "Avtal gravferden" if nb else "Arrange the funeral",
             "agency": {"id": "kommunen", "name": "Kommunen" if nb else "The municipality"},
             "action": "citizen", "status": "todo", "due": _iso(event_date + dt.timedelta(days=14)),
             "why": "Gravferden må skje innen 10 virkedager etter dødsfallet." if nb else "The funeral must take place within 10 working days of the death.",
             "url": "https://www.regjeringen.no/no/tema/livssyn/gravferd/"},
            {"id": "choose-settlement", "position": 3,
             "title": "Velg hvordan dødsboet skal gjøres opp" if nb else "Choose how the estate is settled",
             "agency": {"id": "tingretten", "name": "Tingretten" if nb else "The district court (tingretten)"},
             "action": "citizen", "status": "todo", "due": _iso(event_date + dt.timedelta(days=60)),
             "why": "Dere må velge skifteform innen 60 dager etter dødsfallet." if nb else "You must choose how to settle the estate within 60 days of the death.",
             "url": "https://www.domstol.no/arv-og-skifte/"},
            {"id": "funeral-grant", "position": 4,
             "title": "Søk om gravferdsstønad" if nb else "Apply for a funeral grant",
             "agency": {"id": "nav", "name": "NAV"},
             "action": "citizen", "status": "todo", "due": _iso(event_date + dt.timedelta(days=182)),
             "why": "Søk senest 6 måneder etter dødsfallet." if nb else "Apply no later than 6 months after the death.",
             "url": "https://www.nav.no/gravferd"},
            {"id": "survivor-benefit", "position": 5,
             "title": "Omstillingsstønad" if nb else "Adjustment allowance",
             "agency": {"id": "nav", "name": "NAV"},
             "action": "citizen", "status": "not_applicable", "due": None,
             "why": "Gjelder bare ektefelle, partner eller samboer." if nb else "Only for a spouse, partner or cohabitant.",
             "url": "https://www.nav.no/omstillingsstonad"},
        ],
    }


class FakeRasa:
    """Holds conversations in memory; `fail_next` and `delay` inject faults; stop()/start() on the same port."""

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.events: dict[str, list] = {}
        self.chains: dict[str, dict] = {}
        self.received: list[dict] = []
        self.fail_next = 0
        self.delay = 0.0
        self.lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- life cycle ---------------------------------------------------------------------------------------
    def start(self) -> "FakeRasa":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, status: int, payload) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                match = re.match(r"^/conversations/([^/]+)/tracker", self.path)
                if match:
                    with fake.lock:
                        events = copy.deepcopy(fake.events.get(match.group(1), []))
                    self._json(200, {"sender_id": match.group(1), "events": events})
                elif self.path == "/status" or self.path == "/":
                    self._json(200, {"status": "ok"})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                if self.path != "/webhooks/rest/webhook":
                    self._json(404, {"error": "not found"})
                    return
                payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                if fake.delay:
                    time.sleep(fake.delay)
                with fake.lock:
                    if fake.fail_next > 0:
                        fake.fail_next -= 1
                        self._json(500, {"error": "injected failure"})
                        return
                    replies = fake.handle(payload)
                self._json(200, replies)

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # ---- the canned dialogue ------------------------------------------------------------------------------
    def handle(self, payload: dict) -> list:
        sender = payload["sender"]
        text = payload["message"]
        metadata = payload.get("metadata") or {}
        self.received.append(payload)
        events = self.events.setdefault(sender, [])
        if text == "/delete_data":
            self.events.pop(sender, None)
            self.chains.pop(sender, None)
            return [{"recipient_id": sender, "text": "Samtalen er slettet."}]
        events.append({"event": "user", "text": text, "metadata": metadata, "timestamp": time.time()})
        if text == "/restart":
            events.append({"event": "restart", "timestamp": time.time()})
            self.chains.pop(sender, None)
            return []
        replies = self._replies(sender, text, metadata)
        for reply in replies:
            data = {"buttons": reply.get("buttons"), "custom": reply.get("custom")}
            events.append({"event": "bot", "text": reply.get("text"), "data": data, "metadata": {}, "timestamp": time.time()})
        return replies

    def _replies(self, sender: str, text: str, metadata: dict) -> list:
        low = text.lower()
        today = dt.date.today()
        switch = SWITCH.match(text)
        if switch:
            english = switch.group(1) == "en"
            return [{"recipient_id": sender, "text": "OK, I will write in English." if english else "Greit, jeg skriver på bokmål."}]
        done = STEP_DONE.match(text)
        if done:
            chain = self.chains.get(sender)
            if not chain:
                return [{"recipient_id": sender, "text": "Jeg finner ingen sjekkliste."}]
            for step in chain["steps"]:
                if step["id"] == done.group(1):
                    step["status"] = "done"
            english = chain["language"] == "en"
            return [
                {"recipient_id": sender, "text": "Good, I have marked it as done." if english else "Fint, jeg har merket steget som gjort."},
                {"recipient_id": sender, "custom": copy.deepcopy(chain)},
            ]
        if text.startswith('/inform_relation'):
            chain = self.chains.get(sender)
            english = bool(chain and chain["language"] == "en")
            return [{"recipient_id": sender,
                     "custom": {"type": "personalise_question", "life_event": "death-and-inheritance",
                                "text": "Thank you. Were you married to the person who died?" if english
                                else "Takk. Var du gift med den som døde?"},
                     "buttons": [{"title": "Yes" if english else "Ja", "payload": '/affirm'},
                                 {"title": "No" if english else "Nei", "payload": '/deny'}]}]
        if "døde" in low or "død" in low:
            chain = death_chain("nb", today - dt.timedelta(days=1))
            self.chains[sender] = chain
            return [
                {"recipient_id": sender,
                 "text": "Jeg er lei for det. Her er det viktigste nå:\n\n- **Gravferden** må avtales først.\n- Resten kan vente litt.\n\nLes mer på [nav.no](https://www.nav.no/dodsfall).",
                 "buttons": [{"title": "Jeg er barn av den som døde", "payload": '/inform_relation{"relation": "child"}'},
                             {"title": "Jeg var gift med den som døde", "payload": '/inform_relation{"relation": "spouse"}'}]},
                {"recipient_id": sender, "custom": copy.deepcopy(chain)},
            ]
        if "passed away" in low or "died" in low:
            chain = death_chain("en", today - dt.timedelta(days=7))
            self.chains[sender] = chain
            return [
                {"recipient_id": sender,
                 "text": "I am sorry for your loss. The most important thing now:\n\n- **The funeral** must be arranged first.\n- The rest can wait a little.",
                 "buttons": [{"title": "I am the child of the person who died", "payload": '/inform_relation{"relation": "child"}'},
                             {"title": "I was married to the person who died", "payload": '/inform_relation{"relation": "spouse"}'}]},
                {"recipient_id": sender, "custom": copy.deepcopy(chain)},
            ]
        if "hvor lang" in low or "how long" in low:
            return [{"recipient_id": sender,
                     "custom": {"type": "faq_answer", "life_event": "death-and-inheritance",
                                "text": "Du har **60 dager** på å velge skifteform.",
                                "links": [{"title": "Domstolene om skifte", "url": "https://www.domstol.no/arv-og-skifte/"}]}}]
        return [{"recipient_id": sender, "text": "Beklager, jeg forstod ikke helt. Kan du si det på en annen måte?"}]
