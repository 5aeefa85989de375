"""Broken and hostile registry files: each gives a RegistryError naming the file, and the study and field
where they are known."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from finder.registry.errors import RegistryError
from finder.registry.sources import count_documents, iter_documents, parse_only, read_studies

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
FULL_JSON = FIXTURES / "v2-study-every-field.json"
FULL_XML = FIXTURES / "classic-every-field.xml"


def _error(paths: list[Path]) -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        list(read_studies(paths))
    return caught.value


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_truncated_json_names_file_and_study(tmp_path: Path) -> None:
    data = FULL_JSON.read_bytes()
    path = _write(tmp_path / "cut.json", data[: len(data) // 2])
    error = _error([path])
    assert error.file == str(path)
    assert error.nct_id == "NCT09000001"
    assert "cut short" in error.reason
    assert str(path) in str(error)


def test_truncated_xml_names_file_and_study(tmp_path: Path) -> None:
    data = FULL_XML.read_bytes()
    path = _write(tmp_path / "cut.xml", data[: len(data) // 2])
    error = _error([path])
    assert error.file == str(path)
    assert error.nct_id == "NCT09000010"
    assert "cut short" in error.reason


def test_truncated_member_of_a_zip_names_zip_and_member(tmp_path: Path) -> None:
    data = FULL_JSON.read_bytes()
    path = _zip(tmp_path / "bulk.zip", {"NCT09000001.json": data[:-40]})
    error = _error([path])
    assert error.file == f"{path}!NCT09000001.json"


def test_wrong_root_element(tmp_path: Path) -> None:
    error = _error([FIXTURES / "wrong-root.xml"])
    assert error.file == str(FIXTURES / "wrong-root.xml")
    assert "<html>" in error.reason and "<clinical_study>" in error.reason
    with pytest.raises(RegistryError, match="<html>"):
        parse_only([FIXTURES / "wrong-root.xml"])


def test_html_page_saved_as_json_is_not_json(tmp_path: Path) -> None:
    path = _write(tmp_path / "NCT09000001.json", b"<!DOCTYPE html><html><body>Sign in</body></html>")
    error = _error([path])
    assert error.file == str(path)


def test_non_utf8_json_says_where(tmp_path: Path) -> None:
    data = FULL_JSON.read_bytes()
    at = data.index(b"Fixture Kinderklinik")
    path = _write(tmp_path / "latin1.json", data[:at] + b"\xe9" + data[at + 1 :])
    error = _error([path])
    assert error.file == str(path)
    assert error.reason == f"not UTF-8 at byte {at}"


def test_utf16_json_is_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path / "utf16.json", FULL_JSON.read_text("utf-8").encode("utf-16"))
    assert _error([path]).reason == "not UTF-8 at byte 0"


def test_non_utf8_xml_says_where(tmp_path: Path) -> None:
    data = FULL_XML.read_bytes()
    at = data.index(b"Fixture Hopital")
    path = _write(tmp_path / "latin1.xml", data[:at] + b"\xe9" + data[at + 1 :])
    error = _error([path])
    assert error.reason == f"not UTF-8 at byte {at}"
    assert error.nct_id == "NCT09000010"


def test_empty_zip(tmp_path: Path) -> None:
    path = _zip(tmp_path / "empty.zip", {})
    error = _error([path])
    assert error.file == str(path)
    assert "no study files" in error.reason
    assert count_documents([path]) is None


def test_zip_with_only_other_files_is_empty_too(tmp_path: Path) -> None:
    path = _zip(tmp_path / "readme.zip", {"README.txt": b"hello"})
    assert "no study files" in _error([path]).reason


@pytest.mark.parametrize(
    "member", ["../evil.json", "studies/../../evil.json", "/etc/evil.json", "C:/evil.json", "..\\evil.xml"]
)
def test_zip_member_escaping_the_archive_is_refused(tmp_path: Path, member: str) -> None:
    path = _zip(
        tmp_path / "tricky.zip", {"NCT09000001.json": FULL_JSON.read_bytes(), member: FULL_JSON.read_bytes()}
    )
    with pytest.raises(RegistryError) as caught:
        next(iter_documents([path]))  # refused before any document is read
    assert caught.value.file == f"{path}!{member}"
    assert "outside the archive" in caught.value.reason
    assert not (tmp_path.parent / "evil.json").exists()


def test_billion_laughs_is_refused_not_expanded() -> None:
    error = _error([FIXTURES / "billion-laughs.xml"])
    assert error.file == str(FIXTURES / "billion-laughs.xml")
    assert error.reason.startswith("refused")
    assert error.nct_id == "NCT09000666"


def test_billion_laughs_in_utf16_is_refused_too(tmp_path: Path) -> None:
    text = (FIXTURES / "billion-laughs.xml").read_text("utf-8").replace('<?xml version="1.0"?>', "")
    path = _write(tmp_path / "bomb16.xml", text.encode("utf-16"))
    assert _error([path]).reason.startswith("refused")


def test_billion_laughs_inside_a_zip_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"NCT09000666.xml": (FIXTURES / "billion-laughs.xml").read_bytes()})
    error = _error([path])
    assert error.file == f"{path}!NCT09000666.xml"
    assert error.reason.startswith("refused")


def test_external_entity_is_refused() -> None:
    error = _error([FIXTURES / "external-entity.xml"])
    assert error.reason.startswith("refused")


def _with(study: dict[str, object], module: str, key: str, value: object) -> dict[str, object]:
    section = study["protocolSection"]
    assert isinstance(section, dict)
    section.setdefault(module, {})[key] = value
    return study


def test_bad_age_in_a_bulk_zip_reads_like_the_brief(tmp_path: Path) -> None:
    study = _with(json.loads(FULL_JSON.read_bytes()), "eligibilityModule", "minimumAge", "eighteen")
    path = _zip(tmp_path / "data.zip", {"NCT09000001.json": json.dumps(study).encode()})
    error = _error([path])
    assert str(error) == (
        f"{path}!NCT09000001.json: study NCT09000001: field protocolSection.eligibilityModule.minimumAge: "
        "'eighteen' is not an age like '18 Years'"
    )


def test_bad_age_in_classic_xml(tmp_path: Path) -> None:
    data = FULL_XML.read_bytes().replace(b"<minimum_age>18 Months", b"<minimum_age>eighteen months")
    error = _error([_write(tmp_path / "age.xml", data)])
    assert (error.nct_id, error.field) == ("NCT09000010", "eligibility/minimum_age")


def test_bad_date_names_its_field(tmp_path: Path) -> None:
    study = _with(json.loads(FULL_JSON.read_bytes()), "statusModule", "statusVerifiedDate", "May 2024")
    error = _error([_write(tmp_path / "date.json", json.dumps(study).encode())])
    assert (error.nct_id, error.field) == ("NCT09000001", "protocolSection.statusModule.statusVerifiedDate")


def test_wrong_type_in_a_list_names_that_study_and_field(tmp_path: Path) -> None:
    studies = json.loads((FIXTURES / "v2-list.json").read_bytes())
    studies[1]["protocolSection"]["designModule"]["enrollmentInfo"] = {"count": "many"}
    error = _error([_write(tmp_path / "list.json", json.dumps(studies).encode())])
    assert error.nct_id == "NCT09000003"
    assert error.field == "protocolSection.designModule.enrollmentInfo.count"


def test_wrong_type_in_a_search_page_names_that_study(tmp_path: Path) -> None:
    page = json.loads((FIXTURES / "v2-search-page.json").read_bytes())
    page["studies"][1]["protocolSection"]["conditionsModule"] = {"conditions": "Asthma"}
    error = _error([_write(tmp_path / "page.json", json.dumps(page).encode())])
    assert error.nct_id == "NCT09000005"
    assert error.field == "protocolSection.conditionsModule.conditions"


def test_missing_nct_id(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.json", b'{"protocolSection": {"identificationModule": {"briefTitle": "T"}}}')
    assert _error([path]).field == "protocolSection.identificationModule.nctId"


def test_malformed_nct_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "x.json",
        b'{"protocolSection": {"identificationModule": {"nctId": "NCT123", "briefTitle": "T"}}}',
    )
    assert _error([path]).field == "protocolSection.identificationModule.nctId"


def test_json_object_that_is_not_a_study(tmp_path: Path) -> None:
    error = _error([_write(tmp_path / "x.json", b'{"hello": "world"}')])
    assert "neither a study" in error.reason


def test_empty_file(tmp_path: Path) -> None:
    assert _error([_write(tmp_path / "x.json", b"")]).reason == "the file is empty"


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    assert _error([tmp_path / "nowhere"]).reason == "no such file or folder"
    (tmp_path / "empty").mkdir()
    assert "no study files" in _error([tmp_path / "empty"]).reason


def test_error_after_good_documents_comes_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(FULL_JSON.read_bytes())
    (tmp_path / "b.xml").write_bytes(FULL_XML.read_bytes()[:200])
    studies = read_studies([tmp_path])
    assert next(studies).nct_id == "NCT09000001"
    with pytest.raises(RegistryError) as caught:
        next(studies)
    assert caught.value.file == str(tmp_path / "b.xml")


def test_registry_error_survives_pickling() -> None:
    import pickle

    error = RegistryError("f.zip!a.json", "bad", nct_id="NCT09000001", field="x")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.reason, copy.nct_id, copy.field, str(copy)) == (
        error.file,
        error.reason,
        error.nct_id,
        error.field,
        str(error),
    )


def test_non_utf8_offset_counts_the_byte_order_mark(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + FULL_JSON.read_bytes()
    at = data.index(b"Fixture Kinderklinik")
    path = _write(tmp_path / "bom.json", data[:at] + b"\xff" + data[at + 1 :])
    assert _error([path]).reason == f"not UTF-8 at byte {at}"


def test_broken_list_names_the_study_not_an_id_it_mentions(tmp_path: Path) -> None:
    """Another study's id inside a record (expanded access) must not be taken for the broken study's id."""
    studies = json.loads((FIXTURES / "v2-list.json").read_bytes())
    studies[1]["protocolSection"]["statusModule"]["expandedAccessInfo"] = {"nctId": "NCT09999999"}
    text = json.dumps(studies)
    cut = text.index('"designModule"', text.index("NCT09999999"))
    path = _write(tmp_path / "cut.json", text[:cut].encode())
    error = _error([path])
    assert error.nct_id == "NCT09000003"
    assert "cut short" in error.reason
