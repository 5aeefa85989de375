"""House rules a machine can check: ruff clean everywhere, mypy strict on finder/, the layers apart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed in this environment (pip install -e '.[test]')")
    return found


_LINTED = ("finder", "ui", "resources", "tests", "benchmarks", "docs", "tools", "setup.py")


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", *_LINTED],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_finder() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "finder"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


_QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|ui)\b", re.MULTILINE)
_SQL_IMPORT = re.compile(r"^\s*(from|import)\s+sqlalchemy\b", re.MULTILINE)


def test_finder_never_imports_qt_or_ui() -> None:
    offenders = [p for p in (REPO / "finder").rglob("*.py") if _QT_IMPORT.search(p.read_text("utf-8"))]
    assert offenders == []


def test_ui_never_imports_sqlalchemy() -> None:
    offenders = [p for p in (REPO / "ui").rglob("*.py") if _SQL_IMPORT.search(p.read_text("utf-8"))]
    assert offenders == []
