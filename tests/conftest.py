"""Shared fixtures. Registry data lives beside the repo in ../shared/data and is never copied in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("TRIAL_FINDER_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a skip that says why."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"registry sample data not found at {SHARED_DATA} (set TRIAL_FINDER_SHARED_DATA)")
    return SHARED_DATA
