"""Where the family lives and how far they can travel. The place is looked up offline (finder.places, in
the Backend worker) only to measure distances; it stays in memory like every other answer."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from finder.answers import Answers, Place
from ui.backend import Backend
from ui.questions import texts
from ui.questions.base import QuestionPage
from ui.questions.widgets import ChoiceList
from ui.state import SessionState

DISTANCES: dict[str, float | None] = {
    "km_25": 25,
    "km_50": 50,
    "km_100": 100,
    "km_250": 250,
    "km_500": 500,
    "km_1000": 1000,
    "any": None,
}


class LocationPage(QuestionPage):
    topic = "location"

    def __init__(self, state: SessionState, backend: Backend, parent: QWidget | None = None) -> None:
        self.backend = backend
        super().__init__(state, parent)
        backend.countriesReady.connect(self._fill_countries)
        backend.placeReady.connect(self._place_checked)

    def build(self) -> None:
        self.country_label, self.city_label, self.postal_label = QLabel(self), QLabel(self), QLabel(self)
        self.country = QComboBox(self)
        self.country.setObjectName("countryInput")
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country.setMinimumHeight(48)
        completer = self.country.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.city = QLineEdit(self)
        self.city.setObjectName("cityInput")
        self.postal = QLineEdit(self)
        self.postal.setObjectName("postalInput")
        self.postal.setMaxLength(12)
        self.place_note = QLabel(self)
        self.place_note.setObjectName("noteText")
        self.place_note.setWordWrap(True)
        self.place_note.hide()
        self.distance_title = QLabel(self)
        self.distance_title.setObjectName("subTitle")
        self.distance_title.setWordWrap(True)
        self.distance_help = QLabel(self)
        self.distance_help.setObjectName("choiceHelp")
        self.distance_help.setWordWrap(True)
        self.distance = ChoiceList(list(DISTANCES), parent=self)
        for label, field in (
            (self.country_label, self.country),
            (self.city_label, self.city),
            (self.postal_label, self.postal),
        ):
            label.setObjectName("fieldLabel")
            label.setBuddy(field)
            self.body.addWidget(label)
            self.body.addWidget(field)
        for widget in (self.place_note, self.distance_title, self.distance_help, self.distance):
            self.body.addWidget(widget)
        # Look the place up shortly after typing stops (and when leaving a box), not on every key.
        self._lookup = QTimer(self)
        self._lookup.setSingleShot(True)
        self._lookup.setInterval(500)
        self._lookup.timeout.connect(self._check_place)
        for box in (self.city, self.postal):
            box.textEdited.connect(self._place_edited)
            box.editingFinished.connect(self._check_place)
        self.country.currentTextChanged.connect(self._place_edited)
        self._countries_asked = False

    def _fill_countries(self, names: list[str]) -> None:
        typed = self.country.currentText()
        self.country.clear()
        self.country.addItems(sorted(names))
        self.country.setCurrentText(typed)

    def _place_edited(self, _text: str = "") -> None:
        self.place_note.hide()
        self._lookup.start()

    def place(self) -> Place | None:
        country = self.country.currentText().strip()
        if not country:
            return None
        return Place(country, self.city.text().strip() or None, self.postal.text().strip() or None)

    def _check_place(self) -> None:
        place = self.place()
        if place is not None and (place.city or place.postal_code):
            self.backend.request_place(place)

    def _place_checked(self, result: tuple[Place, object, bool]) -> None:
        place, point, table_available = result
        if place != self.place() or not table_available:
            return  # the family has typed something else since, or there is nothing to look it up in
        if point is None:
            self.place_note.setText(texts.extra(self.topic, "place_not_found", self.lang))
        else:
            self.place_note.setText("✓ " + self.tr("We found this place."))
        self.place_note.show()

    def load(self, answers: Answers) -> None:
        if not self._countries_asked:
            self._countries_asked = True
            self.backend.request_countries()
        loc = answers.location
        self.country.setCurrentText(loc.country if loc else "")
        self.city.setText(loc.city or "" if loc else "")
        self.postal.setText(loc.postal_code or "" if loc else "")
        self.place_note.hide()
        chosen = next((k for k, v in DISTANCES.items() if v == answers.max_distance_km), None)
        self.distance.select(chosen if loc is not None or answers.max_distance_km else None)

    def collect(self, answers: Answers) -> Answers | None:
        place, how_far = self.place(), self.distance.selected()
        if place is None and how_far is None:
            return None
        return dataclasses.replace(
            answers, location=place, max_distance_km=DISTANCES[how_far] if how_far else None
        )

    def cleared(self, answers: Answers) -> Answers:
        return dataclasses.replace(answers, location=None, max_distance_km=None)

    def describe(self, answers: Answers) -> str | None:
        loc = answers.location
        if loc is None:
            return None
        where = ", ".join(p for p in (loc.postal_code, loc.city, loc.country) if p)
        how_far = next((k for k, v in DISTANCES.items() if v == answers.max_distance_km), "any")
        return f"{where}\n{texts.option(self.topic, how_far, self.lang)}"

    def retranslate_body(self) -> None:
        lang = self.lang
        self.country_label.setText(texts.extra(self.topic, "country_label", lang, "Country"))
        self.city_label.setText(texts.extra(self.topic, "city_label", lang, "City"))
        self.postal_label.setText(texts.extra(self.topic, "postal_code_label", lang, "Postal code"))
        for label, field in (
            (self.country_label, self.country),
            (self.city_label, self.city),
            (self.postal_label, self.postal),
        ):
            field.setAccessibleName(label.text())
        self.distance_title.setText(texts.extra(self.topic, "distance_title", lang))
        self.distance_help.setText(texts.extra(self.topic, "distance_help", lang))
        for key in DISTANCES:
            self.distance.set_text(key, texts.option(self.topic, key, lang))
