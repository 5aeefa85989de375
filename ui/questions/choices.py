"""Questions answered by picking one line: sex, where the illness stands, and daily activity."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel

from finder import content
from finder.answers import DISEASE_STATUSES, Answers, Performance, Scale
from ui.questions import texts
from ui.questions.base import QuestionPage
from ui.questions.widgets import ChoiceList


class SexPage(QuestionPage):
    topic = "sex"

    def build(self) -> None:
        self.choices = ChoiceList(["female", "male"], parent=self)
        self.body.addWidget(self.choices)

    def load(self, answers: Answers) -> None:
        self.choices.select(answers.sex)

    def collect(self, answers: Answers) -> Answers | None:
        key = self.choices.selected()
        if key is None:
            return None
        return dataclasses.replace(answers, sex="female" if key == "female" else "male")

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, sex=None)

    def describe(self, answers: Answers) -> str | None:
        return texts.option(self.topic, answers.sex, self.lang) if answers.sex else None

    def retranslate_body(self) -> None:
        for key in self.choices.options():
            self.choices.set_text(key, texts.option(self.topic, key, self.lang))


class DiseaseStatusPage(QuestionPage):
    topic = "disease_status"

    def build(self) -> None:
        self.choices = ChoiceList(list(DISEASE_STATUSES), parent=self)
        self.body.addWidget(self.choices)

    def load(self, answers: Answers) -> None:
        self.choices.select(answers.disease_status)

    def collect(self, answers: Answers) -> Answers | None:
        key = self.choices.selected()
        if key is None:
            return None
        status = next(s for s in DISEASE_STATUSES if s == key)
        return dataclasses.replace(answers, disease_status=status)  # type: ignore[arg-type]

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, disease_status=None)

    def describe(self, answers: Answers) -> str | None:
        status = answers.disease_status
        return texts.option(self.topic, status, self.lang) if status else None

    def retranslate_body(self) -> None:
        for key in self.choices.options():
            self.choices.set_text(
                key, texts.option(self.topic, key, self.lang), texts.option_help(self.topic, key, self.lang)
            )


def activity_scale(answers: Answers, subject: str) -> str:
    """The scale to ask with. Under 16: Lansky (how a child plays). A young person of 16 or more whom the
    family asks about as "my child": Karnofsky, as children's protocols do for teens. An adult ("me",
    "someone I care for", 16 or older or age not given): the five ECOG steps, which most adult studies use
    and which are far easier to choose from than ten Karnofsky lines. finder.matching converts between the
    scales; where a converted score cannot settle a limit it leaves it for the care team, never out."""
    scale = content.scale_for_age(answers.age.years if answers.age else None, subject)
    return "ecog" if scale == "karnofsky" and subject != "child" else scale


class ActivityPage(QuestionPage):
    topic = "performance"
    SCALES: tuple[Scale, ...] = ("lansky", "karnofsky", "ecog")

    def build(self) -> None:
        self.intro = QLabel(self)
        self.intro.setObjectName("fieldLabel")
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        self.lists: dict[str, ChoiceList] = {}
        for scale in self.SCALES:
            scores = [str(score) for score, _ in texts.activity_levels(scale, "en")]
            self.lists[scale] = ChoiceList(scores, parent=self)
            self.lists[scale].setObjectName(f"activity_{scale}")
            self.body.addWidget(self.lists[scale])
        self.scale: Scale = "lansky"

    def load(self, answers: Answers) -> None:
        self.scale = next(s for s in self.SCALES if s == activity_scale(answers, self.state.subject))
        for scale, choices in self.lists.items():
            choices.setVisible(scale == self.scale)
        self.intro.setText(texts.activity_intro(self.scale, self.lang))
        perf = answers.performance
        shown = self.lists[self.scale]
        shown.select(f"{perf.value:g}" if perf is not None and perf.scale == self.scale else None)

    def collect(self, answers: Answers) -> Answers | None:
        key = self.lists[self.scale].selected()
        if key is None:
            return None
        return dataclasses.replace(answers, performance=Performance(self.scale, float(key)))

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, performance=None)

    def describe(self, answers: Answers) -> str | None:
        perf = answers.performance
        if perf is None:
            return None
        levels = dict(texts.activity_levels(perf.scale, self.lang))
        return levels.get(int(perf.value), f"{perf.scale} {perf.value:g}")

    def retranslate_body(self) -> None:
        self.intro.setText(texts.activity_intro(self.scale, self.lang))
        for scale, choices in self.lists.items():
            for score, text in texts.activity_levels(scale, self.lang):
                if str(score) in choices.options():
                    choices.set_text(str(score), text)
