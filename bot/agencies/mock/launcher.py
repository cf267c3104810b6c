"""Start the mock agency app in a subprocess on a free port (for tests, the fuzz run and the benchmark)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MockServer:
    """`MockServer(db).start()` ... `.stop()`; `.url`, `.token`, `.admin_token`."""

    def __init__(self, db: Path, *, token: str = "test-agency-token", admin_token: str = "test-admin-token",
                 faults: dict | None = None, log_level: str = "WARNING"):
        self.db = Path(db)
        self.token, self.admin_token = token, admin_token
        self.faults = faults
        self.log_level = log_level
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = None

    def start(self, timeout: float = 20.0) -> "MockServer":
        env = dict(os.environ, VEIVISER_AGENCY_TOKEN=self.token, VEIVISER_AGENCY_ADMIN_TOKEN=self.admin_token,
                   VEIVISER_BIND="127.0.0.1", PYTHONPATH=str(REPO), VEIVISER_AGENCY_LOG_LEVEL=self.log_level)
        env.pop("VEIVISER_AGENCY_FAULTS", None)
        env.setdefault("VEIVISER_AGENCY_FAULT_SEED", "20261129")  # tests: the same requests fail every run
        if self.faults is not None:
            env["VEIVISER_AGENCY_FAULTS"] = json.dumps(self.faults)
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(self.db.with_suffix(".log"), "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.agencies.mock", "--port", str(self.port),
                                      "--db", str(self.db)], cwd=REPO, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
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
        raise RuntimeError(f"mock agencies did not start within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.log:
            self.log.close()
            self.log = None

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
