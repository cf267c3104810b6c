"""Starts the whole Veiviser stack for tests: mock agencies, action server, Rasa server and web page.

Each service runs through scripts/service (exactly as `make run` starts it) on free ports, with its state in a
temporary folder and today's date pinned, so the tests are isolated from a running `make run` and repeatable.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import requests

from bot import settings

ROOT = settings.REPO_ROOT
MODEL = ROOT / "models" / "veiviser.tar.gz"
SERVICES = ("agencies", "actions", "rasa", "web")
# The date the tests live on: the demo persona kari's father died on 2026-11-20.
TEST_TODAY = "2026-11-30"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    workdir: Path
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "VEIVISER_HOST": "127.0.0.1",
            "VEIVISER_BIND": "127.0.0.1",
            "VEIVISER_AGENCY_PORT": str(self.ports["agencies"]),
            "VEIVISER_ACTION_PORT": str(self.ports["actions"]),
            "VEIVISER_RASA_PORT": str(self.ports["rasa"]),
            "VEIVISER_WEB_PORT": str(self.ports["web"]),
            "VEIVISER_VAR_DIR": str(self.workdir / "var"),
            "VEIVISER_LOG_DIR": str(self.workdir / "logs"),
            "VEIVISER_TRACKER_DB": str(self.workdir / "var" / "tracker.db"),
            "VEIVISER_TODAY": TEST_TODAY,
        })
        return env

    # --- URLs -----------------------------------------------------------------------------------------------
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['web']}"

    @property
    def agency_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['agencies']}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['actions']}"

    def health_url(self, name: str) -> str:
        return {"agencies": f"{self.agency_url}/health", "actions": f"{self.action_url}/health",
                "rasa": f"{self.rasa_url}/status", "web": f"{self.web_url}/"}[name]

    def log(self, name: str) -> str:
        path = self.workdir / "logs" / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    # --- life cycle -----------------------------------------------------------------------------------------
    def start(self, name: str) -> None:
        self.processes[name] = subprocess.Popen(
            [str(ROOT / "scripts" / "service"), name], cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def wait_until_ready(self, names=SERVICES, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        pending = list(names)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                process = self.processes.get(name)
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"service {name} exited with {process.returncode}:\n{self.log(name)[-3000:]}")
                try:
                    if requests.get(self.health_url(name), timeout=2).status_code == 200:
                        pending.remove(name)
                except requests.RequestException:
                    pass
            if pending:
                time.sleep(0.5)
        if pending:
            raise RuntimeError(f"not ready after {timeout:.0f} s: {pending}\n" +
                               "\n".join(f"--- {n}.log\n{self.log(n)[-3000:]}" for n in pending))

    def restart(self, name: str) -> None:
        self.stop(name)
        self.start(name)
        self.wait_until_ready([name])

    def start_all(self) -> None:
        for name in SERVICES:
            self.ports.setdefault(name, free_port())
        for name in SERVICES:
            self.start(name)
        self.wait_until_ready()

    def stop_all(self) -> None:
        for name in reversed(SERVICES):
            self.stop(name)

    # --- talking to it --------------------------------------------------------------------------------------
    def send(self, sender: str, message: str, persona: Optional[str] = None, timeout: float = 30) -> list[dict]:
        body: dict[str, Any] = {"sender": sender, "message": message}
        if persona:
            body["metadata"] = {"persona": persona}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker", timeout=10)
        response.raise_for_status()
        return response.json()

    def set_faults(self, faults: dict[str, dict]) -> None:
        response = requests.put(f"{self.agency_url}/admin/faults", json={"faults": faults}, timeout=5,
                                headers={"Authorization": f"Bearer {settings.agency_admin_token()}"})
        response.raise_for_status()

    def clear_faults(self) -> None:
        requests.delete(f"{self.agency_url}/admin/faults", timeout=5,
                        headers={"Authorization": f"Bearer {settings.agency_admin_token()}"}).raise_for_status()


def customs(messages: list[dict], kind: Optional[str] = None) -> list[dict]:
    """The custom payloads of a reply, optionally only those of one type."""
    found = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    return [c for c in found if kind is None or c.get("type") == kind]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
