"""Bundled content: complete in all three languages, placeholders agree, Simplified Chinese, and the
finder.content functions return what the UI needs."""

from __future__ import annotations

import json
import string
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from finder import content
from finder.answers import HEALTH_IDS, PERFORMANCE_SCALES, TREATMENT_IDS, Age, Answers
from finder.criteria.model import Kind
from finder.matching import messages
from finder.matching.results import Reason, Status
from resources import resource

KINDS = ("questions", "faq", "glossary", "app")
OTHER_LANGS = ("es", "zh")
# Common characters that exist only in Traditional Chinese; the Simplified text uses 这 们 个 说 时 为 ...
TRADITIONAL_ONLY = set(
    "這們個說時為對會來後過還與醫療藥體檢見應擇選發現開關問題請確認證須務實際劑輸險經護結單種類"
    "讓無從當點東車長門間陽隊雙電頭飛魚鳥麼齊龍帶幫歲歷氣濟爾獨環產畫盡監禮稱積穩筆節範簡紀約紅級紙組"
    "細終給絕統線練縣總繼續習聯聲職腦臟臨舉藝號術衛補裡製複親觀計訂記訪設許診試詢話該誤課調談講議讀變"
    "負費資質購輕農運達遠適遺邊鄉針錯鏡陣陰隨難雜離顯風飯館驗髮鬥麼黨腫癥狀獲準歡"
)


@pytest.fixture(autouse=True)
def no_silent_fallback() -> Iterator[None]:
    # A text missing in Spanish or Chinese must fail here, never quietly show English.
    with warnings.catch_warnings():
        warnings.simplefilter("error", content.ContentFallbackWarning)
        yield


def raw(lang: str, kind: str) -> dict[str, Any]:
    return dict(json.loads(resource("content", lang, f"{kind}.json").read_text("utf-8")))


def leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, (*path, str(i)))
    else:
        yield path, node


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# --- completeness across languages ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_same_keys_as_english(kind: str, lang: str) -> None:
    en = {p for p, _ in leaves(raw("en", kind))}
    other = {p for p, _ in leaves(raw(lang, kind))}
    assert sorted(en - other) == [], f"missing in {lang}"
    assert sorted(other - en) == [], f"extra keys in {lang} (not in English)"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", content.LANGUAGES)
def test_no_empty_text(kind: str, lang: str) -> None:
    empty = [".".join(p) for p, v in leaves(raw(lang, kind)) if not isinstance(v, str) or not v.strip()]
    assert empty == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_placeholders_agree(kind: str, lang: str) -> None:
    en = dict(leaves(raw("en", kind)))
    bad = [
        f"{'.'.join(p)}: {placeholders(en[p])} vs {placeholders(v)}"
        for p, v in leaves(raw(lang, kind))
        if p in en and placeholders(en[p]) != placeholders(v)
    ]
    assert bad == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_nothing_left_in_english(kind: str, lang: str) -> None:
    # A sentence identical to the English one was not translated (short names like "B7-H3" may stay).
    en = dict(leaves(raw("en", kind)))
    same = [".".join(p) for p, v in leaves(raw(lang, kind)) if len(str(v).split()) >= 3 and en.get(p) == v]
    assert same == []


def test_chinese_is_simplified() -> None:
    found = []
    for kind in KINDS:
        for path, text in leaves(raw("zh", kind)):
            hits = sorted(set(str(text)) & TRADITIONAL_ONLY)
            if hits:
                found.append(f"{kind}:{'.'.join(path)}: {''.join(hits)}")
    node = resource("content", "explanations.json")
    if node.is_file():
        for mid, texts in json.loads(node.read_text("utf-8")).items():
            hits = sorted(set(str(texts.get("zh", ""))) & TRADITIONAL_ONLY) if isinstance(texts, dict) else []
            if hits:
                found.append(f"explanations:{mid}: {''.join(hits)}")
    assert found == []


def test_simplified_check_would_catch_traditional() -> None:
    assert set("這個研究對孩子來說") & TRADITIONAL_ONLY
    assert not set("这个研究对孩子来说") & TRADITIONAL_ONLY


