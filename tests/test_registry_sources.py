"""Files, folders and zips: what is picked up, in what order, under which name; counting and parse-only."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from finder.registry.sources import count_documents, iter_documents, parse_only, read_studies

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
GOOD = ("v2-study-every-field.json", "v2-list.json", "v2-search-page.json", "classic-every-field.xml")


def _tree(root: Path) -> Path:
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "b" / "deeper" / "page.json").write_bytes((FIXTURES / "v2-search-page.json").read_bytes())
    (root / "a" / "classic.XML").write_bytes((FIXTURES / "classic-every-field.xml").read_bytes())
    (root / "b" / "full.json").write_bytes((FIXTURES / "v2-study-every-field.json").read_bytes())
    (root / "a" / "notes.txt").write_text("not a study")
    return root


def test_folder_is_read_recursively_sorted_and_only_study_files(tmp_path: Path) -> None:
    root = _tree(tmp_path / "download")
    names = [doc.name for doc in iter_documents([root])]
    assert names == [
        str(root / "a" / "classic.XML"),
        str(root / "b" / "deeper" / "page.json"),
        str(root / "b" / "full.json"),
    ]
    assert [r.nct_id for r in read_studies([root])] == [
        "NCT09000010",
        "NCT09000004",
        "NCT09000005",
        "NCT09000001",
    ]


def test_zip_members_in_nested_folders_are_read_without_extracting(tmp_path: Path) -> None:
    path = tmp_path / "bulk.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("studies/", b"")
        archive.writestr(
            "studies/2024/NCT09000001.json", (FIXTURES / "v2-study-every-field.json").read_bytes()
        )
        archive.writestr("studies/NCT09000010.xml", (FIXTURES / "classic-every-field.xml").read_bytes())
        archive.writestr("README.txt", b"ignored")
    before = sorted(os.listdir(tmp_path))
    records = list(read_studies([path]))
    assert sorted(os.listdir(tmp_path)) == before  # nothing unpacked beside the zip
    assert [(r.nct_id, r.source) for r in records] == [
        ("NCT09000001", f"{path}!studies/2024/NCT09000001.json"),
        ("NCT09000010", f"{path}!studies/NCT09000010.xml"),
    ]


def test_zips_inside_a_folder_are_read_in_place(tmp_path: Path) -> None:
    """As on a USB stick: the registry's zips beside loose files, all imported by naming the folder."""
    root = tmp_path / "stick"
    (root / "downloads").mkdir(parents=True)
    (root / "loose.json").write_bytes((FIXTURES / "v2-list.json").read_bytes())
    bulk = root / "downloads" / "bulk.zip"
    with zipfile.ZipFile(bulk, "w") as archive:
        archive.writestr("NCT09000001.json", (FIXTURES / "v2-study-every-field.json").read_bytes())
        archive.writestr("NCT09000010.xml", (FIXTURES / "classic-every-field.xml").read_bytes())
    with zipfile.ZipFile(root / "photos.zip", "w") as archive:
        archive.writestr("clinic.jpg", b"not a study")
    records = list(read_studies([root]))
    assert [(r.nct_id, r.source) for r in records] == [
        ("NCT09000001", f"{bulk}!NCT09000001.json"),
        ("NCT09000010", f"{bulk}!NCT09000010.xml"),
        ("NCT09000002", str(root / "loose.json")),
        ("NCT09000003", str(root / "loose.json")),
    ]
    assert count_documents([root]) == len(records)


def test_format_is_detected_from_the_bytes(tmp_path: Path) -> None:
    json_as_txt = tmp_path / "download.txt"
    json_as_txt.write_bytes((FIXTURES / "v2-list.json").read_bytes())
    xml_as_txt = tmp_path / "record.dat"
    xml_as_txt.write_bytes((FIXTURES / "classic-every-field.xml").read_bytes())
    assert [r.nct_id for r in read_studies([json_as_txt, xml_as_txt])] == [
        "NCT09000002",
        "NCT09000003",
        "NCT09000010",
    ]


def test_several_paths_in_order() -> None:
    paths = [FIXTURES / name for name in GOOD]
    assert [r.nct_id for r in read_studies(paths)] == [
        "NCT09000001",
        "NCT09000002",
        "NCT09000003",
        "NCT09000004",
        "NCT09000005",
        "NCT09000010",
    ]


def test_count_and_parse_only_agree_with_reading(tmp_path: Path) -> None:
    root = _tree(tmp_path / "download")
    paths = [*(FIXTURES / name for name in GOOD), root]
    expected = sum(1 for _ in read_studies(paths))
    assert expected == 10
    assert count_documents(paths) == expected
    assert parse_only(paths) == expected


def test_read_studies_is_lazy(tmp_path: Path) -> None:
    """Nothing is read before it is asked for: a broken second file does not stop the first study."""
    (tmp_path / "a.json").write_bytes((FIXTURES / "v2-study-every-field.json").read_bytes())
    (tmp_path / "b.json").write_bytes(b"{")
    assert next(read_studies([tmp_path])).nct_id == "NCT09000001"
