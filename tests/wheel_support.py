"""Building the project's wheel in a test, as pip builds it for an install (setup.py's hooks included)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def can_build_wheels() -> bool:
    """Offline, without build isolation, setuptools needs the `wheel` package (or setuptools >= 70.1)."""
    import setuptools

    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return importlib.util.find_spec("wheel") is not None or (major, minor) >= (70, 1)


def build_wheel(tmp_path: Path, *, compile_parser: bool = False) -> Path:
    """The wheel built from a copy of the sources (so the checkout gets no build/ or egg-info litter), with no
    network and no build isolation; `compile_parser` is a TRIAL_FINDER_MYPYC=1 build."""
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm", "*.so")
    for folder in ("finder", "ui", "resources"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "setup.py"):
        shutil.copy2(REPO / name, source / name)
    wheels = tmp_path / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    built = subprocess.run(
        [*pip_wheel, "-w", str(wheels), "."],
        cwd=source,
        env={**os.environ, "TRIAL_FINDER_MYPYC": "1" if compile_parser else "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = wheels.glob("trial_finder-*.whl")
    return wheel
