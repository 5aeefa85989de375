"""Questions answered with a number and a unit: age (years or months, babies too), weight (kg or lb) and
time since the last treatment (days, weeks or months)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit

from finder.answers import Age, Answers, Weight
from ui.questions import texts
from ui.questions.base import InputProblem, QuestionPage
from ui.questions.widgets import ChoiceList

_WEEKS_PER = {"days": 1 / 7, "weeks": 1.0, "months": 4.345}


def _number(value: float) -> str:
    return f"{value:g}"


class NumberUnitPage(QuestionPage):
    units: tuple[str, ...] = ()
    maximum: ClassVar[dict[str, float]] = {}

    def build(self) -> None:
        self.value_label = QLabel(self)
        self.value_label.setObjectName("fieldLabel")
        self.number = QLineEdit(self)
        self.number.setObjectName("numberInput")
        self.number.setMaxLength(7)
        # A comma is a decimal mark in Spanish: accept both.
        number_pattern = QRegularExpression(r"\d{0,4}([.,]\d{0,2})?")
        self.number.setValidator(QRegularExpressionValidator(number_pattern, self))
        self.value_label.setBuddy(self.number)
        self.unit = ChoiceList(list(self.units), horizontal=True, parent=self)
        self.unit.select(self.units[0])
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.number)
        row.addWidget(self.unit, 1)
        self.body.addWidget(self.value_label)
        self.body.addLayout(row)

    def typed(self) -> float | None:
        text = self.number.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            # A fixed context (not self.tr): in a base class self.tr looks up each subclass's name.
            message = QCoreApplication.translate(
                "NumberUnitPage", "Please type a number, or choose “Not sure”."
            )
            raise InputProblem(message) from None

    def checked_value(self) -> tuple[float, str] | None:
        value, unit = self.typed(), self.unit.selected() or self.units[0]
        if value is None:
            return None
        if (value <= 0 and self.topic != "age") or value > self.maximum[unit]:
            raise InputProblem(
                QCoreApplication.translate(
                    "NumberUnitPage", "That number looks too large or too small. Please check it."
                )
            )
        return value, unit

    def show_value(self, value: float | None, unit: str | None) -> None:
        self.number.setText("" if value is None else _number(value))
        self.unit.select(unit or self.units[0])

    def retranslate_body(self) -> None:
        self.value_label.setText(texts.extra(self.topic, "value_label", self.lang))
        self.number.setAccessibleName(texts.extra(self.topic, "value_label", self.lang) or self.topic)
        for unit in self.units:
            self.unit.set_text(unit, texts.option(self.topic, unit, self.lang))


class AgePage(NumberUnitPage):
    topic = "age"
    units = ("years", "months")
    maximum: ClassVar[dict[str, float]] = {"years": 130, "months": 1560}

    def load(self, answers: Answers) -> None:
        age = answers.age
        self.show_value(age.value if age else None, age.unit if age else None)

    def collect(self, answers: Answers) -> Answers | None:
        got = self.checked_value()
        if got is None:
            return None
        return dataclasses.replace(answers, age=Age(got[0], "months" if got[1] == "months" else "years"))

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, age=None)

    def describe(self, answers: Answers) -> str | None:
        age = answers.age
        return f"{_number(age.value)} {texts.option('age', age.unit, self.lang).lower()}" if age else None


class WeightPage(NumberUnitPage):
    topic = "weight"
    units = ("kg", "lb")
    maximum: ClassVar[dict[str, float]] = {"kg": 500, "lb": 1100}

    def load(self, answers: Answers) -> None:
        weight = answers.weight
        self.show_value(weight.value if weight else None, weight.unit if weight else None)

    def collect(self, answers: Answers) -> Answers | None:
        got = self.checked_value()
        if got is None:
            return None
        return dataclasses.replace(answers, weight=Weight(got[0], "lb" if got[1] == "lb" else "kg"))

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, weight=None)

    def describe(self, answers: Answers) -> str | None:
        weight = answers.weight
        return f"{_number(weight.value)} {weight.unit}" if weight else None


class LastTreatmentPage(NumberUnitPage):
    topic = "weeks_since_last_treatment"
    units = ("weeks", "days", "months")
    maximum: ClassVar[dict[str, float]] = {"days": 9999, "weeks": 5000, "months": 1200}

    def build(self) -> None:
        super().build()
        self.special = ChoiceList(["still_on_treatment", "no_treatment_yet"], parent=self)
        self.body.addWidget(self.special)
        self.special.changed.connect(lambda _key: self.number.clear())
        self.number.textEdited.connect(lambda _text: self.special.select(None))
        self._no_treatment = False

    def load(self, answers: Answers) -> None:
        weeks = answers.weeks_since_last_treatment
        if weeks == 0:
            self.show_value(None, "weeks")
            self.special.select("still_on_treatment")
        else:
            self.show_value(weeks, "weeks")
            self.special.select("no_treatment_yet" if weeks is None and self._no_treatment else None)

    def collect(self, answers: Answers) -> Answers | None:
        special = self.special.selected()
        self._no_treatment = special == "no_treatment_yet"
        if special == "still_on_treatment":
            return dataclasses.replace(answers, weeks_since_last_treatment=0.0)
        if special == "no_treatment_yet":
            # Nothing to wait for: unknown to matching, so no waiting-time rule can rule a study out.
            return dataclasses.replace(answers, weeks_since_last_treatment=None)
        got = self.checked_value()
        if got is None:
            return None
        weeks = round(got[0] * _WEEKS_PER[got[1]], 2)
        return dataclasses.replace(answers, weeks_since_last_treatment=weeks)

    def reset(self) -> None:
        self._no_treatment = False
        super().reset()

    def cleared(self, answers: Answers) -> Answers:
        self._no_treatment = False
        return dataclasses.replace(answers, weeks_since_last_treatment=None)

    def describe(self, answers: Answers) -> str | None:
        weeks = answers.weeks_since_last_treatment
        if weeks == 0:
            return texts.option(self.topic, "still_on_treatment", self.lang)
        if weeks is None:
            return texts.option(self.topic, "no_treatment_yet", self.lang) if self._no_treatment else None
        return f"{_number(weeks)} {texts.option(self.topic, 'weeks', self.lang).lower()}"

    def retranslate_body(self) -> None:
        super().retranslate_body()
        for key in self.special.options():
            self.special.set_text(key, texts.option(self.topic, key, self.lang))
