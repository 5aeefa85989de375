"""A bad file anywhere in an import leaves the store exactly as it was, with a message naming the file."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from finder.registry.errors import RegistryError
from finder.store.database import Store, open_store
from finder.store.importing import import_paths
from finder.store.read import get_study
from tests.store_support import (
    dump,
    full_study,
    minimal_study,
    no_place_lookup,  # noqa: F401 (a fixture, used by name)
    sqlite_url,
    write_json,
)

pytestmark = pytest.mark.usefixtures("no_place_lookup")


def truncated_json(folder: Path) -> Path:
    text = json.dumps(full_study("NCT09000009"))
    path = folder / "truncated.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


def wrong_root_xml(folder: Path) -> Path:
    path = folder / "NCT09000009.xml"
    path.write_text('<?xml version="1.0"?>\n<clinical_trial><id>NCT09000009</id></clinical_trial>\n', "utf-8")
    return path


def not_utf8_json(folder: Path) -> Path:
    path = folder / "latin1.json"
    text = json.dumps(minimal_study("NCT09000009", "Étude pédiatrique"), ensure_ascii=False)
    path.write_bytes(text.encode("latin-1"))
    return path


def empty_zip(folder: Path) -> Path:
    path = folder / "empty.zip"
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def zip_with_parent_path(folder: Path) -> Path:
    path = folder / "tricky.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("NCT09000008.json", json.dumps(minimal_study("NCT09000008")))
        archive.writestr("../../NCT09000009.json", json.dumps(minimal_study("NCT09000009")))
    return path


def billion_laughs_xml(folder: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    path = folder / "NCT09000007.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE clinical_study [{entities}]>\n'
        "<clinical_study><id_info><nct_id>NCT09000007</nct_id></id_info>"
        "<brief_title>&lol9;</brief_title></clinical_study>\n",
        "utf-8",
    )
    return path


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "truncated": truncated_json,
    "wrong-root": wrong_root_xml,
    "not-utf8": not_utf8_json,
    "empty-zip": empty_zip,
    "parent-path-zip": zip_with_parent_path,
    "billion-laughs": billion_laughs_xml,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(sqlite_url(tmp_path), seed=False)
    with opened.session() as session:
        import_paths(
            session, [write_json(tmp_path / "old.json", full_study("NCT09000001", brief_title="Old"))]
        )
    yield opened
    opened.close()


@pytest.mark.parametrize("make_bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_leaves_store_unchanged(
    store: Store, tmp_path: Path, make_bad: Callable[[Path], Path]
) -> None:
    # A good file before the bad one: its new and replacing studies must not survive either.
    good = write_json(
        tmp_path / "good.json", [full_study("NCT09000001", brief_title="New"), minimal_study("NCT09000002")]
    )
    bad = make_bad(tmp_path)
    before = dump(store.url)
    with pytest.raises(RegistryError) as caught, store.session() as session:
        import_paths(session, [good, bad])
    assert bad.name in str(caught.value)
    assert dump(store.url) == before


def test_nothing_written_even_if_the_caller_commits_after_the_error(store: Store, tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", minimal_study("NCT09000002"))
    before = dump(store.url)
    with store.session() as session, pytest.raises(RegistryError):
        import_paths(session, [good, truncated_json(tmp_path)])
        # the session block ends normally here and commits whatever is left in the transaction
    assert dump(store.url) == before


def test_skip_bad_imports_the_good_files_and_lists_the_bad(store: Store, tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", minimal_study("NCT09000002"))
    also_good = write_json(tmp_path / "also.json", minimal_study("NCT09000003"))
    bad_ones = [truncated_json(tmp_path), empty_zip(tmp_path)]
    with store.session() as session:
        report = import_paths(session, [good, bad_ones[0], also_good, bad_ones[1]], skip_bad=True)
    assert (report.imported, report.skipped) == (2, 2)
    assert sorted(Path(b.path).name for b in report.bad_files) == ["empty.zip", "truncated.json"]
    assert all(b.message for b in report.bad_files)
    with store.session() as session:
        assert get_study(session, "NCT09000002") is not None
        assert get_study(session, "NCT09000003") is not None
        assert get_study(session, "NCT09000009") is None
        old = get_study(session, "NCT09000001")
    assert old is not None and old.record.brief_title == "Old"


def _usb_stick(root: Path) -> Path:
    """A stick as a Mac leaves it: a loose study, a good bulk zip, a broken zip, and AppleDouble "._" files
    (metadata macOS writes beside every file, unreadable as JSON or zip)."""
    (root / "downloads").mkdir(parents=True)
    write_json(root / "loose.json", minimal_study("NCT09000002"))
    with zipfile.ZipFile(root / "downloads" / "bulk.zip", "w") as archive:
        archive.writestr("NCT09000003.json", json.dumps(minimal_study("NCT09000003")))
        archive.writestr("__MACOSX/._NCT09000003.json", b"\x00\x05\x16\x07 not json")
    (root / "downloads" / "broken.zip").write_bytes(b"PK\x03\x04 cut short")
    for name in ("._loose.json", "downloads/._bulk.zip"):
        (root / name).write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    return root


def test_a_broken_zip_in_a_folder_is_named_and_costs_only_itself(store: Store, tmp_path: Path) -> None:
    stick = _usb_stick(tmp_path / "stick")
    before = dump(store.url)
    with pytest.raises(RegistryError, match=r"broken\.zip"), store.session() as session:
        import_paths(session, [stick])
    assert dump(store.url) == before  # nothing written
    with store.session() as session:
        report = import_paths(session, [stick], skip_bad=True)
    assert report.imported == 2 and [Path(b.path).name for b in report.bad_files] == ["broken.zip"]
    with store.session() as session:
        assert get_study(session, "NCT09000002") is not None
        assert get_study(session, "NCT09000003") is not None
