"""Start the mock agency APIs: python -m bot.agencies.mock [--port N] [--host H] [--db PATH].

Port, bind address, tokens and the SQLite path default to bot/settings.py (settings.env); injected faults can
be set at start with VEIVISER_AGENCY_FAULTS (JSON) or --faults.
"""
from __future__ import annotations

import argparse
import logging
import os

from bot import settings
from bot.agencies.mock.faults import Faults


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.agencies.mock", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="default: settings.agency_port()")
    parser.add_argument("--host", default=None, help="default: VEIVISER_BIND")
    parser.add_argument("--db", default=None, help="SQLite file (default: <var_dir>/agencies.db)")
    parser.add_argument("--faults", default=None, help='JSON, e.g. {"nav": {"latency_ms": 500}}')
    parser.add_argument("--log-level", default=os.environ.get("VEIVISER_AGENCY_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from bot.agencies.mock.app import create_app

    port = args.port if args.port is not None else settings.agency_port()
    host = args.host or settings.get("VEIVISER_BIND", "127.0.0.1")
    db = args.db or str(settings.var_dir() / "agencies.db")
    # A fixed seed makes an injected error rate fail the same requests every run (the tests set one).
    seed = os.environ.get("VEIVISER_AGENCY_FAULT_SEED")
    faults = Faults.from_json(args.faults if args.faults is not None else settings.get("VEIVISER_AGENCY_FAULTS", " "),
                              seed=int(seed) if seed else None)
    app = create_app(db_path=db, token=settings.agency_token(), admin_token=settings.agency_admin_token(),
                     faults=faults)
    logging.getLogger("veiviser.agencies.mock").info("mock agency APIs on http://%s:%s (db %s)", host, port, db)
    app.run(host=host, port=port, access_log=False, debug=False, motd=False, workers=1)


if __name__ == "__main__":
    main()