def test_explanations_catalogue_complete_if_present() -> None:
    node = resource("content", "explanations.json")
    if not node.is_file():
        pytest.skip("resources/content/explanations.json not written yet (matching engineer)")
    catalogue = json.loads(node.read_text("utf-8"))
    problems = []
    for mid, texts in catalogue.items():
        if mid.startswith("_"):
            continue  # a comment key
        for lang in content.LANGUAGES:
            if not str(texts.get(lang, "")).strip():
                problems.append(f"{mid}: no {lang}")
        for lang in OTHER_LANGS:
            if texts.get(lang) and placeholders(texts[lang]) != placeholders(texts.get("en", "")):
                problems.append(f"{mid}: placeholders differ in {lang}")
    assert problems == []


# --- the API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", content.LANGUAGES)
@pytest.mark.parametrize("audience", content.AUDIENCES)
def test_every_question_has_title_help_not_sure_and_skip(lang: str, audience: str) -> None:
    for topic in content.TOPICS:
        q = content.question(topic, lang, audience)
        assert q.topic == topic and q.title.strip() and q.help.strip()
        assert q.options["not_sure"] == content.common("not_sure", lang)
        assert q.options["skip"] == content.common("skip", lang)


def test_questions_speak_to_the_chosen_audience() -> None:
    assert "your child" in content.question("age", "en", "child").title
    assert content.question("age", "en", "self").title == "How old are you?"
    assert content.question("age", "en", "other").title != content.question("age", "en", "child").title
    assert content.question("age", "zh", "self").title != content.question("age", "zh", "child").title


def test_choices_carry_their_ids() -> None:
    status = content.question("disease_status", "es")
    for sid in ("newly_diagnosed", "relapsed", "refractory", "in_remission"):
        assert status.options[sid] and status.option_help[sid]
    assert "recaída" in status.options["relapsed"]
    assert "refractario" in status.options["refractory"]
    assert "复发" in content.question("disease_status", "zh").options["relapsed"]
    assert "难治" in content.question("disease_status", "zh").options["refractory"]
    assert set(content.question("location", "en").options) >= set(content.DISTANCE_CHOICES_KM)
    assert {"years", "months"} <= set(content.question("age", "zh").options)
    assert {"kg", "lb"} <= set(content.question("weight", "es").options)
    assert content.question("diagnosis", "en").options["dont_know"] == "I don't know the exact name"


@pytest.mark.parametrize("lang", content.LANGUAGES)
def test_every_treatment_and_health_item_has_text(lang: str) -> None:
    labels = [content.treatment_label(t, lang) for t in TREATMENT_IDS]
    assert all(lb.label and lb.explain for lb in labels)
    assert len({lb.label for lb in labels}) == len(TREATMENT_IDS)  # no two look the same
    health = [content.health_label(h, lang) for h in HEALTH_IDS]
    assert all(h.label and h.explain for h in health)
    assert len({h.label for h in health}) == len(HEALTH_IDS)


def test_unknown_ids_are_errors_not_blank_text() -> None:
    with pytest.raises(content.ContentError):
        content.treatment_label("magic", "en")
    with pytest.raises(content.ContentError):
        content.health_label("magic", "en")
    with pytest.raises(content.ContentError):
        content.question("favourite_colour", "en")
    with pytest.raises(content.ContentError):
        content.activity_levels("nyha", "en")


def test_pregnancy_questions_only_where_they_apply() -> None:
    assert content.health_label("pregnant", "en").applies_to == "female_10_plus"
    assert content.health_label("hiv", "en").applies_to is None
    assert not content.health_question_applies("pregnant", Answers(sex="male"))
    assert not content.health_question_applies("breastfeeding", Answers(age=Age(6)))
    assert content.health_question_applies("pregnant", Answers(sex="female", age=Age(15)))
    assert content.health_question_applies("pregnant", Answers())  # unknown: ask
    assert content.health_question_applies("hiv", Answers(sex="male", age=Age(2)))


def test_activity_scales_match_the_published_scores() -> None:
    lansky = content.activity_levels("lansky", "en")
    assert [s for s, _ in lansky] == list(range(100, 0, -10))  # most active first; 0 (unresponsive) left out
    assert dict(lansky)[100].startswith("Fully active")
    assert "tires more quickly" in dict(lansky)[80]
    assert "quiet" in dict(lansky)[60]
    assert "Mostly in bed" in dict(lansky)[40]
    assert [s for s, _ in content.activity_levels("karnofsky", "en")] == list(range(100, 0, -10))
    assert [s for s, _ in content.activity_levels("ecog", "en")] == [0, 1, 2, 3, 4]
    for lang in content.LANGUAGES:
        for scale in PERFORMANCE_SCALES:
            levels = content.activity_levels(scale, lang)
            assert [s for s, _ in levels] == [s for s, _ in content.activity_levels(scale, "en")]
            assert len({t for _, t in levels}) == len(levels)
            assert content.activity_intro(scale, lang)


