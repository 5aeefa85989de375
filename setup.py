"""Build hook only (the project's metadata is in pyproject.toml): compile the Qt Linguist .ts files in
resources/i18n/ to .qm with PySide6's lrelease when it can be found. Without lrelease the wheel carries the
.ts files alone and ui/i18n.py reads them directly, so the app is translated either way."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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


setup(cmdclass={"build_py": BuildWithTranslations})
