"""Build hooks only (the project's metadata is in pyproject.toml).

1. Compile the Qt Linguist .ts files in resources/i18n/ to .qm with PySide6's lrelease when it can be found.
   Without lrelease the wheel carries the .ts files alone and ui/i18n.py reads them directly, so the app is
   translated either way.
2. With TRIAL_FINDER_MYPYC=1, compile the criteria parser (finder/criteria, finder/phrases.py) to C with
   mypyc: it is most of an import's CPU time and runs about 1.4 times faster compiled. The .py files stay in
   the wheel and give the same results; a plain build, and every editable install, is pure Python, so a
   developer's edits are never shadowed by a stale compiled module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_py import build_py


def _lrelease() -> str | None:
    try:
        import PySide6

        bundled = Path(PySide6.__file__).parent / "lrelease"
        if bundled.is_file():
            return str(bundled)
    except ImportError:
        pass
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        tool = _lrelease()
        if tool is None:
            print("lrelease not found: shipping .ts translations only (read at run time)")
            return
        out_dir = Path(self.build_lib) / "resources" / "i18n"
        for ts in sorted(Path("resources", "i18n").glob("*.ts")):
            out_dir.mkdir(parents=True, exist_ok=True)
            qm = out_dir / ts.with_suffix(".qm").name
            result = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=False)
            if result.returncode != 0:
                print(f"lrelease failed for {ts}; the .ts is read at run time instead")


MYPY = "mypy>=1.10"


def _compiled_parser() -> dict[str, Any]:
    """setup() arguments for the mypyc build (TRIAL_FINDER_MYPYC=1), or none."""
    if os.environ.get("TRIAL_FINDER_MYPYC") != "1":
        return {}
    if "editable_wheel" in sys.argv or "develop" in sys.argv:
        print("TRIAL_FINDER_MYPYC ignored: an editable install stays pure Python")
        return {}
    if "--inplace" in sys.argv or "-i" in sys.argv:
        raise SystemExit(
            "TRIAL_FINDER_MYPYC=1 builds wheels only: compiled modules placed in the checkout would be"
            " imported instead of the .py files beside them, hiding every later edit"
        )
    # mypy (which holds mypyc) is asked for as a build requirement. pip's passes over this file that only
    # learn the requirements and the metadata (egg_info, dist_info) need no extension modules, and an
    # editable install's look the same: compile only when a build command runs.
    requires: dict[str, Any] = {"setup_requires": [MYPY]}
    if not any(command in sys.argv for command in ("bdist_wheel", "build", "build_ext", "install")):
        return requires
    try:
        from mypyc.build import mypycify
    except ImportError:
        raise SystemExit("TRIAL_FINDER_MYPYC=1 needs mypy in the build environment") from None
    sources = [
        *sorted(str(p) for p in Path("finder", "criteria").glob("*.py") if p.name != "__init__.py"),
        "finder/phrases.py",
    ]
    # Not the project's mypy settings: they load the pydantic plugin, and a build environment has none of the
    # app's dependencies. The parser imports only the standard library and itself; the modules it reaches
    # lazily (finder.vocabulary) are read for their types, not checked, and their missing imports are Any.
    options = ["--config-file", os.devnull, "--strict", "--follow-imports=silent", "--ignore-missing-imports"]
    compiled = mypycify([*options, *sources], only_compile_paths=sources, opt_level="3")
    return {**requires, "ext_modules": compiled}


setup(cmdclass={"build_py": BuildWithTranslations}, **_compiled_parser())
