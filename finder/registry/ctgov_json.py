"""ClinicalTrials.gov API v2 JSON -> StudyRecord.

A document may be one study, a top-level list of studies (the site's "Download JSON") or a search page
{"studies": [...], "nextPageToken": ...}. pydantic-core's JSON parser validates the whole document in one
pass; studies are then mapped one at a time, so only one file's worth of studies is ever held.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import date

from pydantic import TypeAdapter, ValidationError

from finder.registry import ctgov_v2_models as v2
from finder.registry.ages import parse_age
from finder.registry.dates import parse_iso_date
from finder.registry.errors import RegistryError
from finder.registry.records import Contact, Intervention, Location, StudyRecord

_LIST = TypeAdapter(list[v2.Study])
_OBJECT = TypeAdapter(v2.StudyOrPage)
_NCT_ID = re.compile(r"NCT\d{8}")
# A study's own id opens its identificationModule in registry files (other "nctId" keys name other studies).
_OWN_NCT_ID_IN_JSON = re.compile(rb'"identificationModule"\s*:\s*\{\s*"nctId"\s*:\s*"(NCT\d{8})"')
_UTF8_BOM = b"\xef\xbb\xbf"
# v2 writes phases ["NA"] where a study has no phase; the classic XML writes "N/A". Both mean none.
_NOT_APPLICABLE = "NA"


def parse_json_studies(name: str, data: bytes) -> Sequence[v2.Study]:
    """Validate a JSON document into API v2 study models (no StudyRecord yet). Raises RegistryError."""
    skipped = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    data = data[skipped:]
    is_list = data.lstrip()[:1] == b"["
    try:
        if is_list:
            return _LIST.validate_json(data)
        top = _OBJECT.validate_json(data)
    except ValidationError as error:
        raise _registry_error(name, data, error, is_list, skipped) from None
    if top.studies is not None:
        return top.studies
    if top.protocolSection is None:
        raise RegistryError(
            name,
            "neither a study (no protocolSection) nor a search page (no studies)",
            field="protocolSection",
        )
    return (v2.Study(protocolSection=top.protocolSection, derivedSection=top.derivedSection),)


def read_json_studies(name: str, data: bytes) -> Iterator[StudyRecord]:
    """Every study in one API v2 JSON document, as StudyRecords."""
    for study in parse_json_studies(name, data):
        yield study_record(study, name)


def study_record(study: v2.Study, source: str) -> StudyRecord:
    """Map one validated API v2 study to a StudyRecord; bad ages or dates raise RegistryError."""
    protocol = study.protocolSection
    ident = protocol.identificationModule
    nct_id = ident.nctId.strip()
    if not _NCT_ID.fullmatch(nct_id):
        raise RegistryError(
            source,
            f"{ident.nctId!r} is not an NCT number like 'NCT01234567'",
            field="protocolSection.identificationModule.nctId",
        )
    status = protocol.statusModule or v2.StatusModule()
    sponsor = (
        protocol.sponsorCollaboratorsModule or v2.SponsorCollaboratorsModule()
    ).leadSponsor or v2.Sponsor()
    description = protocol.descriptionModule or v2.DescriptionModule()
    conditions = protocol.conditionsModule or v2.ConditionsModule()
    design = protocol.designModule or v2.DesignModule()
    enrollment = design.enrollmentInfo or v2.EnrollmentInfo()
    arms = protocol.armsInterventionsModule or v2.ArmsInterventionsModule()
    eligibility = protocol.eligibilityModule or v2.EligibilityModule()
    places = protocol.contactsLocationsModule or v2.ContactsLocationsModule()
    derived = study.derivedSection or v2.DerivedSection()
    browse = derived.conditionBrowseModule or v2.ConditionBrowseModule()
    misc = derived.miscInfoModule or v2.MiscInfoModule()

    def day(text: str | None, field: str) -> date | None:
        return parse_iso_date(text, file=source, nct_id=nct_id, field=field)

    def struct_day(struct: v2.DateStruct | None, field: str) -> date | None:
        return day(struct.date if struct else None, f"protocolSection.statusModule.{field}.date")

    return StudyRecord(
        nct_id=nct_id,
        brief_title=ident.briefTitle,
        source=source,
        official_title=ident.officialTitle,
        acronym=ident.acronym,
        org_study_id=ident.orgStudyIdInfo.id if ident.orgStudyIdInfo else None,
        secondary_ids=tuple(s.id for s in ident.secondaryIdInfos if s.id),
        overall_status=status.overallStatus,
        phases=tuple(p for p in design.phases if p != _NOT_APPLICABLE),
        study_type=design.studyType,
        conditions=tuple(conditions.conditions),
        condition_mesh_terms=tuple(m.term for m in browse.meshes),
        condition_mesh_ancestors=tuple(m.term for m in browse.ancestors),
        keywords=tuple(conditions.keywords),
        interventions=tuple(
            Intervention(type=i.type, name=i.name, description=i.description) for i in arms.interventions
        ),
        brief_summary=description.briefSummary,
        detailed_description=description.detailedDescription,
        eligibility_text=eligibility.eligibilityCriteria,
        minimum_age=parse_age(
            eligibility.minimumAge,
            file=source,
            nct_id=nct_id,
            field="protocolSection.eligibilityModule.minimumAge",
        ),
        maximum_age=parse_age(
            eligibility.maximumAge,
            file=source,
            nct_id=nct_id,
            field="protocolSection.eligibilityModule.maximumAge",
        ),
        sex=eligibility.sex,
        healthy_volunteers=eligibility.healthyVolunteers,
        sponsor=sponsor.name,
        sponsor_class=sponsor.class_,
        enrollment=enrollment.count,
        enrollment_type=enrollment.type,
        first_posted=struct_day(status.studyFirstPostDateStruct, "studyFirstPostDateStruct"),
        last_update_posted=struct_day(status.lastUpdatePostDateStruct, "lastUpdatePostDateStruct"),
        status_verified=day(status.statusVerifiedDate, "protocolSection.statusModule.statusVerifiedDate"),
        start_date=struct_day(status.startDateStruct, "startDateStruct"),
        completion_date=struct_day(status.completionDateStruct, "completionDateStruct"),
        locations=tuple(_location(loc) for loc in places.locations),
        central_contacts=tuple(_contact(c) for c in places.centralContacts),
        snapshot_date=day(misc.versionHolder, "derivedSection.miscInfoModule.versionHolder"),
    )


def _contact(contact: v2.Contact) -> Contact:
    phone = contact.phone
    if phone and contact.phoneExt:
        phone = f"{phone} ext. {contact.phoneExt}"
    return Contact(name=contact.name, role=contact.role, phone=phone, email=contact.email)


def _location(location: v2.Location) -> Location:
    geo = location.geoPoint
    return Location(
        facility=location.facility,
        city=location.city,
        state=location.state,
        postal_code=location.zip,
        country=location.country,
        latitude=geo.lat if geo else None,
        longitude=geo.lon if geo else None,
        status=location.status,
        contacts=tuple(_contact(c) for c in location.contacts),
    )


def _registry_error(
    name: str, data: bytes, error: ValidationError, is_list: bool, skipped: int
) -> RegistryError:
    """The first pydantic error as a RegistryError naming the study (found by its index) and field path."""
    first = error.errors(include_url=False)[0]
    if first["type"] == "json_invalid":
        return _json_syntax_error(name, data, str(first.get("ctx", {}).get("error", first["msg"])), skipped)
    loc = list(first["loc"])
    index: int | None = None
    if is_list and loc and isinstance(loc[0], int):
        index, loc = loc[0], loc[1:]
    elif len(loc) >= 2 and loc[0] == "studies" and isinstance(loc[1], int):
        index, loc = loc[1], loc[2:]
    field = ".".join(str(part) for part in loc) or None
    return RegistryError(name, first["msg"], nct_id=_nct_id_of(data, index), field=field)


def _nct_id_of(data: bytes, index: int | None) -> str | None:
    """The NCT id of the study that failed validation (error path only: a lenient second read of the file)."""
    try:
        top = json.loads(data)
        study = top if index is None else (top["studies"] if isinstance(top, dict) else top)[index]
        nct_id = study["protocolSection"]["identificationModule"]["nctId"]
    except (ValueError, LookupError, TypeError):
        return f"#{index + 1} in the file" if index is not None else None
    return nct_id if isinstance(nct_id, str) else None


def _json_syntax_error(name: str, data: bytes, message: str, skipped: int) -> RegistryError:
    """Broken JSON: say whether it is an encoding problem, and which study it was in when that is known.
    `skipped`: bytes of byte-order mark cut off the front, so the byte offset is the file's own."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return RegistryError(name, f"not UTF-8 at byte {bad.start + skipped}")
    line_col = re.search(r"line (\d+) column (\d+)", message)
    nct_id = None
    if line_col:
        lines = data.split(b"\n", int(line_col.group(1)))
        offset = sum(len(line) + 1 for line in lines[: int(line_col.group(1)) - 1]) + int(line_col.group(2))
        before = _OWN_NCT_ID_IN_JSON.findall(data[:offset])
        nct_id = before[-1].decode() if before else None
    truncated = "EOF while parsing" in message
    reason = (
        f"the JSON ends too early, the file looks cut short ({message})"
        if truncated
        else f"not valid JSON ({message})"
    )
    return RegistryError(name, reason, nct_id=nct_id)
