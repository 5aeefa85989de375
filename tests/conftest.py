"""Shared fixtures. Registry data lives beside the repo in ../shared/data and is never copied in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("TRIAL_FINDER_SHARED_DATA", REPO.parent / "shared" / "data"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """The suite tests the sources: stop at once if compiled parser modules would be imported instead."""
    from finder.criteria import parser_is_compiled

    if parser_is_compiled():
        import finder.criteria.understand as understand

        pytest.exit(f"compiled parser modules shadow the sources ({understand.__file__}); delete them", 2)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a skip that says why."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"registry sample data not found at {SHARED_DATA} (set TRIAL_FINDER_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(autouse=True, scope="session")
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the developer's own settings, store or caches (platformdirs follows XDG_*);
    tests that look at these dirs point them somewhere narrower themselves."""
    root = tmp_path_factory.mktemp("user-dirs")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = root / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
