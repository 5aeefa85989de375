"""Questions with one yes / no / not sure row per item: treatments so far, and a few health questions."""

from __future__ import annotations

import dataclasses

from finder import content
from finder.answers import TREATMENT_IDS, Answers
from ui.questions import texts
from ui.questions.base import QuestionPage
from ui.questions.widgets import TriStateRows

# The health items families can usually answer and that studies often ask about. cns_symptoms only
# matters when the disease reached the brain or spinal cord; pregnancy only where it may apply.
HEALTH_ASKED: tuple[str, ...] = (
    "cns_involvement",
    "cns_symptoms",
    "active_infection",
    "hiv",
    "hepatitis_b",
    "hepatitis_c",
    "heart_disease",
    "other_cancer",
    "pregnant",
    "breastfeeding",
)
_PREGNANCY_IDS = ("pregnant", "breastfeeding")


def pregnancy_applies(answers: Answers) -> bool:
    """Female and 10 or older; or sex not given and age unknown or 10 or older (finder.content's rule)."""
    return content.health_question_applies("pregnant", answers)


class _ChecklistPage(QuestionPage):
    ids: tuple[str, ...] = ()

    def build(self) -> None:
        self.rows = TriStateRows(self.ids, parent=self)
        self.body.addWidget(self.rows)

    def stored(self, answers: Answers) -> dict[str, bool]:
        raise NotImplementedError

    def store(self, answers: Answers, values: dict[str, bool]) -> Answers:
        raise NotImplementedError

    def label(self, rid: str) -> tuple[str, str]:
        raise NotImplementedError

    def load(self, answers: Answers) -> None:
        self.rows.set_values(self.stored(answers))

    def collect(self, answers: Answers) -> Answers | None:
        # Every row still on "Not sure" is simply left out: that is an answer too, so never None here.
        return self.store(answers, self.rows.values())

    def cleared(self, answers: Answers) -> Answers:
        return self.store(answers, {})

    def describe(self, answers: Answers) -> str | None:
        values = self.stored(answers)
        if not values:
            return None
        yes = [self.label(rid)[0] for rid in self.ids if values.get(rid) is True]
        no = [self.label(rid)[0] for rid in self.ids if values.get(rid) is False]
        parts = []
        if yes:
            parts.append(f"{texts.common('yes', self.lang, 'Yes')}: {', '.join(yes)}")
        if no:
            parts.append(f"{texts.common('no', self.lang, 'No')}: {', '.join(no)}")
        return "\n".join(parts)

    def choice_texts(self) -> dict[str, str]:
        return {
            "yes": texts.common("yes", self.lang, "Yes"),
            "no": texts.common("no", self.lang, "No"),
            "not_sure": texts.common("not_sure", self.lang, "Not sure"),
        }

    def retranslate_body(self) -> None:
        choice_texts = self.choice_texts()
        for rid in self.ids:
            label, explain = self.label(rid)
            self.rows.set_texts(rid, label, explain, choice_texts)


class TreatmentsPage(_ChecklistPage):
    topic = "treatments"
    ids = TREATMENT_IDS

    def stored(self, answers: Answers) -> dict[str, bool]:
        return dict(answers.treatments)

    def store(self, answers: Answers, values: dict[str, bool]) -> Answers:
        return dataclasses.replace(answers, treatments=values)

    def label(self, rid: str) -> tuple[str, str]:
        return texts.treatment(rid, self.lang)

    def choice_texts(self) -> dict[str, str]:
        return {
            "yes": texts.option(self.topic, "had", self.lang, "Yes"),
            "no": texts.option(self.topic, "not_had", self.lang, "No"),
            "not_sure": texts.common("not_sure", self.lang, "Not sure"),
        }


class HealthPage(_ChecklistPage):
    topic = "health"
    ids = HEALTH_ASKED

    def build(self) -> None:
        super().build()
        for choice in ("yes", "no", "not_sure"):
            self.rows.button("cns_involvement", choice).toggled.connect(self._cns_follow_up)

    def _cns_follow_up(self) -> None:
        # Symptoms only matter when the disease reached the brain or spinal cord (or it is not known).
        self.rows.set_row_visible("cns_symptoms", not self.rows.button("cns_involvement", "no").isChecked())

    def load(self, answers: Answers) -> None:
        super().load(answers)
        applies = pregnancy_applies(answers)
        for rid in _PREGNANCY_IDS:
            self.rows.set_row_visible(rid, applies)
        self._cns_follow_up()

    def stored(self, answers: Answers) -> dict[str, bool]:
        return {k: v for k, v in answers.health.items() if k in self.ids}

    def store(self, answers: Answers, values: dict[str, bool]) -> Answers:
        # Keep health items this page does not ask (other tools may set them), replace the asked ones.
        kept = {k: v for k, v in answers.health.items() if k not in self.ids}
        if not pregnancy_applies(answers):
            values = {k: v for k, v in values.items() if k not in _PREGNANCY_IDS}
        return dataclasses.replace(answers, health={**kept, **values})

    def label(self, rid: str) -> tuple[str, str]:
        return texts.health(rid, self.lang, self.state.subject)
