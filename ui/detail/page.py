"""One study, for a family: what it is, why it may fit, what the care team must check (each with the
registered text one tap away), where it runs and whom to call, how to take part, and a QR code of its
registry page. Trial text is shown as registered; our own words are plain."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from finder import content
from finder.matching.results import Match, Verdict
from finder.registry.records import Contact, Location, StudyRecord
from ui.backend import Backend
from ui.detail.sections import Collapsible, OriginalToggle, heading, text_label
from ui.finder_calls import DEFAULT_TOPICS
from ui.qr import qr_pixmap, study_url
from ui.questions.base import CenteredColumn
from ui.results.delegate import badge_kind, badge_pixmap
from ui.results.model import ages_text, badge_text, distance_text, grouped, labelled, status_line
from ui.results.revisit import unanswered_topics
from ui.state import SessionState

_SPLIT = re.compile(r"^\s*exclusion criteria\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_INCL = re.compile(r"^\s*inclusion criteria\s*:?\s*$", re.IGNORECASE | re.MULTILINE)


def split_criteria(text: str | None) -> tuple[str, str]:
    """(inclusion, exclusion) as registered; all of it as inclusion when the headings are missing."""
    text = (text or "").strip()
    parts = _SPLIT.split(text, maxsplit=1)
    inclusion = _INCL.sub("", parts[0]).strip()
    return inclusion, (parts[1].strip() if len(parts) > 1 else "")


def contact_lines(contact: Contact, lang: str) -> list[str]:
    lines = [contact.name] if contact.name else []
    if contact.phone:
        lines.append(labelled("site_phone", contact.phone, lang))
    if contact.email:
        lines.append(labelled("site_email", contact.email, lang))
    return lines


class DetailPage(QWidget):
    backRequested = Signal()
    answerRequested = Signal(str)  # a question topic whose answer would settle items still to check

    def __init__(self, backend: Backend, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPage")
        self.backend, self.state = backend, state
        self.nct_id: str | None = None
        self.record: StudyRecord | None = None
        self.match: Match | None = None
        self.sections: dict[str, QWidget] = {}
        self.qr_label: QLabel | None = None
        self.answer_button: QPushButton | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        self.back_button = QPushButton(bar)
        self.print_button = QPushButton(bar)
        for button in (self.back_button, self.print_button):
            button.setMinimumHeight(48)
        self.back_button.clicked.connect(self.backRequested.emit)
        self.print_button.clicked.connect(self.print_study)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        outer.addWidget(bar)
        self.page_scroll = CenteredColumn(self)
        outer.addWidget(self.page_scroll, 1)
        self.loading = text_label("", self.page_scroll.column, "questionHelp")
        self.page_scroll.column_layout.addWidget(self.loading)
        backend.studyReady.connect(self._study_ready)
        state.wiped.connect(self.clear)
        self.retranslate()

    # --- the seam the window calls ---------------------------------------------------------------
    def show_study(self, nct_id: str) -> None:
        self.nct_id = nct_id
        self.record, self.match = None, None
        self._clear_body()
        self.loading.setText(content.app_text("busy", self.state.lang))
        self.loading.setVisible(True)
        self.back_button.setFocus()  # keyboard users start at the top: Tab goes on through the page
        self.backend.request_study(nct_id, self.state.answers, self.state.subject)

    def clear(self) -> None:
        self.nct_id, self.record, self.match = None, None, None
        self._clear_body()

    def _study_ready(self, result: Any) -> None:
        stored, match = result if isinstance(result, tuple) else (None, None)
        if self.nct_id is None or stored is None or stored.record.nct_id != self.nct_id:
            if self.nct_id is not None and stored is None:
                self.loading.setText(content.app_text("empty_title", self.state.lang))
            return
        self.record, self.match = stored.record, match
        self._build()

    # --- building --------------------------------------------------------------------------------
    def _clear_body(self) -> None:
        layout = self.page_scroll.column_layout
        while layout.count() > 1:  # the loading line stays first
            item = layout.takeAt(1)
            if item is None:
                break
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.sections = {}
        self.qr_label = None
        self.answer_button = None

    def _add(self, key: str, widget: QWidget) -> QWidget:
        self.sections[key] = widget
        self.page_scroll.column_layout.addWidget(widget)
        return widget

    def _box(self, key: str, title: str) -> QVBoxLayout:
        box = QWidget(self.page_scroll.column)
        box.setObjectName("detailSection")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(8)
        layout.addWidget(heading(title, box))
        box.setAccessibleName(title)
        self._add(key, box)
        return layout

    def _build(self) -> None:
        record, match, lang = self.record, self.match, self.state.lang
        if record is None:
            return
        self._clear_body()
        self.loading.setVisible(False)
        col = self.page_scroll.column
        title = text_label(record.brief_title, col, "questionTitle", selectable=True)
        self._add("title", title)
        if match is not None:
            self._add("badge", self._badge(match))
        facts = [
            labelled("label_study_id", record.nct_id, lang),
            labelled("label_condition", ", ".join(record.conditions), lang) if record.conditions else "",
            content.phases_text(record.phases, lang),
            status_line(record.overall_status, lang),
            ages_text(match, lang) if match is not None else "",
            labelled("label_sponsor", record.sponsor, lang) if record.sponsor else "",
        ]
        self._add("facts", text_label("\n".join(f for f in facts if f), col, "questionHelp", selectable=True))

        summary = record.brief_summary or record.detailed_description
        if summary:  # an empty "About this study" heading only puzzles
            about = self._box("summary", content.app_text("heading_summary", lang))
            about.addWidget(text_label(summary, col, selectable=True))
            about.addWidget(text_label(content.app_text("registered_text_note", lang), col, "noteText"))

        if match is not None:
            self._reasons(match, lang)
        self._where(record, match, lang)
        self._steps(lang)
        self._qr(record, lang)
        self._criteria(record, lang)
        self._glossary(record, lang)
        self._dates(record, lang)
        self.page_scroll.column_layout.addStretch(1)
        self.page_scroll.verticalScrollBar().setValue(0)

    def _badge(self, match: Match) -> QWidget:
        """The verdict as on the results card: a shape and words, never colour alone."""
        box = QWidget(self.page_scroll.column)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        text = text_label(badge_text(match, self.state.lang), box, "badgeText")
        icon = QLabel(box)
        size = int(text.fontMetrics().height() * 1.3)
        icon.setPixmap(badge_pixmap(badge_kind(match.verdict.value, match.near_miss), size))
        row.addWidget(icon)
        row.addWidget(text, 1)
        box.setAccessibleName(text.text())
        return box

    def _reasons(self, match: Match, lang: str) -> None:
        col = self.page_scroll.column
        if match.verdict is Verdict.NOT_A_FIT and match.not_met:
            box = self._box("not_fit", content.app_text("heading_not_fit", lang))
            for plain, originals in grouped(match.not_met, lang):
                box.addWidget(OriginalToggle(plain, originals, lang, col))
        if match.met:
            box = self._box("why", content.app_text("heading_why_fit", lang))
            for plain, originals in grouped(match.met, lang):
                box.addWidget(OriginalToggle(plain, originals, lang, col))
        if match.verdict is not Verdict.NOT_A_FIT or match.to_check:
            box = self._box("to_check", content.app_text("heading_to_check", lang))
            if not match.to_check:
                box.addWidget(text_label(content.app_text("nothing_to_check", lang), col))
            topics = unanswered_topics(match, DEFAULT_TOPICS)
            if topics:  # many "which was not answered" lines: first, the way to answer them
                box.addWidget(text_label(content.app_text("answer_more_note", lang), col, "noteText"))
                self.answer_button = QPushButton(content.app_text("answer_more", lang), col)
                self.answer_button.setMinimumHeight(48)
                self.answer_button.setAccessibleName(self.answer_button.text())
                self.answer_button.clicked.connect(lambda: self.answerRequested.emit(topics[0]))
                box.addWidget(self.answer_button, 0, Qt.AlignmentFlag.AlignLeft)
            for plain, originals in grouped(match.to_check, lang):
                box.addWidget(OriginalToggle(plain, originals, lang, col))

    def _criteria(self, record: StudyRecord, lang: str) -> None:
        inclusion, exclusion = split_criteria(record.eligibility_text)
        holder = QWidget(self.page_scroll.column)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        if exclusion:
            layout.addWidget(heading(content.app_text("heading_inclusion", lang), holder))
        layout.addWidget(text_label(inclusion, holder, "originalText", selectable=True))
        if exclusion:
            layout.addWidget(heading(content.app_text("heading_exclusion", lang), holder))
            layout.addWidget(text_label(exclusion, holder, "originalText", selectable=True))
        layout.addWidget(text_label(content.app_text("registered_text_note", lang), holder, "noteText"))
        self._add(
            "original",
            Collapsible(content.app_text("heading_original", lang), holder, self.page_scroll.column),
        )

    def _where(self, record: StudyRecord, match: Match | None, lang: str) -> None:
        col = self.page_scroll.column
        nearest = match.nearest_site if match is not None else None

        def is_nearest(loc: Location) -> bool:
            return nearest is not None and (loc.facility, loc.city) == (nearest.facility, nearest.city)

        locations = sorted(record.locations, key=lambda loc: not is_nearest(loc))
        box = self._box("where", content.app_text("heading_where", lang))
        if not locations:  # say so, and who runs it: a family looking for "where" must not find nothing
            lines = [content.app_text("no_sites", lang)]
            if record.sponsor:
                lines.append(labelled("label_sponsor", record.sponsor, lang))
            box.addWidget(text_label("\n".join(lines), col, selectable=True))
        for loc in locations:
            lines = [loc.facility or ""]
            lines.append(", ".join(p for p in (loc.city, loc.state, loc.postal_code, loc.country) if p))
            if loc.status:
                lines.append(labelled("label_status", content.status_text(loc.status, lang), lang))
            if is_nearest(loc) and nearest is not None:
                lines.append(distance_text(nearest.distance_km, lang))
            for contact in loc.contacts:
                lines.extend(contact_lines(contact, lang))
            if not any(c.phone or c.email for c in loc.contacts):
                lines.append(content.app_text("no_contact", lang))
            site = text_label("\n".join(line for line in lines if line), col, "siteCard", selectable=True)
            site.setAccessibleName(loc.facility or loc.city or "")
            box.addWidget(site)
        central = [c for c in record.central_contacts if c.phone or c.email or c.name]
        contacts = self._box("contacts", content.app_text("heading_contacts", lang))
        if not central:
            contacts.addWidget(text_label(content.app_text("no_contact_study", lang), col))
        for contact in central:
            contacts.addWidget(
                text_label("\n".join(contact_lines(contact, lang)), col, "siteCard", selectable=True)
            )

    def _steps(self, lang: str) -> None:
        box = self._box("steps", content.app_text("heading_take_part", lang))
        for number, step in enumerate(content.contact_steps(lang, self.state.subject), start=1):
            box.addWidget(text_label(f"{number}.  {step}", self.page_scroll.column))

    def _qr(self, record: StudyRecord, lang: str) -> None:
        box = self._box("qr", labelled("label_study_id", record.nct_id, lang))
        row = QHBoxLayout()
        self.qr_label = QLabel(self.page_scroll.column)
        self.qr_label.setPixmap(qr_pixmap(study_url(record.nct_id), scale=5))
        self.qr_label.setAccessibleName(study_url(record.nct_id))
        row.addWidget(self.qr_label, 0, Qt.AlignmentFlag.AlignTop)
        words = text_label(
            f"{content.app_text('qr_note', lang)}\n\n{study_url(record.nct_id)}",
            self.page_scroll.column,
            selectable=True,
        )
        row.addWidget(words, 1)
        box.addLayout(row)

    def _glossary(self, record: StudyRecord, lang: str) -> None:
        text = "\n".join(p for p in (record.brief_title, record.brief_summary, record.eligibility_text) if p)
        entries = content.glossary_for_text(text, lang)
        if not entries:
            return
        holder = QWidget(self.page_scroll.column)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        for entry in entries:
            layout.addWidget(text_label(f"{entry.term}: {entry.meaning}", holder))
        title = f"{content.app_text('heading_glossary', lang)} ({len(entries)})"
        self._add("glossary", Collapsible(title, holder, self.page_scroll.column))

    def _dates(self, record: StudyRecord, lang: str) -> None:
        lines = []
        if record.last_update_posted is not None:
            lines.append(content.app_text("data_updated", lang, date=record.last_update_posted.isoformat()))
        if record.snapshot_date is not None:
            lines.append(content.app_text("snapshot_note", lang, date=record.snapshot_date.isoformat()))
        lines.append(content.app_text("care_team_note", lang))
        self._add("dates", text_label("\n".join(lines), self.page_scroll.column, "noteText"))

    # --- printing and language -----------------------------------------------------------------
    def print_study(self) -> None:
        from ui import printing

        if self.match is None:
            return
        html = printing.report_html(
            [self.match], self.state, records={self.match.nct_id: self.record} if self.record else None
        )
        printing.print_or_save_pdf(self, html)

    def retranslate(self) -> None:
        lang = self.state.lang
        self.back_button.setText(content.app_text("back_to_results", lang))
        self.print_button.setText(content.common("print", lang))
        for button in (self.back_button, self.print_button):
            button.setAccessibleName(button.text())
        if self.record is not None:
            self._build()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
