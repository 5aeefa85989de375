"""Where studies come from: files, folders and .zip downloads, read one document at a time.

`read_studies` streams: one document's bytes and studies are in memory at a time, whatever the size of the
download. Zip members are read straight from the archive, never extracted to disk, and a member whose name
tries to leave the archive's folder (`../`, an absolute path, a drive letter) makes the whole zip refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from finder.registry.ctgov_json import parse_json_studies, read_json_studies
from finder.registry.ctgov_xml import ROOT, read_xml_study
from finder.registry.errors import RegistryError
from finder.registry.records import StudyRecord
from finder.registry.safe_xml import parse_xml

StudyPath = str | Path
Format = Literal["json", "xml"]
STUDY_SUFFIXES = (".json", ".xml")
# One registry study is at most a few MB and a search page of 1,000 studies a few tens: anything bigger in a
# zip is refused rather than inflated into memory (a zip bomb).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_JSON_STUDY_MARK = b'"identificationModule"'
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where one document lives, cheap to pass around (and to another process): a file, or a zip member."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path}!{self.member}" if self.member is not None else self.path

    def load(self, archive: zipfile.ZipFile | None = None) -> Document:
        if self.member is None:
            try:
                return Document(self.name, Path(self.path).read_bytes())
            except OSError as error:
                raise RegistryError(self.name, f"cannot be read ({error.strerror or error})") from None
        if archive is None:
            with _open_zip(self.path) as opened:
                return _read_member(opened, self.path, self.member)
        return _read_member(archive, self.path, self.member)


@dataclass(frozen=True, slots=True)
class Document:
    """One registry file's bytes and the name errors and StudyRecord.source call it by."""

    name: str
    data: bytes


