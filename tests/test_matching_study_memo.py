"""Study-level reasons are memoised across studies within one match; the memo key must hold everything the
reasons read. The diagnosis reason reads the title (the sponsor's own words), so two studies listing the
same conditions under different titles must not share it, whichever is judged first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from finder.answers import Age, Answers
from finder.matching.evaluate import EvalContext
from finder.matching.results import Status
from finder.matching.verdict import Judge, StudyFacts
from finder.vocabulary import load_vocabulary

CONDITIONS = ("Breast Cancer", "Cancer")


def _facts(nct_id: str, title: str) -> StudyFacts:
    vocab = load_vocabulary()
    concepts = vocab.concepts_in_text("\n".join(CONDITIONS))
    return StudyFacts(nct_id=nct_id, title=title, conditions=CONDITIONS, concepts=frozenset(concepts))


def _diagnosis_status(order: list[StudyFacts]) -> dict[str, Status]:
    vocab = load_vocabulary()
    answers = Answers(age=Age(45), diagnosis="AML")
    judge = Judge(answers, EvalContext(family_concept="aml", tree=vocab))
    return {f.nct_id: judge.study_reasons(f)[0].status for f in order}


def test_same_conditions_different_titles_are_judged_apart() -> None:
    breast = _facts("NCT09000801", "Drug X for Women With Breast Cancer")
    with_aml = _facts("NCT09000802", "Drug X in Breast Cancer and Acute Myeloid Leukemia")
    assert breast.concepts == with_aml.concepts  # the stored concepts cannot tell them apart
    expected = {"NCT09000801": Status.NOT_MET, "NCT09000802": Status.UNKNOWN}
    assert _diagnosis_status([breast, with_aml]) == expected
    assert _diagnosis_status([with_aml, breast]) == expected


def test_memo_key_table_is_bounded_and_never_gives_a_number_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    from finder.matching import verdict

    monkeypatch.setattr(verdict, "KEYS_BOUND", 4)
    monkeypatch.setattr(verdict, "_KEYS", {})
    numbers = [verdict._intern(("test", i)) for i in range(10)]
    assert len(set(numbers)) == 10  # distinct keys, distinct numbers, across three clears
    assert len(verdict._KEYS) <= 4
    again = verdict._intern(("test", 9))
    assert again == numbers[9]  # still in the table: the same number
    first_again = verdict._intern(("test", 0))
    assert first_again not in numbers  # emptied since: a new number, never another key's


def test_verdicts_do_not_change_when_the_key_table_is_emptied_mid_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from finder.matching import verdict

    breast = _facts("NCT09000801", "Drug X for Women With Breast Cancer")
    with_aml = _facts("NCT09000802", "Drug X in Breast Cancer and Acute Myeloid Leukemia")
    expected = _diagnosis_status([breast, with_aml])
    monkeypatch.setattr(verdict, "KEYS_BOUND", 1)  # every new key empties the table
    monkeypatch.setattr(verdict, "_KEYS", {})
    keyed = [replace(f, key=verdict.study_key(f)) for f in (breast, with_aml, breast)]
    assert keyed[0].key != keyed[1].key and keyed[2].key not in (keyed[0].key, keyed[1].key)
    assert _diagnosis_status(keyed) == expected