def test_scale_for_age() -> None:
    assert content.scale_for_age(6) == "lansky"
    assert content.scale_for_age(15.9) == "lansky"
    assert content.scale_for_age(16) == "karnofsky"
    assert content.scale_for_age(None) == "lansky"
    assert content.scale_for_age(None, "self") == "karnofsky"


@pytest.mark.parametrize("lang", content.LANGUAGES)
def test_faq_glossary_and_steps(lang: str) -> None:
    entries = content.faq(lang)
    assert len(entries) >= 10
    assert [e.id for e in entries] == [e.id for e in content.faq("en")]
    assert all(e.question and e.answer for e in entries)
    terms = content.glossary(lang)
    assert len(terms) >= 20
    assert all(g.term and g.meaning for g in terms)
    steps = content.contact_steps(lang)
    assert len(steps) >= 4


def test_glossary_covers_the_words_families_trip_on() -> None:
    ids = {g.id for g in content.glossary("en")}
    wanted = {
        "relapsed", "refractory", "remission", "phase", "open_label", "randomized", "placebo",
        "lymphodepletion", "car_t", "biomarker", "mibg", "b7h3", "lansky", "karnofsky", "ecog",
        "informed_consent", "eligibility", "investigator", "sponsor", "enrollment", "inclusion_criteria",
        "exclusion_criteria", "stem_cell_transplant", "cns", "dose_escalation", "pharmacokinetics",
    }  # fmt: skip
    assert wanted <= ids


def test_contact_steps_say_what_to_have_ready_and_that_pre_screening_is_free() -> None:
    steps = " ".join(content.contact_steps("en")).lower()
    for needed in ("doctor", "pathology", "biomarker", "blood tests", "treatments", "free", "pre-screening"):
        assert needed in steps


def test_phase_and_status_wording() -> None:
    assert content.phase_text("PHASE1", "en").startswith("Phase 1: the first tests in people")
    assert content.phase_text("phase2", "en").startswith("Phase 2")
    assert content.phase_text(None, "en") == "Phase not given"
    assert content.phase_text("PHASE9", "en") == "Phase not given"
    assert content.phases_text(["PHASE1", "PHASE2"], "en").count(" / ") == 1
    for lang in content.LANGUAGES:
        texts = [content.phase_text(p, lang) for p in content.PHASES]
        assert len(set(texts)) == len(texts)
        statuses = [content.status_text(s, lang) for s in content.STATUSES]
        assert len(set(statuses)) == len(statuses)
        assert content.status_text(None, lang) == content.status_text("NONE", lang)
        assert content.status_text("SOMETHING_NEW", lang) == content.status_text(None, lang)
    assert content.status_text(None, "en") == "Status not given"
    assert content.status_text("RECRUITING", "es").startswith("Abierto")


def test_app_text_fills_placeholders() -> None:
    assert content.app_text("kiosk_countdown", "en", seconds=30).endswith("in 30 seconds.")
    assert "30" in content.app_text("kiosk_countdown", "zh", seconds=30)
    assert content.app_text("data_updated", "es", date="2026-05-15").endswith("2026-05-15")
    assert "{" not in content.app_text("snapshot_note", "en", date="2026-05-15")
    assert "registered" in content.app_text("registered_text_note", "en")
    for key in ("kiosk_still_there", "start_over", "heading_why_fit", "heading_to_check", "heading_not_fit",
                "heading_original", "heading_take_part", "heading_where", "privacy_note", "start_intro",
                "empty_body", "who_child", "who_self", "who_other"):  # fmt: skip
        assert content.app_text(key, "zh")


def test_verdict_badges() -> None:
    assert content.verdict_badge("fits", "en") == "Good fit"
    assert content.verdict_badge("may_fit", "en", to_check=3) == "May fit — 3 things to check"
    assert content.verdict_badge("may_fit", "en", to_check=1) == "May fit — 1 thing to check"
    assert content.verdict_badge("may_fit", "en", to_check=0) == "May fit"
    assert content.verdict_badge("not_a_fit", "en", near_miss=True) == "Almost fits"
    assert content.verdict_badge("not_a_fit", "en") == "Not a fit"
    assert "3" in content.verdict_badge("may_fit", "es", to_check=3)


