"""The results list as a real Qt model: one row per study (finder Match), with roles for every field the
delegate draws and the proxy sorts or filters on. Texts are rendered in the family's language here, once per
language change, so painting never calls into finder.content."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt

from finder import content
from finder.matching.results import Match, Reason, Verdict

_Index = QModelIndex | QPersistentModelIndex

_USER = int(Qt.ItemDataRole.UserRole)
NctIdRole = _USER + 1
VerdictRole = _USER + 2  # "fits" | "may_fit" | "not_a_fit"
TitleRole = _USER + 3
ConditionRole = _USER + 4
PhaseRole = _USER + 5  # plain words
PhaseKeysRole = _USER + 6  # ("PHASE1", ...) for the phase filter
AgesRole = _USER + 7
SiteRole = _USER + 8  # nearest site in words, "" if none
DistanceRole = _USER + 9  # float km, or None when not known
DistanceTextRole = _USER + 10
StatusRole = _USER + 11  # plain words
BadgeRole = _USER + 12  # "May fit — 3 things to check"
ToCheckRole = _USER + 13  # int
NearMissRole = _USER + 14  # bool
RankRole = _USER + 15  # matching's order (best first)
NotMetRole = _USER + 16  # for almost fits: what does not fit, in plain words
MatchRole = _USER + 17  # the finder Match itself
LinesRole = _USER + 18  # the card's fact lines, in the family's language
DistanceKeyRole = _USER + 19  # float for sorting: km, or infinity when not known (Qt compares it natively)
OpenRole = _USER + 20  # "See details ›": the card's last line, so a family sees the card opens

ROLE_NAMES: dict[int, bytes] = {
    NctIdRole: b"nctId",
    VerdictRole: b"verdict",
    TitleRole: b"title",
    ConditionRole: b"condition",
    PhaseRole: b"phase",
    PhaseKeysRole: b"phaseKeys",
    AgesRole: b"ages",
    SiteRole: b"site",
    DistanceRole: b"distance",
    DistanceTextRole: b"distanceText",
    StatusRole: b"status",
    BadgeRole: b"badge",
    ToCheckRole: b"toCheck",
    NearMissRole: b"nearMiss",
    RankRole: b"rank",
    NotMetRole: b"notMet",
    MatchRole: b"match",
    LinesRole: b"lines",
    DistanceKeyRole: b"distanceKey",
    OpenRole: b"open",
}


def _age_words(raw: str | None) -> str | None:
    """ "12 Years" -> "12", "6 Months" -> "6 months": the app's ages read "Ages 1 to 12"."""
    if not raw:
        return None
    parts = raw.split()
    if len(parts) == 2 and parts[1].lower().startswith("year"):
        return parts[0]
    return raw.lower()


def labelled(label_key: str, value: str, lang: str) -> str:
    """ "Illness: Neuroblastoma" with the colon the language uses (Chinese takes the full-width one)."""
    return f"{content.app_text(label_key, lang)}{'：' if lang == 'zh' else ': '}{value}"


def status_line(status: str | None, lang: str) -> str:
    """ "Status: Open — looking for people to join"; without the label when the registry gives none
    ("Status not given", not "Status: Status not given")."""
    text = content.status_text(status, lang)
    return labelled("label_status", text, lang) if status else text


def ages_text(match: Match, lang: str) -> str:
    low, high = _age_words(match.minimum_age), _age_words(match.maximum_age)
    if low and high:
        return content.app_text("ages_range", lang, min=low, max=high)
    if low:
        return content.app_text("ages_min_only", lang, min=low)
    if high:
        return content.app_text("ages_max_only", lang, max=high)
    return content.app_text("ages_any", lang)


def distance_text(km: float | None, lang: str) -> str:
    if km is None or math.isnan(km):
        return content.app_text("distance_unknown", lang)
    return content.app_text("distance_km", lang, km=f"{km:,.0f}")


def site_text(match: Match) -> str:
    site = match.nearest_site
    if site is None:
        return ""
    return ", ".join(p for p in (site.facility, site.city, site.country) if p)


def grouped(reasons: Sequence[Reason], lang: str) -> list[tuple[str, list[str]]]:
    """Reasons that say the same thing shown once, in `lang`, with all of their original texts.

    Grouped by the engine's English sentence, so the count is the same in every language (the badge's
    "N things to check" is the number of items the study page lists).
    """
    out: dict[str, tuple[str, list[str]]] = {}
    for reason in reasons:
        key = reason.explanation or reason.message_id or reason.criterion
        if key not in out:
            out[key] = (content.explanation(reason, lang), [])
        originals = out[key][1]
        if reason.criterion not in originals:
            originals.append(reason.criterion)
    return list(out.values())


