"""ClinicalTrials.gov classic XML (<clinical_study>, as in the former AllPublicXML download) -> StudyRecord.

Classic spellings ("Active, not recruiting", "Phase 1/Phase 2", "Anticipated") become the API v2 enumerations
(ACTIVE_NOT_RECRUITING, (PHASE1, PHASE2), ESTIMATED), so the rest of the app never sees where a study came
from.
Values are read through the small typed helpers below, each reading one child tag of a known element.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from xml.etree.ElementTree import Element

from finder.registry.ages import parse_age
from finder.registry.dates import parse_classic_date
from finder.registry.errors import RegistryError
from finder.registry.records import Contact, Intervention, Location, StudyRecord
from finder.registry.safe_xml import nct_id_in, parse_xml

ROOT = "clinical_study"
_NCT_ID = re.compile(r"NCT\d{8}")
_DOWNLOAD_DATE = re.compile(r"processed this data on (.+?)\s*$")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")

# Where the classic spelling does not simply become UPPER_SNAKE, the v2 enumeration it stands for.
_STATUS = {"Unknown status": "UNKNOWN"}
_PHASE = {
    "Early Phase 1": "EARLY_PHASE1",
    "Phase 0": "EARLY_PHASE1",
    "Phase 1": "PHASE1",
    "Phase 2": "PHASE2",
    "Phase 3": "PHASE3",
    "Phase 4": "PHASE4",
}
_STUDY_TYPE = {"Observational [Patient Registry]": "OBSERVATIONAL"}
_SPONSOR_CLASS = {
    "U.S. Fed": "FED",
    "Other U.S. Federal agency": "FED",
    "Individual": "INDIV",
    "Ambiguous": "AMBIG",
}
_ENROLLMENT_TYPE = {"Actual": "ACTUAL", "Anticipated": "ESTIMATED", "Estimate": "ESTIMATED"}
_HEALTHY_VOLUNTEERS = {"Accepts Healthy Volunteers": True, "Yes": True, "No": False}


@lru_cache(maxsize=1024)
def _upper_snake(text: str) -> str:
    """ "Active, not recruiting" -> "ACTIVE_NOT_RECRUITING"."""
    return _NOT_ALNUM.sub("_", text).strip("_").upper()


def _enum(text: str | None, table: dict[str, str]) -> str | None:
    if text is None:
        return None
    return table.get(text) or _upper_snake(text)


def _phases(text: str | None) -> tuple[str, ...]:
    """ "Phase 1/Phase 2" -> ("PHASE1", "PHASE2"); "N/A" -> ()."""
    if text is None or text == "N/A":
        return ()
    return tuple(_PHASE.get(part.strip()) or _upper_snake(part) for part in text.split("/"))


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return text.strip() or None


def _text(parent: Element | None, tag: str) -> str | None:
    """The stripped text of parent's first <tag> child, None when absent or empty.

    One tag, never a path: ElementTree answers single-tag lookups in C, paths in Python (five times slower).
    """
    return None if parent is None else _clean(parent.findtext(tag))


def _texts(elements: list[Element]) -> tuple[str, ...]:
    return tuple(text for element in elements if (text := (element.text or "").strip()))


def _children(parent: Element) -> dict[str, list[Element]]:
    """parent's children by tag, built in one pass over them."""
    by_tag: dict[str, list[Element]] = {}
    for child in parent:
        tag = child.tag
        if tag in by_tag:
            by_tag[tag].append(child)
        else:
            by_tag[tag] = [child]
    return by_tag


def _textblock(parent: Element | None) -> str | None:
    """A <textblock> as registered, minus the XML's line ends (CR LF) and the indentation it adds to lines.

    The common indentation is read off the common prefix of the smallest and largest line (which is the common
    prefix of them all): C-speed min/max instead of a Python loop per line; textwrap.dedent is slower still.
    """
    raw = None if parent is None else parent.findtext("textblock")
    if raw is None:
        return None
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [line for line in lines if line.strip()]
    if not content:
        return None
    low, high = min(content), max(content)
    width, limit = 0, min(len(low), len(high))
    while width < limit and low[width] == " " and high[width] == " ":
        width += 1
    return "\n".join([line[width:].rstrip() for line in lines]).strip("\n")


def _contact(element: Element, role: str | None) -> Contact:
    name_parts = (_text(element, tag) for tag in ("first_name", "middle_name", "last_name"))
    name = " ".join(part for part in name_parts if part) or None
    degrees = _text(element, "degrees")
    if name and degrees:
        name = f"{name}, {degrees}"
    phone = _text(element, "phone")
    extension = _text(element, "phone_ext")
    if phone and extension:
        phone = f"{phone} ext. {extension}"
    return Contact(name=name, role=role, phone=phone, email=_text(element, "email"))


def _investigator(element: Element) -> Contact:
    role = _text(element, "role")
    return Contact(name=_text(element, "last_name"), role=_upper_snake(role) if role else None)


def _location(element: Element) -> Location:
    # One pass over the children instead of a lookup per field: sites are most of a classic file's elements.
    facility: str | None = None
    status: str | None = None
    address: dict[str, str | None] = {}
    contacts: list[Contact] = []
    for child in element:
        tag = child.tag
        if tag == "facility":
            for part in child:
                if part.tag == "name":
                    facility = part.text
                elif part.tag == "address":
                    address = {line.tag: line.text for line in part}
        elif tag == "status":
            status = _clean(child.text)
        elif tag in ("contact", "contact_backup"):
            contacts.append(_contact(child, "CONTACT"))
        elif tag == "investigator":
            contacts.append(_investigator(child))
    return Location(
        facility=_clean(facility),
        city=_clean(address.get("city")),
        state=_clean(address.get("state")),
        postal_code=_clean(address.get("zip")),
        country=_clean(address.get("country")),
        status=_enum(status, _STATUS),
        contacts=tuple(contacts),
    )


