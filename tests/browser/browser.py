"""Python side of tests/browser/driver.mjs: a headless Chromium steered one step at a time."""
from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WEB_DIR = REPO / "bot" / "web"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"


class BrowserError(AssertionError):
    pass


def missing_requirements() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(str(CHROMIUM))
    if not (WEB_DIR / "node_modules" / "playwright-core").is_dir():
        missing.append("bot/web/node_modules (npm ci)")
    if not shutil.which("node"):
        missing.append("node")
    return missing


class Browser:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["node", str(HERE / "driver.mjs")], cwd=str(REPO), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()
        self.counter = 0
        self._expect(0, timeout=60)

    def _read(self, stream, sink) -> None:
        for line in stream:
            sink.put(line)
        sink.put("")

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _expect(self, wanted: int, timeout: float) -> Any:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise BrowserError(f"browser driver did not answer within {timeout} s") from None
            if not line:
                raise BrowserError("browser driver stopped: " + "".join(self.stderr[-20:]))
            try:
                reply = json.loads(line)
            except ValueError:
                continue
            if reply.get("id") != wanted:
                continue
            if not reply.get("ok"):
                raise BrowserError(reply.get("error"))
            return reply.get("result")

    def call(self, op: str, timeout: float = 60, **args) -> Any:
        self.counter += 1
        self.proc.stdin.write(json.dumps({"id": self.counter, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        return self._expect(self.counter, timeout)

    # Shorthands used by the tests.
    def new_page(self, width: int = 1280, height: int = 800, **kw) -> None:
        self.call("newPage", width=width, height=height, **kw)

    def goto(self, url: str) -> None:
        self.call("goto", url=url)

    def wait(self, selector: str, text: str | None = None, state: str = "visible", timeout: int = 15000) -> None:
        self.call("wait", selector=selector, text=text, state=state, timeout=timeout)

    def click(self, selector: str, text: str | None = None) -> None:
        self.call("click", selector=selector, text=text)

    def eval(self, expression: str) -> Any:
        return self.call("eval", expression=expression)

    def count(self, selector: str) -> int:
        return self.call("count", selector=selector)

    def text(self, selector: str, text: str | None = None) -> str:
        return self.call("text", selector=selector, text=text)

    def texts(self, selector: str) -> list[str]:
        return self.call("texts", selector=selector)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.call("screenshot", path=str(path), fullPage=full_page)
        return path

    def send_message(self, text: str) -> None:
        self.call("fill", selector=".vv-input", value=text)
        self.call("press", key="Enter")

    def close(self) -> None:
        try:
            self.call("close", timeout=10)
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
