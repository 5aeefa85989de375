"""Pydantic models of the parts of a ClinicalTrials.gov API v2 study that Trial Finder uses.

Field names keep the registry's camelCase so a validation error's path reads like the registry's own field
path (protocolSection.eligibilityModule.minimumAge). Every other key is ignored, so newer registry files with
extra modules still import. Enumerations stay plain strings: a status the registry adds next year must not
stop an import.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class OrgStudyIdInfo(_Model):
    id: str | None = None


class SecondaryIdInfo(_Model):
    id: str | None = None


class IdentificationModule(_Model):
    nctId: str
    briefTitle: str
    officialTitle: str | None = None
    acronym: str | None = None
    orgStudyIdInfo: OrgStudyIdInfo | None = None
    secondaryIdInfos: list[SecondaryIdInfo] = []


class DateStruct(_Model):
    date: str | None = None
    type: str | None = None


class StatusModule(_Model):
    overallStatus: str | None = None
    statusVerifiedDate: str | None = None
    startDateStruct: DateStruct | None = None
    completionDateStruct: DateStruct | None = None
    studyFirstPostDateStruct: DateStruct | None = None
    lastUpdatePostDateStruct: DateStruct | None = None


class Sponsor(_Model):
    name: str | None = None
    class_: str | None = Field(default=None, alias="class")


class SponsorCollaboratorsModule(_Model):
    leadSponsor: Sponsor | None = None


class DescriptionModule(_Model):
    briefSummary: str | None = None
    detailedDescription: str | None = None


class ConditionsModule(_Model):
    conditions: list[str] = []
    keywords: list[str] = []


class EnrollmentInfo(_Model):
    count: int | None = None
    type: str | None = None


class DesignModule(_Model):
    studyType: str | None = None
    phases: list[str] = []
    enrollmentInfo: EnrollmentInfo | None = None


class Intervention(_Model):
    type: str | None = None
    name: str = ""
    description: str | None = None


class ArmsInterventionsModule(_Model):
    interventions: list[Intervention] = []


class EligibilityModule(_Model):
    eligibilityCriteria: str | None = None
    healthyVolunteers: bool | None = None
    sex: str | None = None
    minimumAge: str | None = None
    maximumAge: str | None = None


class Contact(_Model):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    phoneExt: str | None = None
    email: str | None = None


class GeoPoint(_Model):
    lat: float
    lon: float


class Location(_Model):
    facility: str | None = None
    status: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    contacts: list[Contact] = []
    geoPoint: GeoPoint | None = None


class ContactsLocationsModule(_Model):
    centralContacts: list[Contact] = []
    locations: list[Location] = []


class ProtocolSection(_Model):
    identificationModule: IdentificationModule
    statusModule: StatusModule | None = None
    sponsorCollaboratorsModule: SponsorCollaboratorsModule | None = None
    descriptionModule: DescriptionModule | None = None
    conditionsModule: ConditionsModule | None = None
    designModule: DesignModule | None = None
    armsInterventionsModule: ArmsInterventionsModule | None = None
    eligibilityModule: EligibilityModule | None = None
    contactsLocationsModule: ContactsLocationsModule | None = None


class MeshTerm(_Model):
    id: str | None = None
    term: str


class ConditionBrowseModule(_Model):
    meshes: list[MeshTerm] = []
    ancestors: list[MeshTerm] = []


class MiscInfoModule(_Model):
    versionHolder: str | None = None


class DerivedSection(_Model):
    conditionBrowseModule: ConditionBrowseModule | None = None
    miscInfoModule: MiscInfoModule | None = None


class Study(_Model):
    protocolSection: ProtocolSection
    derivedSection: DerivedSection | None = None


class StudyOrPage(_Model):
    """A top-level JSON object: either one study or a search page {"studies": [...], "nextPageToken": ...}.

    One model for both lets pydantic validate the file in a single pass whichever it is.
    """

    protocolSection: ProtocolSection | None = None
    derivedSection: DerivedSection | None = None
    studies: list[Study] | None = None
    nextPageToken: str | None = None
