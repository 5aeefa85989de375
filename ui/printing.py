""" "Take it with you": the chosen studies, the answers given, what to ask the care team and how to take
part, as one document the family can print or save as a PDF.

Nothing is written anywhere unless the family asks: the document is built in memory; printing goes through
the system print dialog (which also offers "Print to file" as PDF), and `write_pdf` is only called with a
path the family (or a test) chose. No temporary files.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from finder import content
from finder.answers import Answers
from finder.matching.results import Match
from finder.registry.records import StudyRecord
from ui.qr import study_url
from ui.results.model import ages_text, badge_text, distance_text, grouped, site_text, status_line
from ui.state import SessionState


def _e(text: object) -> str:
    return html.escape(str(text), quote=False)


def _num(value: float) -> str:
    return f"{value:g}"


def describe_answers(answers: Answers, lang: str, audience: str = "child") -> list[tuple[str, str]]:
    """(question, answer) in plain words for every topic; "Not answered" where nothing was given."""
    none = content.app_text("not_answered", lang)
    yes, no = content.common("yes", lang), content.common("no", lang)

    def title(topic: str) -> str:
        return content.question(topic, lang, audience).title

    def option(topic: str, key: str) -> str:
        return content.question(topic, lang, audience).options.get(key, key)

    rows: list[tuple[str, str]] = []
    age = answers.age
    rows.append((title("age"), content.app_text(f"age_{age.unit}", lang, n=_num(age.value)) if age else none))
    rows.append((title("sex"), option("sex", answers.sex) if answers.sex else none))
    weight = answers.weight
    rows.append(
        (
            title("weight"),
            content.app_text(f"weight_{weight.unit}", lang, n=_num(weight.value)) if weight else none,
        )
    )
    rows.append((title("diagnosis"), answers.diagnosis or none))
    status = answers.disease_status
    rows.append((title("disease_status"), option("disease_status", status) if status else none))
    treated = [
        f"{content.treatment_label(tid, lang).label}: {yes if had else no}"
        for tid, had in answers.treatments.items()
    ]
    rows.append((title("treatments"), "; ".join(treated) or none))
    weeks = answers.weeks_since_last_treatment
    rows.append(
        (
            title("weeks_since_last_treatment"),
            content.app_text("weeks_ago", lang, n=_num(weeks)) if weeks is not None else none,
        )
    )
    health = [
        f"{content.health_label(hid, lang, audience).label} {yes if v else no}"
        for hid, v in answers.health.items()
    ]
    rows.append((title("health"), "; ".join(health) or none))
    perf = answers.performance
    rows.append((title("performance"), _activity(perf.scale, perf.value, lang) if perf else none))
    place = answers.location
    where = ", ".join(p for p in (place.city, place.postal_code, place.country) if p) if place else none
    if answers.max_distance_km is not None:
        where += f" ({content.app_text('distance_km', lang, km=_num(answers.max_distance_km))})"
    rows.append((title("location"), where))
    return rows


def _activity(scale: str, value: float, lang: str) -> str:
    """The line the family picked, and the score the care team will recognise ("... (ECOG 1)")."""
    name = {"lansky": "Lansky", "karnofsky": "Karnofsky", "ecog": "ECOG"}.get(scale, scale)
    plain = dict(content.activity_levels(scale, lang)).get(int(value), "")
    score = f"{name} {_num(value)}"
    return f"{plain} ({score})" if plain else score


def _study_html(match: Match, record: StudyRecord | None, lang: str) -> str:
    parts = [f"<h2>{_e(match.title or match.nct_id)}</h2>"]
    parts.append(f"<p><b>{_e(badge_text(match, lang))}</b></p>")
    facts = [
        f"{content.app_text('label_study_id', lang)}: {match.nct_id} — {study_url(match.nct_id)}",
        content.phases_text(match.phases, lang),
        ages_text(match, lang),
        status_line(match.overall_status, lang),
    ]
    if match.nearest_site is not None:
        km = match.nearest_site.distance_km
        facts.append(
            f"{content.app_text('label_nearest_site', lang)}: {site_text(match)} — {distance_text(km, lang)}"
        )
    parts.append("<p>" + "<br/>".join(_e(f) for f in facts) + "</p>")
    if match.not_met:
        parts.append(f"<h3>{_e(content.app_text('heading_not_fit', lang))}</h3><ul>")
        parts += [f"<li>{_e(plain)}</li>" for plain, _originals in grouped(match.not_met, lang)]
        parts.append("</ul>")
    checks = [plain for plain, _originals in grouped(match.to_check, lang)]
    parts.append(f"<h3>{_e(content.app_text('heading_to_check', lang))}</h3><ul>")
    parts += [f"<li>{_e(c)}</li>" for c in checks] or [
        f"<li>{_e(content.app_text('nothing_to_check', lang))}</li>"
    ]
    parts.append("</ul>")
    if record is not None:
        contacts = []
        for contact in (*record.central_contacts, *(c for loc in record.locations for c in loc.contacts)):
            bits = [b for b in (contact.name, contact.phone, contact.email) if b]
            if contact.phone or contact.email:
                contacts.append(" — ".join(bits))
        if contacts:
            parts.append(f"<h3>{_e(content.app_text('heading_contacts', lang))}</h3><ul>")
            parts += [f"<li>{_e(c)}</li>" for c in dict.fromkeys(contacts)]
            parts.append("</ul>")
    return "\n".join(parts)


def report_html(
    matches: Sequence[Match], state: SessionState, records: Mapping[str, StudyRecord | None] | None = None
) -> str:
    """The whole take-away document as HTML (for QTextDocument), in the family's language."""
    lang, audience = state.lang, state.subject
    records = records or {}
    parts = [f"<html><body><h1>{_e(content.app_text('print_title', lang))}</h1>"]
    parts.append(f"<p><i>{_e(content.app_text('care_team_note', lang))}</i></p>")
    for match in matches:
        parts.append(_study_html(match, records.get(match.nct_id), lang))
    parts.append(f"<h2>{_e(content.app_text('heading_answers', lang))}</h2>")
    parts.append(f"<p>{_e(content.app_text('print_answers_note', lang))}</p><table cellpadding='4'>")
    for question, answer in describe_answers(state.answers, lang, audience):
        parts.append(f"<tr><td><b>{_e(question)}</b></td><td>{_e(answer)}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{_e(content.app_text('heading_take_part', lang))}</h2><ol>")
    parts += [f"<li>{_e(step)}</li>" for step in content.contact_steps(lang, audience)]
    parts.append("</ol>")
    parts.append(f"<p><i>{_e(content.app_text('registered_text_note', lang))}</i></p></body></html>")
    return "\n".join(parts)


def document(report: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(report)
    return doc


def write_pdf(report: str, path: str | Path) -> Path:
    """Write the document as a PDF to a path the family chose (A4, 15 mm margins)."""
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(content.app_text("print_title", "en"))
    writer.setCreator("Trial Finder")
    doc = document(report)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    doc.print_(writer)
    del writer  # the file is finished when the writer goes away
    return target


def print_or_save_pdf(parent: QWidget | None, report: str, *, kiosk: bool | None = None) -> bool:
    """Show the system print dialog (a printer, or "Print to file" for a PDF). Returns True when printed.

    Nothing is written unless the family presses Print in the dialog. In kiosk mode (the window's `kiosk`
    attribute, unless given) the dialog offers printers only: no file paths on a shared screen.
    """
    if kiosk is None:
        kiosk = bool(getattr(parent.window(), "kiosk", False)) if parent is not None else False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(content.app_text("print_title", "en"))
    dialog = QPrintDialog(printer, parent)
    if kiosk:
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setAccessibleName(dialog.windowTitle())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document(report).print_(printer)
    return True