def test_numbers_read_naturally() -> None:
    assert content.fill("{n} weeks", {"n": 4.0}) == "4 weeks"
    assert content.fill("{n} years", {"n": 1.5}) == "1.5 years"
    assert content.fill("{n:.2f}", {"n": 1.5}) == "1.50"


# --- fallback and explanations ---------------------------------------------------------------------


def test_an_unknown_language_falls_back_to_english_loudly() -> None:
    with pytest.warns(content.ContentFallbackWarning):
        assert content.question("age", "fr").title == content.question("age", "en").title


def _reason(message_id: str = "", args: dict[str, Any] | None = None) -> Reason:
    return Reason(
        side="inclusion",
        criterion="Aged 1-12 years",
        kind=Kind.AGE,
        status=Status.MET,
        explanation="Your child is 6; this study takes ages 1 to 12.",
        message_id=message_id,
        message_args=args or {},
    )


def test_explanation_renders_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = {
        "age.in_range": {
            "en": "Your child is {age}; this study takes ages {min} to {max}.",
            "es": "Su hijo tiene {age}; este estudio acepta de {min} a {max} años.",
            "zh": "孩子{age}岁；这项研究接收{min}到{max}岁。",
        },
        "only.en": {"en": "English only {x}."},
    }
    monkeypatch.setattr(messages, "catalogue", lambda: catalogue)
    args = {"age": 6.0, "min": 1, "max": 12}
    assert content.explanation(_reason("age.in_range", args), "zh") == "孩子6岁；这项研究接收1到12岁。"
    assert content.explanation(_reason("age.in_range", args), "es").startswith("Su hijo tiene 6;")
    with pytest.warns(content.ContentFallbackWarning):
        assert content.explanation(_reason("only.en", {"x": 1}), "es") == "English only 1."
    # a template whose argument is missing: the engine's own English sentence, never a half-filled template
    with pytest.warns(content.ContentFallbackWarning):
        text = content.explanation(_reason("age.in_range", {"age": 6}), "es")
    assert text == "Your child is 6; this study takes ages 1 to 12."


def test_explanation_without_a_catalogue_entry_uses_the_engine_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "catalogue", lambda: {})
    assert content.explanation(_reason("age.in_range"), "en") == _reason().explanation
    with pytest.warns(content.ContentFallbackWarning):
        assert content.explanation(_reason(), "zh") == _reason().explanation


def _shares_a_word(a: str, b: str, lang: str) -> bool:
    if lang == "zh":  # no spaces: any two characters in common
        return any(a[i : i + 2] in b for i in range(len(a) - 1))
    words_a = {w.strip("()").lower() for w in a.split() if len(w.strip("()")) >= 4}
    return any(w in b.lower() for w in words_a)


def test_treatment_labels_agree_with_the_vocabulary_if_present() -> None:
    # The vocabulary (engineer E) also labels treatments for its own lists; both must name the same
    # treatment in every language, and cover the same ids. Wording may differ a little.
    node = resource("vocabulary", "treatments.json")
    if not node.is_file():
        pytest.skip("resources/vocabulary/treatments.json not written yet (vocabulary engineer)")
    entries = json.loads(node.read_text("utf-8"))["treatments"]
    assert {t["id"] for t in entries} == set(TREATMENT_IDS)
    differ = [
        f"{t['id']} {lang}: {t['label'][lang]!r} vs {content.treatment_label(t['id'], lang).label!r}"
        for t in entries
        for lang in content.LANGUAGES
        if not _shares_a_word(content.treatment_label(t["id"], lang).label, t["label"][lang], lang)
    ]
    assert differ == []


def test_explanation_with_the_real_catalogue() -> None:
    node = resource("content", "explanations.json")
    if not node.is_file():
        pytest.skip("resources/content/explanations.json not written yet (matching engineer)")
    reason = _reason("age.met", {"age": 6.0, "limits": "1-12"})
    assert content.explanation(reason, "zh") == "您的孩子6岁；这项研究接受1-12岁的人。"
    assert content.explanation(reason, "es").startswith("Su hijo o hija tiene 6 años")
    assert content.explanation(reason, "en").startswith("Your child is 6 years old")
    # an argument that names a treatment is shown in the family's language
    with_term = [mid for mid, t in messages.catalogue().items() if "{treatments}" in t.get("en", "")]
    if with_term:
        text = content.explanation(
            _reason(with_term[0], {"treatments": ["@term.treatment.chemotherapy"]}), "zh"
        )
        assert "化疗" in text and "@term" not in text


