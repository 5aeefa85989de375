"""The Backend runs finder calls off the GUI thread and drops stale results (tmp SQLite store)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from finder.answers import Age, Answers
from ui.backend import Backend

SEED_IDS = {"NCT06751134", "NCT05665075"}


@pytest.fixture
def backend(qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TRIAL_FINDER_DB", url)  # never the user's data dir
    b = Backend(url)
    yield b
    b.close()


def test_stats_come_from_a_worker_thread(qtbot, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import finder_calls

    seen_threads: list[threading.Thread] = []
    real = finder_calls.stats

    def spy(store: object) -> object:
        seen_threads.append(threading.current_thread())
        return real(store)

    monkeypatch.setattr(finder_calls, "stats", spy)
    with qtbot.waitSignal(backend.statsReady, timeout=30000) as blocker:
        backend.request_stats()
    stats = blocker.args[0]
    assert stats.total == 2
    assert seen_threads and seen_threads[0] is not threading.main_thread()


def test_busy_goes_up_then_down(qtbot, backend: Backend) -> None:
    states: list[bool] = []
    backend.busyChanged.connect(states.append)
    with qtbot.waitSignal(backend.countReady, timeout=30000):
        backend.request_count(Answers())
    qtbot.waitUntil(lambda: not backend.busy, timeout=10000)
    assert states[0] is True and states[-1] is False


def test_count_plan_and_matches_for_no_answers(qtbot, backend: Backend) -> None:
    with qtbot.waitSignal(backend.countReady, timeout=30000) as count:
        backend.request_count(Answers())
    assert count.args[0] == 2  # nothing answered: both seed studies may fit
    with qtbot.waitSignal(backend.planReady, timeout=30000) as plan:
        backend.request_plan(Answers())
    assert "diagnosis" in plan.args[0] and "age" in plan.args[0]
    with qtbot.waitSignal(backend.planReady, timeout=30000) as plan:
        backend.request_plan(Answers(), asked={"diagnosis"})
    assert "diagnosis" not in plan.args[0]
    with qtbot.waitSignal(backend.matchesReady, timeout=30000) as matches:
        backend.request_matches(Answers(), "child")
    assert {m.nct_id for m in matches.args[0].results} >= SEED_IDS


def test_an_older_request_never_overwrites_a_newer_one(qtbot, backend: Backend) -> None:
    got: list[int] = []
    backend.countReady.connect(got.append)
    with qtbot.waitSignal(backend.countReady, timeout=30000):
        backend.request_count(Answers())  # warm up: the store opens
    got.clear()
    backend.request_count(Answers())  # 2 studies
    backend.request_count(Answers(age=Age(6)))  # the adult AML study drops out: 1
    qtbot.waitUntil(lambda: not backend.busy, timeout=30000)
    assert got == [1]


def test_a_failure_is_reported_not_raised(qtbot, tmp_path: Path) -> None:
    bad = Backend(f"sqlite:///{tmp_path}/no/such/dir/\0bad.db")
    try:
        with qtbot.waitSignal(bad.failed, timeout=30000) as failed:
            bad.request_stats()
        assert failed.args[0].startswith("stats:")
    finally:
        bad.close()
