"""Ranking: fits, then may_fit by fewest things to check then distance, then near misses; far studies are
kept but placed after those within reach."""

from __future__ import annotations

from finder.criteria.model import Kind
from finder.matching.engine import beyond_reach, rank
from finder.matching.results import Match, Reason, SiteDistance, Status, Verdict


def _reason(status: Status, kind: Kind = Kind.AGE, text: str = "item") -> Reason:
    return Reason("inclusion", text, kind, status, "because")


def _match(
    nct: str, verdict: Verdict, *, unknown: int = 0, not_met: int = 0, km: float | None = None
) -> Match:
    reasons = [_reason(Status.MET)] + [_reason(Status.UNKNOWN, Kind.LAB)] * unknown
    reasons += [_reason(Status.NOT_MET, Kind.WEIGHT, f"item {i}") for i in range(not_met)]
    site = None if km is None else SiteDistance("Hospital", "City", "Country", km)
    return Match(nct, verdict, tuple(reasons), title=nct, nearest_site=site)


def test_fits_then_may_fit_by_items_then_distance_then_near_misses() -> None:
    matches = [
        _match("NCT00000006", Verdict.NOT_A_FIT, not_met=2),
        _match("NCT00000005", Verdict.NOT_A_FIT, not_met=1),
        _match("NCT00000004", Verdict.MAY_FIT, unknown=3, km=5),
        _match("NCT00000003", Verdict.MAY_FIT, unknown=1, km=900),
        _match("NCT00000002", Verdict.MAY_FIT, unknown=1, km=20),
        _match("NCT00000001", Verdict.FITS, km=300),
    ]
    order = [m.nct_id for m in rank(matches)]
    assert order == [
        "NCT00000001",
        "NCT00000002",
        "NCT00000003",
        "NCT00000004",
        "NCT00000005",  # near miss before the study with two items not met
        "NCT00000006",
    ]
    assert matches[1].near_miss and not matches[0].near_miss


def test_a_study_for_another_disease_is_never_a_near_miss() -> None:
    other = Match("NCT00000001", Verdict.NOT_A_FIT, (_reason(Status.NOT_MET, Kind.DIAGNOSIS),), title="x")
    ages = Match(
        "NCT00000002", Verdict.NOT_A_FIT, (_reason(Status.NOT_MET), _reason(Status.NOT_MET)), title="y"
    )
    assert not other.near_miss
    assert ages.near_miss  # registry age limit and age item: one requirement


def test_beyond_max_distance_is_ranked_later_not_hidden() -> None:
    far = _match("NCT00000001", Verdict.MAY_FIT, unknown=1, km=900)
    near = _match("NCT00000002", Verdict.MAY_FIT, unknown=4, km=50)
    unlocated = _match("NCT00000003", Verdict.MAY_FIT, unknown=2)
    ranked = rank([far, near, unlocated], max_km=200)
    assert [m.nct_id for m in ranked] == ["NCT00000002", "NCT00000003", "NCT00000001"]
    assert beyond_reach(far, 200) and not beyond_reach(near, 200) and not beyond_reach(unlocated, 200)
    # without a limit, fewer things to check wins
    assert [m.nct_id for m in rank([far, near, unlocated])] == ["NCT00000001", "NCT00000003", "NCT00000002"]
