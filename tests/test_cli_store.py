"""`trial-finder import | stats | show | reparse` through finder.cli.main, as a script would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finder.cli import main
from tests.store_support import (
    dump,
    full_study,
    minimal_study,
    no_place_lookup,  # noqa: F401 (a fixture, used by name)
    sqlite_url,
    write_json,
)

pytestmark = pytest.mark.usefixtures("no_place_lookup")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def studies(tmp_path: Path) -> Path:
    return write_json(
        tmp_path / "page.json", {"studies": [full_study("NCT09000001"), minimal_study("NCT09000002")]}
    )


def test_import_then_stats_and_show(db: str, studies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "import", str(studies)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 2 studies (0 replaced)")
    assert out.count("\n") == 1  # not a terminal: the one-line summary only, no progress bar

    assert main(["--db", db, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    # `import` fills the store it is given: the bundled seeds are not added first
    assert stats["total"] == 2
    assert stats["by_status"] == {"RECRUITING": 1, "NOT_GIVEN": 1}
    assert "2026-04-29" in stats["snapshot_dates"]
    assert stats["url"] == db

    assert main(["--db", db, "show", "NCT09000001", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown) == 1
    record = shown[0]["record"]
    assert record["nct_id"] == "NCT09000001"
    assert record["minimum_age"] == {"raw": "12 Months", "days": 365.25}
    assert record["locations"][0]["contacts"][1]["email"] == "desk@example.org"
    assert record["central_contacts"][0]["phone"] == "555-0100 ext. 12"
    assert record["first_posted"] == "2025-10-20"


def test_show_text_names_every_stored_field(
    db: str, studies: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", db, "import", str(studies)])
    capsys.readouterr()
    assert main(["--db", db, "show", "nct09000001"]) == 0
    out = capsys.readouterr().out
    for field in (
        "brief_title",
        "official_title",
        "acronym",
        "org_study_id",
        "secondary_ids",
        "phases",
        "condition_mesh_terms",
        "keywords",
        "interventions",
        "eligibility_text",
        "minimum_age",
        "maximum_age",
        "sex",
        "healthy_volunteers",
        "sponsor_class",
        "enrollment_type",
        "status_verified",
        "locations",
        "central_contacts",
        "snapshot_date",
        "imported_at",
        "parser_version",
    ):
        assert f"\n{field}:" in out, field
    assert "Cord Blood NK Cells" in out and "Houston" in out and "ana.ruiz@example.org" in out


def test_show_unknown_study_fails(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "show", "NCT09999999"]) == 1
    assert "NCT09999999 is not in the store" in capsys.readouterr().err


def test_bad_file_exits_non_zero_and_changes_nothing(
    db: str, studies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", db, "import", str(studies)])
    before = dump(db)
    broken = tmp_path / "broken.json"
    broken.write_text('{"protocolSection": {"identificationModule": {"nctId": "NCT0', "utf-8")
    capsys.readouterr()
    assert main(["--db", db, "import", str(studies), str(broken)]) == 1
    captured = capsys.readouterr()
    assert "broken.json" in captured.err and "unchanged" in captured.err
    assert captured.out == ""
    assert dump(db) == before

    assert main(["--db", db, "import", "--skip-bad", str(broken), str(studies)]) == 0
    captured = capsys.readouterr()
    assert "2 replaced" in captured.out and "skipped 1 bad file" in captured.out
    assert "broken.json" in captured.err


def test_reparse_command(db: str, studies: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", db, "import", str(studies)])
    capsys.readouterr()
    assert main(["--db", db, "reparse", "--all"]) == 0
    assert capsys.readouterr().out == "Re-parsed the criteria of 2 studies.\n"


def test_store_location_from_environment_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from finder.store.database import default_url

    env_db = sqlite_url(tmp_path, "from-env.sqlite3")
    monkeypatch.setenv("TRIAL_FINDER_DB", env_db)
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == env_db
    assert (tmp_path / "from-env.sqlite3").exists()

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # platformdirs' user data dir on Linux
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'trial-finder' / 'trials.sqlite3'}"
    assert (tmp_path / "data" / "trial-finder").is_dir()