def check_count(match: Match) -> int:
    return len({r.explanation or r.message_id or r.criterion for r in match.to_check})


def badge_text(match: Match, lang: str) -> str:
    return content.verdict_badge(
        match.verdict.value, lang, to_check=check_count(match), near_miss=match.near_miss
    )


class ResultsModel(QAbstractListModel):
    """Studies best first, as matching ranked them. `set_matches` replaces them all (a new answer)."""

    def __init__(self, lang: str = "en", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matches: list[Match] = []
        # Roles sorting and filtering read, made at once; the texts a card shows, made when first asked
        # (a "not sure" answer on a big store can list tens of thousands of studies).
        self._keys: list[dict[int, Any]] = []
        self._rows: list[dict[int, Any] | None] = []
        self._lang = lang

    # --- filling -------------------------------------------------------------------------------
    def set_matches(self, matches: Sequence[Match]) -> None:
        self.beginResetModel()
        self._matches = list(matches)
        self._keys = [self._key_roles(rank, m) for rank, m in enumerate(self._matches)]
        self._rows = [None] * len(self._matches)
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        if lang == self._lang:
            return
        self._lang = lang
        self._rows = [None] * len(self._matches)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    @property
    def matches(self) -> tuple[Match, ...]:
        return tuple(self._matches)

    def row_of(self, nct_id: str) -> int:
        for row, match in enumerate(self._matches):
            if match.nct_id == nct_id:
                return row
        return -1

    @staticmethod
    def _key_roles(rank: int, m: Match) -> dict[int, Any]:
        km = m.nearest_site.distance_km if m.nearest_site is not None else None
        return {
            NctIdRole: m.nct_id,
            VerdictRole: m.verdict.value,
            NearMissRole: m.near_miss,
            PhaseKeysRole: tuple(m.phases),
            DistanceRole: km,
            DistanceKeyRole: float(km) if km is not None else math.inf,
            RankRole: rank,
            MatchRole: m,
        }

    def _render(self, rank: int, m: Match) -> dict[int, Any]:
        lang = self._lang
        km = m.nearest_site.distance_km if m.nearest_site is not None else None
        badge = badge_text(m, lang)
        not_met = (
            "; ".join(content.explanation(r, lang) for r in m.not_met)
            if m.verdict is Verdict.NOT_A_FIT
            else ""
        )
        title = m.title or m.nct_id
        lines = []
        if m.conditions:
            lines.append(labelled("label_condition", ", ".join(m.conditions), lang))
        lines.append(content.phases_text(m.phases, lang))
        lines.append(ages_text(m, lang))
        site = site_text(m)
        if site:
            lines.append(labelled("label_nearest_site", f"{site} — {distance_text(km, lang)}", lang))
        lines.append(status_line(m.overall_status, lang))
        return {
            LinesRole: tuple(lines),
            OpenRole: f"{content.app_text('open_study', lang)} ›",
            NctIdRole: m.nct_id,
            VerdictRole: m.verdict.value,
            TitleRole: title,
            ConditionRole: ", ".join(m.conditions),
            PhaseRole: content.phases_text(m.phases, lang),
            PhaseKeysRole: tuple(m.phases),
            AgesRole: ages_text(m, lang),
            SiteRole: site_text(m),
            DistanceRole: km,
            DistanceTextRole: distance_text(km, lang) if m.nearest_site is not None else "",
            StatusRole: content.status_text(m.overall_status, lang),
            BadgeRole: badge,
            ToCheckRole: check_count(m),
            NearMissRole: m.near_miss,
            RankRole: rank,
            NotMetRole: not_met,
            MatchRole: m,
            int(Qt.ItemDataRole.DisplayRole): title,
            int(Qt.ItemDataRole.ToolTipRole): f"{badge}\n{title}",
            int(Qt.ItemDataRole.AccessibleTextRole): f"{badge}. {title}. {m.nct_id}",
        }

    # --- QAbstractListModel --------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default argument)
        return 0 if parent.isValid() else len(self._rows)

    def key_roles(self, row: int) -> dict[int, Any]:
        """The roles sorting and filtering read, for one row (the proxies' fast path)."""
        return self._keys[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()  # a list model's indexes never have a parent
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        keys = self._keys[row]
        if role in keys:
            return keys[role]
        rendered = self._rows[row]
        if rendered is None:
            rendered = self._rows[row] = self._render(row, self._matches[row])
        return rendered.get(int(role))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({role: QByteArray(name) for role, name in ROLE_NAMES.items()})
        return names
