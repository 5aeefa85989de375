"""Every finder call, off the GUI thread: the window never freezes, whatever the store size.

`Backend` owns the opaque store (opened lazily, in a worker, because the first open may migrate and seed)
and runs each request as a QRunnable on its own QThreadPool. Results come back through queued signals. Each
request kind has a counter: a result from an older request that finishes after a newer one is dropped, so a
fast typist never sees stale suggestions or counts.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from finder.answers import Answers, Place
from ui import finder_calls

# Requests that carry what a family typed; their results are dropped once the family has left.
_BACKGROUND = "background"  # work nobody waits for: not counted as busy, its result not delivered
_FAMILY_KINDS = frozenset({"plan", "count", "matches", "study", "suggest", "place"})


class _Relay(QObject):
    """Lives in the GUI thread; workers emit through it, so delivery is queued to the GUI thread."""

    done = Signal(str, int, int, object)
    error = Signal(str, int, int, str)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, kind: str, rid: int, epoch: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._relay, self._kind, self._rid, self._epoch, self._fn = relay, kind, rid, epoch, fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the window as a plain message, never a crash
            traceback.print_exc()
            self._relay.error.emit(self._kind, self._rid, self._epoch, f"{type(exc).__name__}: {exc}")
        else:
            self._relay.done.emit(self._kind, self._rid, self._epoch, result)


class Backend(QObject):
    matchesReady = Signal(object)  # finder.matching.results.MatchReport
    countReady = Signal(int)  # studies that may fit so far (-1: unknown)
    studyReady = Signal(object)  # (StoredStudy | None, Match | None)
    planReady = Signal(list)  # topics still worth asking, most decisive first
    statsReady = Signal(object)  # finder.store.read.StoreStats
    suggestionsReady = Signal(list)  # [finder_calls.DiagnosisChoice], type-ahead for the diagnosis
    broaderReady = Signal(list)  # [finder_calls.DiagnosisChoice], "I don't know the exact name"
    placeReady = Signal(object)  # (Place, GeoPoint | None, table_available: bool)
    countriesReady = Signal(list)  # country names for the location question
    busyChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, url: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = url
        self._store: Any = None
        self._store_lock = threading.Lock()
        self._pool = QThreadPool(self)
        # Two workers: a long match never holds up type-ahead suggestions. Each job opens its own session.
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.error.connect(self._on_error)
        self._latest: dict[str, int] = {}
        self._next_id = 0
        self._pending = 0
        self._closed = False
        # A wipe starts a new epoch: results of the last family's requests are dropped on arrival, and what
        # the finder memoised from their answers is forgotten once none of their work is still running.
        self._epoch = 0
        self._forget_when_idle = False

    # --- the store -----------------------------------------------------------------------------
    def store(self) -> Any:
        """The open store (opened on first use, in whichever worker gets there first)."""
        with self._store_lock:
            if self._store is None:
                self._store = finder_calls.open_store(self._url)
            return self._store

    def close(self) -> None:
        """Wait for running work, then close the store. Safe to call twice."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone()
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def forget(self) -> None:
        """The family left: drop their in-flight results and the finder's memos of their answers."""
        self._epoch += 1
        for kind in _FAMILY_KINDS:
            self._latest.pop(kind, None)
        self._forget_when_idle = True
        if self._pending == 0:
            self._forget_now()

    def _forget_now(self) -> None:
        self._forget_when_idle = False
        finder_calls.forget()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # --- requests ------------------------------------------------------------------------------
    def request_stats(self) -> None:
        self._submit("stats", lambda: finder_calls.stats(self.store()))

    def request_plan(self, answers: Answers, asked: Collection[str] = ()) -> None:
        """planReady(topics not yet answered nor in `asked`, most decisive first)."""
        asked = tuple(asked)
        self._submit("plan", lambda: finder_calls.plan(self.store(), answers, asked))

    def request_count(self, answers: Answers) -> None:
        self._submit("count", lambda: finder_calls.count(self.store(), answers))

    def request_matches(self, answers: Answers, subject: str = "child") -> None:
        self._submit("matches", lambda: finder_calls.matches(self.store(), answers, subject))

    def request_study(self, nct_id: str, answers: Answers, subject: str = "child") -> None:
        self._submit("study", lambda: finder_calls.study(self.store(), nct_id, answers, subject))

    def request_suggestions(self, text: str, lang: str, limit: int = 8) -> None:
        self._submit("suggest", lambda: finder_calls.suggest(text, lang, limit))

    def request_broader(self, lang: str) -> None:
        self._submit("broader", lambda: finder_calls.broader(lang))

    def request_place(self, place: Place) -> None:
        self._submit("place", lambda: (place, *finder_calls.resolve_place(place)))

    def warm_up(self) -> None:
        """Ready the place index in a worker while the family reads the start screen. Not counted as busy
        (building it on a machine's first start takes seconds, and nobody is waiting for it); an error
        is left for the first place lookup to report."""
        if not self._closed:
            self._pool.start(_Job(self._relay, _BACKGROUND, 0, self._epoch, finder_calls.warm_up_places))

    def request_countries(self) -> None:
        self._submit("countries", finder_calls.country_names)

    # --- plumbing ------------------------------------------------------------------------------
    def _submit(self, kind: str, fn: Callable[[], Any]) -> None:
        if self._closed:
            return
        self._next_id += 1
        self._latest[kind] = self._next_id
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Job(self._relay, kind, self._next_id, self._epoch, fn))

    def _finish(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            if self._forget_when_idle:
                self._forget_now()
            self.busyChanged.emit(False)

    def _left(self, kind: str, epoch: int) -> bool:
        return kind in _FAMILY_KINDS and epoch != self._epoch

    @Slot(str, int, int, object)
    def _on_done(self, kind: str, rid: int, epoch: int, result: object) -> None:
        if kind == _BACKGROUND:
            return
        self._finish()
        if self._closed or rid != self._latest.get(kind) or self._left(kind, epoch):
            return  # stale: a newer request of this kind is on its way, or the family has left
        signal = {
            "stats": self.statsReady,
            "plan": self.planReady,
            "count": self.countReady,
            "matches": self.matchesReady,
            "study": self.studyReady,
            "suggest": self.suggestionsReady,
            "broader": self.broaderReady,
            "place": self.placeReady,
            "countries": self.countriesReady,
        }[kind]
        signal.emit(result)

    @Slot(str, int, int, str)
    def _on_error(self, kind: str, rid: int, epoch: int, message: str) -> None:
        if kind == _BACKGROUND:
            return
        self._finish()
        if not self._closed and rid == self._latest.get(kind) and not self._left(kind, epoch):
            self.failed.emit(f"{kind}: {message}")
