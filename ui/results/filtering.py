"""Sorting and filtering of the results list (a QSortFilterProxyModel per section of the page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ui.results.model import (
    DistanceKeyRole,
    DistanceRole,
    NearMissRole,
    PhaseKeysRole,
    RankRole,
    ResultsModel,
    VerdictRole,
)

_Index = QModelIndex | QPersistentModelIndex

SECTIONS = ("fit", "almost", "other")  # may fit or fits / exactly one item not met / the rest
SORTS = ("fit", "distance")


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply `change` to the proxy's filter settings and filter again.

    Qt 6.10 replaced invalidateFilter() by begin/endFilterChange(); keep working on both.
    """
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        change()
        proxy.invalidateFilter()


class ResultsFilter(QSortFilterProxyModel):
    """One section of the results, filtered by phase and distance, sorted by fit or by distance.

    A study whose distance is not known is never filtered out by distance: a missing site address must not
    hide a study a child could join.
    """

    def __init__(self, section: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if section not in SECTIONS:
            raise ValueError(f"section must be one of {SECTIONS}")
        self.section = section
        self._phase: str | None = None
        self._max_km: float | None = None
        self._sort = "fit"
        self.setDynamicSortFilter(True)
        self.setSortRole(RankRole)
        self.sort(-1)  # best fit first is the source order: no sorting work at all

    def _refilter(self, change: Callable[[], None]) -> None:
        refilter(self, change)

    def set_phase(self, phase: str | None) -> None:
        if phase != self._phase:
            self._refilter(lambda: setattr(self, "_phase", phase))

    def set_max_km(self, km: float | None) -> None:
        if km != self._max_km:
            self._refilter(lambda: setattr(self, "_max_km", km))

    def set_sort(self, mode: str) -> None:
        if mode not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        if mode != self._sort:
            self._sort = mode
            # A new sort role makes the proxy sort again; the sort is stable, so equal distances (and the
            # studies with no known distance, last) keep matching's order.
            if mode == "fit":
                self.sort(-1)
                self.invalidate()  # back to the source order
            else:
                self.setSortRole(DistanceKeyRole)
                self.sort(0, Qt.SortOrder.AscendingOrder)

    @property
    def sort_mode(self) -> str:
        return self._sort

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, ResultsModel):  # the fast way: no QModelIndex round trip per role
            keys = model.key_roles(source_row)
        else:
            index = model.index(source_row, 0, source_parent)
            keys = {
                role: model.data(index, role)
                for role in (VerdictRole, NearMissRole, PhaseKeysRole, DistanceRole)
            }
        verdict = keys[VerdictRole]
        section = "fit" if verdict != "not_a_fit" else "almost" if keys[NearMissRole] else "other"
        if section != self.section:
            return False
        if self._phase is not None and self._phase not in (keys[PhaseKeysRole] or ()):
            return False
        km = keys[DistanceRole]
        return not (self._max_km is not None and km is not None and km > self._max_km)


class FirstRows(QSortFilterProxyModel):
    """The first `limit` rows of an (already sorted and filtered) model, in its order: a long list is
    shown a page at a time ("Show more"), so a huge result never builds thousands of cards at once."""

    def __init__(self, limit: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._limit = limit

    @property
    def limit(self) -> int:
        return self._limit

    def set_limit(self, limit: int) -> None:
        if limit != self._limit:
            refilter(self, lambda: setattr(self, "_limit", limit))

    def hidden(self) -> int:
        """Rows of the section not shown yet."""
        return max(0, self.sourceModel().rowCount() - self.rowCount())

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return source_row < self._limit
