"""Check the service-chain catalog: `python -m bot.chains.validate data` (exit code 1 on errors)."""
from __future__ import annotations

import sys
from pathlib import Path

from .loader import DEFAULT_DATA, check


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else DEFAULT_DATA
    catalog, issues = check(root)
    if issues:
        print("%d problem(s) in %s:" % (len(issues), root), file=sys.stderr)
        for issue in issues:
            print("  - " + str(issue), file=sys.stderr)
        return 1
    assert catalog is not None
    steps = sum(len(e.steps) for e in catalog.events.values())
    verify = sum(1 for e in catalog.events.values() for s in e.steps if s.verify)
    print("service chains OK: %d life events, %d steps (%d flagged for checking), %d agencies"
          % (len(catalog.events), steps, verify, len(catalog.agencies)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
