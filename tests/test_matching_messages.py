"""The explanation catalogue: every message in three languages with the same placeholders."""

from __future__ import annotations

import string

from finder.matching.messages import LANGUAGES, catalogue, message_id_for, number, render


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_all_languages_with_identical_placeholders() -> None:
    cat = catalogue()
    assert len(cat) > 50
    for key, entry in cat.items():
        assert set(entry) == set(LANGUAGES), key
        for lang in LANGUAGES:
            assert entry[lang].strip(), (key, lang)
        en = _fields(entry["en"])
        assert _fields(entry["es"]) == en, key
        assert _fields(entry["zh"]) == en, key


def test_subject_variants_exist_together() -> None:
    cat = catalogue()
    for key in cat:
        if key.endswith(".self"):
            base = key.removesuffix(".self")
            assert base in cat and f"{base}.other" in cat, key


def test_render_translates_terms_and_joins_lists() -> None:
    args = {"treatments": ["@term.treatment.chemotherapy", "@term.treatment.radiotherapy"]}
    assert render("treatment.excluded", args, "en").startswith(
        "This study leaves out anyone who has had chemo"
    )
    assert "quimioterapia / radioterapia" in render("treatment.excluded", args, "es")
    assert "化疗" in render("treatment.excluded", args, "zh")


def test_subject_variant_falls_back_to_base() -> None:
    assert message_id_for("age.met", "self") == "age.met.self"
    assert message_id_for("age.met", "other") == "age.met.other"
    assert message_id_for("check.lab", "self") == "check.lab"


def test_number_formatting() -> None:
    assert [number(v) for v in (6.0, 1.5, 9.0718, 0.25, 12)] == ["6", "1.5", "9.1", "0.25", "12"]


def test_forget_answers_drops_memoised_explanations() -> None:
    from finder.answers import Age, Answers
    from finder.criteria.model import Criterion, Kind, RangeRule
    from finder.matching.engine import forget_answers
    from finder.matching.evaluate import evaluate
    from finder.matching.messages import _render_en

    evaluate(Criterion("inclusion", "x", Kind.AGE, RangeRule("age_years", 1, 12)), Answers(age=Age(7)))
    assert _render_en.cache_info().currsize > 0
    forget_answers()
    assert _render_en.cache_info().currsize == 0