def _open_zip(path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise RegistryError(path, f"not a readable zip file ({error})") from None


def _read_member(archive: zipfile.ZipFile, path: str, member: str) -> Document:
    name = f"{path}!{member}"
    try:
        info = archive.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            raise RegistryError(
                name, f"refused: {info.file_size} bytes once unpacked, more than any registry file"
            )
        with archive.open(info) as stream:
            data = stream.read(MAX_MEMBER_BYTES + 1)
    except RegistryError:
        raise
    except (zipfile.BadZipFile, RuntimeError, OSError, KeyError, EOFError) as error:
        raise RegistryError(name, f"cannot be read from the zip ({error})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise RegistryError(name, "refused: larger once unpacked than any registry file")
    return Document(name, data)


def _unsafe_member(member: str) -> bool:
    normalised = member.replace("\\", "/")
    return normalised.startswith("/") or bool(_DRIVE.match(normalised)) or ".." in normalised.split("/")


def _is_study_file(name: str) -> bool:
    return name.lower().endswith(STUDY_SUFFIXES) and not _is_mac_metadata(name)


def _is_mac_metadata(name: str) -> bool:
    """macOS writes an AppleDouble "._name" beside every file it copies to a USB stick (and "__MACOSX/" into
    the zips it makes): metadata, never registry data, and unreadable as JSON, XML or zip."""
    return name.rsplit("/", 1)[-1].startswith("._") or name.startswith("__MACOSX/")


def folder_parts(path: Path) -> list[Path]:
    """The study files and zips under a folder, recursively and sorted (macOS metadata files left out)."""
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and not _is_mac_metadata(p.name)
        and (_is_study_file(p.name) or p.suffix.lower() == ".zip")
    )


def _zip_refs(path: Path) -> list[DocumentRef]:
    with _open_zip(str(path)) as archive:
        infos = archive.infolist()
    for info in infos:
        if _unsafe_member(info.filename):
            raise RegistryError(
                f"{path}!{info.filename}",
                "refused: a zip member whose name points outside the archive (../, absolute path or drive)",
            )
    return [
        DocumentRef(str(path), info.filename)
        for info in infos
        if not info.is_dir() and _is_study_file(info.filename)
    ]


def _refs_at(path: Path) -> list[DocumentRef]:
    if path.is_dir():
        # a USB stick often holds the registry's zips as downloaded, beside loose files: read both
        refs = []
        for file in folder_parts(path):
            if _is_study_file(file.name):
                refs.append(DocumentRef(str(file)))
            else:
                refs.extend(_zip_refs(file))  # a zip of other files adds nothing; a bad one is refused
    elif path.is_file():
        is_zip = path.suffix.lower() == ".zip" or (not _is_study_file(path.name) and zipfile.is_zipfile(path))
        refs = _zip_refs(path) if is_zip else [DocumentRef(str(path))]
    else:
        raise RegistryError(str(path), "no such file or folder")
    if not refs:
        raise RegistryError(str(path), "no study files (*.json or *.xml) in it")
    return refs


def iter_document_refs(paths: Iterable[StudyPath]) -> Iterator[DocumentRef]:
    """Every document under paths, in order: files as given, folders recursively and sorted (zips in them
    included), zips in archive order. Listing a folder or a zip's directory is cheap; no document is read."""
    for path in paths:
        yield from _refs_at(Path(path))


def iter_documents(paths: Iterable[StudyPath]) -> Iterator[Document]:
    """Every document under paths with its bytes, one at a time (each zip is opened once)."""
    open_zip: zipfile.ZipFile | None = None
    open_path: str | None = None
    try:
        for ref in iter_document_refs(paths):
            if ref.member is not None and ref.path != open_path:
                if open_zip is not None:
                    open_zip.close()
                open_zip, open_path = _open_zip(ref.path), ref.path
            yield ref.load(open_zip if ref.member is not None else None)
    finally:
        if open_zip is not None:
            open_zip.close()


def detect_format(document: Document) -> Format:
    """JSON or XML, from the first bytes (and the name's extension when the bytes do not say)."""
    data = document.data
    if not data.strip():
        raise RegistryError(document.name, "the file is empty")
    head = data[:256].removeprefix(_UTF8_BOM).lstrip()
    first = head[:1]
    if first in (b"{", b"["):
        return "json"
    if first == b"<":
        return "xml"
    lower = document.name.lower()
    if lower.endswith(".json"):
        return "json"  # the JSON reader says what is wrong with it (e.g. not UTF-8)
    if lower.endswith(".xml") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"
    raise RegistryError(document.name, "neither JSON nor XML: not a ClinicalTrials.gov file")


def studies_in(document: Document) -> Iterator[StudyRecord]:
    """The studies in one document, whichever format it is in."""
    if detect_format(document) == "json":
        yield from read_json_studies(document.name, document.data)
    else:
        yield read_xml_study(document.name, document.data)


def read_studies(paths: Iterable[StudyPath]) -> Iterator[StudyRecord]:
    """Every study under paths (files, folders, zips; API v2 JSON or classic XML), streamed.

    Raises RegistryError (file, study and field when known) at the first bad document; the studies before it
    have already been yielded, so a caller that must stay all-or-nothing reads inside one transaction.
    """
    for document in iter_documents(paths):
        yield from studies_in(document)


def parse_only(paths: Iterable[StudyPath]) -> int:
    """The floor for an import benchmark: read and parse every document with the same parsers (XML tree;
    JSON validated into the API v2 models) but build no StudyRecord. Returns the number of studies."""
    count = 0
    for document in iter_documents(paths):
        if detect_format(document) == "json":
            count += len(parse_json_studies(document.name, document.data))
        else:
            root = parse_xml(document.name, document.data)
            if root.tag != ROOT:
                raise RegistryError(document.name, f"the root element is <{root.tag}>, expected <{ROOT}>")
            count += 1
    return count


def _json_file_count(path: Path) -> int:
    """Studies in one JSON file without parsing it: each study has exactly one "identificationModule" key (the
    same letters inside a JSON string would have their quotes escaped)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            if head.removeprefix(_UTF8_BOM).lstrip()[:1] != b"[" and b'"studies"' not in head:
                return 1
            data = head + stream.read()
    except OSError:
        return 1
    return max(data.count(_JSON_STUDY_MARK), 1)


def count_documents(paths: Iterable[StudyPath]) -> int | None:
    """How many studies to expect, for a progress bar, without parsing anything.

    Exact for XML and for JSON files given or found in folders (list and search-page files are counted by
    their study keys); a zip's JSON members are counted as one study each, as in the registry's bulk download.
    None when the paths cannot be listed (the import itself will then report why).
    """
    total = 0
    try:
        for ref in iter_document_refs(paths):
            if ref.member is None and ref.path.lower().endswith(".json"):
                total += _json_file_count(Path(ref.path))
            else:
                total += 1
    except RegistryError:
        return None
    return total