def _intervention(element: Element) -> Intervention:
    return Intervention(
        type=_enum(_text(element, "intervention_type"), {}),
        name=_text(element, "intervention_name") or "",
        description=_text(element, "description"),
    )


def _first(by_tag: dict[str, list[Element]], tag: str) -> Element | None:
    found = by_tag.get(tag)
    return found[0] if found else None


def _enrollment(element: Element | None, source: str, nct_id: str) -> tuple[int | None, str | None]:
    text = _clean(element.text) if element is not None else None
    if element is None or text is None:
        return None, None
    try:
        count = int(text)
    except ValueError:
        raise RegistryError(source, f"{text!r} is not a number", nct_id=nct_id, field="enrollment") from None
    return count, _enum(element.get("type"), _ENROLLMENT_TYPE)


def _snapshot(header: Element | None, source: str, nct_id: str) -> date | None:
    """ "ClinicalTrials.gov processed this data on February 03, 2023" -> 2023-02-03."""
    download = _text(header, "download_date")
    match = _DOWNLOAD_DATE.search(download) if download else None
    return parse_classic_date(
        match.group(1) if match else download,
        file=source,
        nct_id=nct_id,
        field="required_header/download_date",
    )


def study_record(root: Element, source: str) -> StudyRecord:
    """Map a parsed <clinical_study> element; RegistryError names the file, study and element path."""
    if root.tag != ROOT:
        raise RegistryError(
            source, f"the root element is <{root.tag}>, expected <{ROOT}>: not a registry study"
        )
    top = _children(root)
    id_info = _first(top, "id_info")
    nct_id = _text(id_info, "nct_id")
    if nct_id is None or not _NCT_ID.fullmatch(nct_id):
        raise RegistryError(
            source, f"{nct_id!r} is not an NCT number like 'NCT01234567'", field="id_info/nct_id"
        )

    def text(tag: str) -> str | None:
        element = _first(top, tag)
        return None if element is None else _clean(element.text)

    def day(tag: str) -> date | None:
        return parse_classic_date(text(tag), file=source, nct_id=nct_id, field=tag)

    brief_title = text("brief_title")
    if brief_title is None:
        raise RegistryError(source, "the study has no brief title", nct_id=nct_id, field="brief_title")
    eligibility = _first(top, "eligibility")
    sponsor = _first(top, "sponsors")
    lead = sponsor.find("lead_sponsor") if sponsor is not None else None
    enrollment, enrollment_type = _enrollment(_first(top, "enrollment"), source, nct_id)
    healthy = _text(eligibility, "healthy_volunteers")
    browse = _first(top, "condition_browse")
    return StudyRecord(
        nct_id=nct_id,
        brief_title=brief_title,
        source=source,
        official_title=text("official_title"),
        acronym=text("acronym"),
        org_study_id=_text(id_info, "org_study_id"),
        secondary_ids=_texts(id_info.findall("secondary_id")) if id_info is not None else (),
        overall_status=_enum(text("overall_status"), _STATUS),
        phases=_phases(text("phase")),
        study_type=_enum(text("study_type"), _STUDY_TYPE),
        conditions=_texts(top.get("condition", [])),
        condition_mesh_terms=_texts(browse.findall("mesh_term")) if browse is not None else (),
        keywords=_texts(top.get("keyword", [])),
        interventions=tuple(_intervention(i) for i in top.get("intervention", ())),
        brief_summary=_textblock(_first(top, "brief_summary")),
        detailed_description=_textblock(_first(top, "detailed_description")),
        eligibility_text=_textblock(eligibility.find("criteria") if eligibility is not None else None),
        minimum_age=parse_age(
            _text(eligibility, "minimum_age"), file=source, nct_id=nct_id, field="eligibility/minimum_age"
        ),
        maximum_age=parse_age(
            _text(eligibility, "maximum_age"), file=source, nct_id=nct_id, field="eligibility/maximum_age"
        ),
        sex=_enum(_text(eligibility, "gender"), {}),
        healthy_volunteers=_HEALTHY_VOLUNTEERS.get(healthy) if healthy else None,
        sponsor=_text(lead, "agency"),
        sponsor_class=_enum(_text(lead, "agency_class"), _SPONSOR_CLASS),
        enrollment=enrollment,
        enrollment_type=enrollment_type,
        first_posted=day("study_first_posted"),
        last_update_posted=day("last_update_posted"),
        status_verified=day("verification_date"),
        start_date=day("start_date"),
        completion_date=day("completion_date"),
        locations=tuple(_location(loc) for loc in top.get("location", ())),
        central_contacts=tuple(
            _contact(c, "CONTACT")
            for tag in ("overall_contact", "overall_contact_backup")
            for c in top.get(tag, ())
        ),
        snapshot_date=_snapshot(_first(top, "required_header"), source, nct_id),
    )


def read_xml_study(name: str, data: bytes) -> StudyRecord:
    """The one study in a classic XML document."""
    root = parse_xml(name, data)
    try:
        return study_record(root, name)
    except RegistryError:
        raise
    except (ValueError, TypeError) as error:  # defensive: a shape the helpers did not expect
        raise RegistryError(name, f"unexpected content ({error})", nct_id=nct_id_in(data)) from None
