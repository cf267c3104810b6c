"""Shared fixtures. `stack` starts the whole assistant once per test session (tests marked `stack`)."""
from __future__ import annotations

import pytest

from tests.stack import MODEL, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make stack-test does it for you)")
    running = Stack(tmp_path_factory.mktemp("stack"))
    try:
        running.start_all()
        yield running
    finally:
        running.stop_all()
