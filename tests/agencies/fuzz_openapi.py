"""Fuzz the mock agency APIs from their own OpenAPI description with schemathesis (make fuzz).

Starts the app on a free port with a temporary SQLite file (from the project venv), then runs schemathesis from
.venv-fuzz (it conflicts with Rasa's pins). Checks: no 5xx, status codes, content types and response bodies
as documented. Bounded: --max-examples per operation (default 30). Exit status is schemathesis's.
Usage: python tests/agencies/fuzz_openapi.py [--max-examples N] [--schemathesis PATH] [extra schemathesis args]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bot.agencies.mock.launcher import MockServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--schemathesis", default=str(REPO / ".venv-fuzz" / "bin" / "schemathesis"))
    parser.add_argument("--seed", type=int, default=20261129)
    args, extra = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as tmp, MockServer(Path(tmp) / "agencies.db") as server:
        cmd = [args.schemathesis, "run", f"{server.url}/openapi.json",
               # negative_data_rejection is left out: on the wire every query value is a string, so it flags
               # ?navn=false (a valid name) as "accepted a boolean". 5xx, status codes and schemas are all checked.
               "--checks", "all", "--exclude-checks", "negative_data_rejection",
               "--data-generation-method", "all",
               "--hypothesis-max-examples", str(args.max_examples),
               "--hypothesis-seed", str(args.seed),
               "--hypothesis-suppress-health-check", "all",
               "--generation-allow-x00", "false",
               "--workers", "4",
               "-H", f"Authorization: Bearer {server.token}",
               *extra]
        print("running:", " ".join(c if "Bearer" not in c else "Authorization: Bearer ***" for c in cmd), flush=True)
        code = subprocess.call(cmd, cwd=REPO)
        log = Path(tmp) / "agencies.log"
        if "Traceback" in log.read_text(errors="replace"):
            print("The mock app logged a traceback:\n" + log.read_text(errors="replace")[-4000:], file=sys.stderr)
            code = code or 1
        return code


if __name__ == "__main__":
    sys.exit(main())
