"""`trial-finder match` / `explain` on a temporary store holding the two seed trials."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finder.cli import main
from finder.matching.schema import MatchesDocument
from finder.store.database import open_store

NB = "NCT06751134"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 't.db'}"
    open_store(url).close()  # seeds the two bundled trials
    return url


def _answers(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


CHILD = {
    "format": "trial-finder/answers@1",
    "age": {"value": 6, "unit": "years"},
    "weight": {"value": 20, "unit": "kg"},
    "diagnosis": "neuroblastoma",
    "disease_status": "relapsed",
    "treatments": {"gene_therapy": False},
}


def test_match_json_is_exactly_the_contract(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _answers(tmp_path, CHILD)
    assert main(["--db", db, "match", "--answers", str(path), "--json"]) == 0
    doc = MatchesDocument.model_validate_json(capsys.readouterr().out)
    assert [r.nct_id for r in doc.results] == [NB]
    assert doc.results[0].verdict != "not_a_fit"


def test_match_all_lists_not_a_fit_with_a_not_met_reason(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _answers(tmp_path, {**CHILD, "age": {"value": 14, "unit": "years"}})
    assert main(["--db", db, "match", "--answers", str(path), "--json", "--all"]) == 0
    doc = MatchesDocument.model_validate_json(capsys.readouterr().out)
    assert {r.nct_id for r in doc.results} == {NB, "NCT05665075"}
    for result in doc.results:
        assert result.verdict == "not_a_fit"
        assert any(r.status == "not_met" for r in result.reasons)
    assert main(["--db", db, "match", "--answers", str(path), "--json"]) == 0
    assert MatchesDocument.model_validate_json(capsys.readouterr().out).results == []


def test_match_text_output(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, CHILD)
    assert main(["--db", db, "match", "--answers", str(path)]) == 0
    out = capsys.readouterr().out
    assert NB in out and ("May fit" in out or "Good fit" in out)


def test_bad_answers_file_names_the_key(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, {"age": {"value": 6, "unit": "decades"}})
    assert main(["--db", db, "match", "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert "age.unit" in err
    path.write_text("{not json", encoding="utf-8")
    assert main(["--db", db, "explain", NB, "--answers", str(path)]) == 2
    assert "not a readable JSON file" in capsys.readouterr().err


def test_explain_prints_every_criterion(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers(tmp_path, CHILD)
    assert main(["--db", db, "explain", NB, "--answers", str(path)]) == 0
    out = capsys.readouterr().out
    assert "verdict:" in out and "Ages 1 Year to 12 Years (registry age limits)" in out
    # each item's rule is printed under it: the weight item with its range rule
    lines = out.splitlines()
    weight = next(i for i, line in enumerate(lines) if "] inclusion weight" in line)
    assert '"quantity": "weight_kg"' in lines[weight + 1]
    assert main(["--db", db, "explain", "NCT00000000", "--answers", str(path)]) == 1


def _schema_blocks(text: str) -> list[object]:
    import re

    return [json.loads(b) for b in re.findall(r"```json\n(\{\n.*?)\n```", text, flags=re.S)]


def test_docs_carry_the_current_json_schemas() -> None:
    from finder.answers import answers_json_schema
    from finder.matching.schema import matches_json_schema

    doc = (Path(__file__).resolve().parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    blocks = _schema_blocks(doc)
    assert answers_json_schema() in blocks
    assert matches_json_schema() in blocks
