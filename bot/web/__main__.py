"""Entry point: `python -m bot.web [--port N] [--rasa-url URL] [--bind ADDR]`."""
from __future__ import annotations

import sys

from bot.web.server import main

if __name__ == "__main__":
    sys.exit(main())
