"""Waits until every Veiviser service answers, then prints where to find them.

Exit 0 when all answer, 1 when the time runs out (naming the services that did not answer and their logs).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import requests

from bot import settings


def endpoints() -> dict[str, str]:
    host = settings.host()
    return {
        "agency APIs": f"http://{host}:{settings.agency_port()}/health",
        "action server": f"http://{host}:{settings.action_port()}/health",
        "Rasa server": f"http://{host}:{settings.rasa_port()}/status",
        "web page": f"http://{host}:{settings.web_port()}/",
    }


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait in all")
    parser.add_argument("--watch-pid", type=int, help="give up quietly when this process ends")
    args = parser.parse_args()
    pending = endpoints()
    deadline = time.monotonic() + args.timeout
    while pending and time.monotonic() < deadline:
        if args.watch_pid and not alive(args.watch_pid):
            return 1
        for name, url in list(pending.items()):
            if answers(url):
                print(f"  ready: {name}", flush=True)
                del pending[name]
        if pending:
            time.sleep(1)
    if pending:
        print(f"Not answering after {args.timeout:.0f} s: {', '.join(pending)}. "
              f"See the logs in {settings.log_dir()}/.", file=sys.stderr, flush=True)
        return 1
    host = settings.host()
    print(
        "\nVeiviser is running:\n"
        f"  chat page        http://{host}:{settings.web_port()}/\n"
        f"  Rasa REST        http://{host}:{settings.rasa_port()}/webhooks/rest/webhook\n"
        f"  action server    http://{host}:{settings.action_port()}/\n"
        f"  agency APIs      http://{host}:{settings.agency_port()}/  (OpenAPI: /docs)\n"
        f"  logs             {settings.log_dir()}/<service>.log\n"
        "Stop everything with Ctrl-C.\n",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