def test_contact_steps_speak_to_the_chosen_audience() -> None:
    for lang in content.LANGUAGES:
        child, me, other = (content.contact_steps(lang, a) for a in content.AUDIENCES)
        assert len(child) == len(me) == len(other)
        assert child[0] != me[0] != other[0]
    assert "your child" not in " ".join(content.contact_steps("en", "self"))


def test_glossary_for_the_seed_study_text() -> None:
    text = (
        "This is a single arm, open-label, phase I, dose escalation study of CNK-UT cells in "
        "relapsed/refractory neuroblastoma. Lansky score>60. Tumor tissue expresses B7-H3 by IHC. "
        "Participants with MIBG non-avid disease. Received chemotherapy (excluding lymphodepletion) "
        "within 4 weeks or 5 half-lives."
    )
    ids = [g.id for g in content.glossary_for_text(text, "zh")]
    for gid in ("relapsed", "refractory", "open_label", "phase", "dose_escalation", "lansky", "b7h3", "mibg",
                "lymphodepletion", "single_arm", "ihc", "half_life"):  # fmt: skip
        assert gid in ids
    assert "placebo" not in ids and "ecog" not in ids
    assert ids == [g.id for g in content.glossary("zh") if g.id in ids]  # glossary order
    assert content.glossary_for_text("", "en") == []


def test_every_glossary_entry_can_be_found_in_trial_text_or_is_general() -> None:
    # Terms without a pattern are general words a family looks up from the FAQ, not from trial text.
    general = {"clinical_trial", "recruiting", "standard_of_care"}
    ids = {g.id for g in content.glossary("en")}
    patterns = set(content._glossary_patterns())
    assert ids - patterns <= general
    assert patterns <= ids


def test_follow_up_health_question_only_after_its_parent() -> None:
    assert content.health_question_applies("cns_symptoms", Answers())
    assert content.health_question_applies("cns_symptoms", Answers(health={"cns_involvement": True}))
    assert not content.health_question_applies("cns_symptoms", Answers(health={"cns_involvement": False}))


def test_pseudo_localisation_is_longer_and_keeps_placeholders() -> None:
    en = content.app_text("kiosk_countdown", "en")
    ps = content.app_text("kiosk_countdown", content.PSEUDO_LANG)
    assert "{seconds}" in ps and len(ps) >= 1.3 * len(en) and ps != en
    filled = content.app_text("kiosk_countdown", content.PSEUDO_LANG, seconds=9)
    assert "9" in filled and "{" not in filled
    q = content.question("age", content.PSEUDO_LANG, "self")
    assert q.title.startswith("[") and q.options["not_sure"].startswith("[")
    assert len(content.faq(content.PSEUDO_LANG)) == len(content.faq("en"))
    assert content.explanation(_reason(), content.PSEUDO_LANG).startswith("[")


def test_no_false_promises_and_the_care_team_decides() -> None:
    english = " ".join(str(v) for kind in KINDS for _, v in leaves(raw("en", kind))).lower()
    for promise in ("guarantee", "will cure", "will work", "miracle", "best treatment", "100%", "risk-free"):
        assert promise not in english
    assert "care team" in content.app_text("start_intro", "en")
    assert "does not give medical advice" in content.app_text("start_intro", "en")
    decides = next(e for e in content.faq("en") if e.id == "how_app_decides").answer
    assert "mistakes" in decides and "care team" in decides
    privacy = next(e for e in content.faq("en") if e.id == "privacy").answer
    assert "not saved" in privacy and "internet" in privacy


def test_glossary_names_the_english_word_the_study_text_uses() -> None:
    zh = {g.id: g for g in content.glossary("zh")}
    assert zh["refractory"].term == "难治" and zh["refractory"].english_term == "Refractory"
    es = {g.id: g for g in content.glossary("es")}
    assert es["relapsed"].term == "Recaída" and es["relapsed"].english_term == "Relapsed"
