"""Refresh the Qt Linguist sources from the UI code: `python tools/update_translations.py [--release]`.

Runs PySide6's lupdate over ui/**/*.py into resources/i18n/trial_finder_{es,zh_CN}.ts (existing
translations are kept; new strings arrive as type="unfinished" for a translator to fill in, e.g. with
pyside6-linguist). `--release` also compiles the .qm files next to them (they are gitignored).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "resources" / "i18n"
LOCALES = ("es", "zh_CN")


def qt_tool(name: str) -> Path | None:
    """PySide6's bundled lupdate / lrelease, when PySide6 is installed."""
    try:
        import PySide6
    except ImportError:
        return None
    tool = Path(PySide6.__file__).parent / name
    return tool if tool.is_file() else None


def sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "ui").rglob("*.py"))


def update(locale: str, ts: Path | None = None) -> Path:
    lupdate = qt_tool("lupdate")
    if lupdate is None:
        raise SystemExit("lupdate not found (install PySide6)")
    ts = ts or I18N / f"trial_finder_{locale}.ts"
    subprocess.run(
        [str(lupdate), *sources(), "-locations", "none", "-no-obsolete", "-source-language", "en",
         "-target-language", locale, "-ts", str(ts)],
        cwd=REPO, check=True, capture_output=True,
    )
    return ts


def release(ts: Path, qm: Path) -> bool:
    lrelease = qt_tool("lrelease")
    if lrelease is None:
        return False
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    return True


def main(argv: list[str]) -> int:
    for locale in LOCALES:
        ts = update(locale)
        print(f"updated {ts.relative_to(REPO)}")
        if "--release" in argv:
            release(ts, ts.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
