"""The mypyc-compiled criteria parser (a TRIAL_FINDER_MYPYC=1 build, see setup.py) reads every text exactly as
the pure-Python one does.

mypyc checks type annotations at run time, so a wrong one would raise inside the compiled parser where plain
Python carries on; the parser would then keep that item as written and understand less. This builds the wheel
with the compiler, and compares its output with this process's pure-Python parse on the real registry texts
(when ../shared/data is present), the bundled seeds, and texts made by recombining their lines.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from finder.criteria import parser_is_compiled
from finder.registry.sources import read_studies
from finder.store.database import seed_paths
from finder.store.enrich import parse_criteria
from tests.conftest import REPO, SHARED_DATA
from tests.wheel_support import build_wheel, can_build_wheels

pytestmark = pytest.mark.slow

PROBE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    from finder.criteria import parser_is_compiled
    from finder.store.enrich import parse_criteria

    unpacked = Path(sys.argv[1]).resolve()
    import finder.criteria.understand as understand
    assert unpacked in Path(understand.__file__).resolve().parents, understand.__file__
    texts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    out = [parse_criteria(text) for text in texts]
    Path(sys.argv[3]).write_text(json.dumps([parser_is_compiled(), out]), encoding="utf-8")
    """
)

# The whole path on the bundled seeds: import (parsed by the compiled parser), match, explain.
MATCH_PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from pathlib import Path

    from finder.cli import main
    from finder.store.database import open_store

    db = "sqlite:///" + sys.argv[1]
    open_store(db).close()
    outputs = []
    for answers in sorted(Path(sys.argv[2]).glob("*.json")):
        for command in (["match", "--all", "--json"], ["explain", "NCT06751134"], ["explain", "NCT05665075"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["--db", db, *command, "--answers", str(answers)])
            outputs.append([answers.name, command, code, out.getvalue()])
    from finder.answers import answers_json_schema
    from finder.matching.schema import matches_json_schema

    # the documented contracts: pydantic reads descriptions from docstrings, which mypyc replaces when missing
    outputs.append(["schemas", [], 0, json.dumps([answers_json_schema(), matches_json_schema()])])
    Path(sys.argv[3]).write_text(json.dumps(outputs), encoding="utf-8")
    """
)

ANSWERS = {
    "child": {
        "age": {"value": 6, "unit": "years"},
        "weight": {"value": 20, "unit": "kg"},
        "diagnosis": "neuroblastoma",
        "disease_status": "relapsed",
        "treatments": {"gene_therapy": False},
    },
    "child_14_after_gene_therapy": {
        "age": {"value": 14, "unit": "years"},
        "weight": {"value": 9, "unit": "kg"},
        "diagnosis": "neuroblastoma",
        "treatments": {"gene_therapy": True},
    },
    "adult_aml": {"age": {"value": 45, "unit": "years"}, "diagnosis": "AML", "disease_status": "relapsed"},
    "nothing_answered": {},
}


def _missing_build_tools() -> str | None:
    if not can_build_wheels():
        return "needs `wheel` or setuptools >= 70.1 to build offline"
    if importlib.util.find_spec("mypyc") is None:
        return "mypyc (part of mypy, a test requirement) is not installed"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return "no C compiler to build the compiled parser with"
    if not Path(sysconfig.get_paths()["include"], "Python.h").is_file():
        return "no Python headers to build the compiled parser with"
    return None


def _texts() -> tuple[list[str], list[str]]:
    """(the real texts: the seeds, and every study in ../shared/data when present; texts made from them)"""
    paths = [SHARED_DATA] if SHARED_DATA.is_dir() else []
    real = [r.eligibility_text for r in read_studies([*seed_paths(), *paths]) if r.eligibility_text]
    # Lines of different studies put together: layouts and wordings the registry has not shown yet.
    lines = [line for text in real for line in text.splitlines() if line.strip()]
    rng = random.Random(20261207)
    made = ["\n".join(rng.choice(lines) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    return real, made


@pytest.mark.skipif(_missing_build_tools() is not None, reason=str(_missing_build_tools()))
def test_compiled_parser_reads_every_text_as_the_pure_python_one(tmp_path: Path) -> None:
    assert not parser_is_compiled(), "the tests run on the checkout, whose parser is plain Python"
    wheel = build_wheel(tmp_path, compile_parser=True)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert any(n.startswith("finder/criteria/understand.") and n.endswith((".so", ".pyd")) for n in names)
    assert "finder/criteria/understand.py" in names  # the source stays beside it

    real, made = _texts()
    assert len(real) >= (5900 if SHARED_DATA.is_dir() else 2)  # 5,957 with criteria in ../shared/data
    texts = real + made
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    files = [str(tmp_path / name) for name in ("site", "texts.json", "out")]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *files],
        cwd=tmp_path,
        env={**_environment(), "PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    compiled, parsed = json.loads((tmp_path / "out").read_text(encoding="utf-8"))
    assert compiled is True
    expected = json.loads(json.dumps([parse_criteria(text) for text in texts]))
    differing = [k for k, (a, b) in enumerate(zip(parsed, expected, strict=True)) if a != b]
    assert not differing, f"{len(differing)} of {len(texts)} differ, first: {texts[differing[0]][:300]!r}"

    answers = tmp_path / "answers"
    answers.mkdir()
    for name, data in ANSWERS.items():
        (answers / f"{name}.json").write_text(
            json.dumps({"format": "trial-finder/answers@1", **data}), encoding="utf-8"
        )
    matched = subprocess.run(
        [sys.executable, "-c", MATCH_PROBE, str(tmp_path / "compiled.db"), str(answers), str(tmp_path / "m")],
        cwd=tmp_path,
        env={**_environment(), "PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
    )
    assert matched.returncode == 0, matched.stderr[-3000:]
    compiled_runs = json.loads((tmp_path / "m").read_text(encoding="utf-8"))
    plain = subprocess.run(
        [sys.executable, "-c", MATCH_PROBE, str(tmp_path / "plain.db"), str(answers), str(tmp_path / "p")],
        cwd=tmp_path,
        env={**_environment(), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
    )
    assert plain.returncode == 0, plain.stderr[-3000:]
    plain_runs = json.loads((tmp_path / "p").read_text(encoding="utf-8"))
    assert len(compiled_runs) == len(ANSWERS) * 3 + 1
    assert [run[2] for run in compiled_runs] == [0] * len(compiled_runs)
    for _, command, _, out in compiled_runs[:-1]:
        assert out.count("NCT") >= (2 if command[0] == "match" else 1), out[:500]
    for compiled_run, plain_run in zip(compiled_runs, plain_runs, strict=True):
        assert compiled_run == plain_run


def _environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "TMPDIR", "LANG", "CC", "TRIAL_FINDER_SHARED_DATA")
    return {k: v for k, v in os.environ.items() if k in keep or k.startswith("XDG_")}
