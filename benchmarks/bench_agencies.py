"""Mock agency APIs under load: p50/p95 latency and throughput of a look-up with 50 concurrent clients.

Starts the app on a free loopback port with a temporary SQLite file, then sends a bounded number of requests
(default 2000) from 50 threads, each with its own keep-alive session:
  1. the raw look-up GET /folkeregisteret/api/v1/personer/{fnr}
  2. AgencyClients.check(death_registered), which makes four look-ups (the citizen and three relatives)
Usage: python -m benchmarks.bench_agencies [--requests N] [--concurrency C]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bot.agencies import AgencyClients
from bot.agencies.mock.launcher import MockServer
from bot.agencies.personas import fnr_for


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run(label: str, total: int, concurrency: int, call) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        state = threading.local()
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            started = time.perf_counter()
            try:
                call(state)
                ok = True
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    wall = time.perf_counter() - started
    result = {"label": label, "requests": len(latencies), "errors": errors, "p50_ms": percentile(latencies, 50),
              "p95_ms": percentile(latencies, 95), "mean_ms": statistics.fmean(latencies), "rps": len(latencies) / wall}
    print(f"  {label:<44} n={result['requests']:<5} errors={errors:<3} p50={result['p50_ms']:7.2f} ms  "
          f"p95={result['p95_ms']:7.2f} ms  throughput={result['rps']:8.1f} req/s", flush=True)
    return result


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv or [])
    kari = fnr_for("kari")
    with tempfile.TemporaryDirectory() as tmp, MockServer(Path(tmp) / "agencies.db") as server:
        url = f"{server.url}/folkeregisteret/api/v1/personer/{kari}"
        headers = {"Authorization": f"Bearer {server.token}"}

        def raw(state) -> None:
            if not hasattr(state, "s"):
                state.s = requests.Session()
            resp = state.s.get(url, headers=headers, timeout=(1, 5))
            resp.raise_for_status()

        shared = threading.local()

        def check(state) -> None:
            if not hasattr(shared, "c"):
                shared.c = AgencyClients(server.url, server.token, read_timeout=5, retries=0)
            assert shared.c.check({"agency": "folkeregisteret", "lookup": "death_registered"}, kari).status == "done"

        print(f"mock agency APIs, {args.concurrency} concurrent clients, loopback, one Sanic worker:")
        results = [run("GET /folkeregisteret/api/v1/personer/{fnr}", args.requests, args.concurrency, raw),
                   run("check(death_registered) (4 look-ups each)", args.requests // 4, args.concurrency, check)]
    return results


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
