"""Build the bundled Chinese fallback font: a subset of Noto Sans CJK SC (SIL Open Font License 1.1).

    pip install fonttools
    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto   # Debian's fonts-noto-cjk

Why: a kiosk or laptop without a Chinese font draws every Chinese character of the app as an empty box.
The subset keeps the 3,755 level-1 characters of GB 2312 (99.7% of everyday Simplified Chinese text, so
what a family types shows too), every character of the bundled Chinese texts, CJK punctuation and
full-width forms: about 2 MB per weight instead of the 60 MB collection. It is renamed "Trial Finder CJK"
(a modified version under the OFL, whose only reserved name is "Source"), so it never shadows a full Noto
font the system has.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "fonts"
FAMILY = "Trial Finder CJK"
SC_INDEX = 2  # in NotoSansCJK-*.ttc: JP, KR, SC, TC, HK, then the Mono faces


def gb2312_level1() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xD8):  # the Han rows of level 1: 3,755 characters, 99.7% of running text
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # unassigned code points
                chars.add(bytes((high, low)).decode("gb2312"))
    return chars


def bundled_text_chars() -> set[str]:
    chars: set[str] = set()
    texts = [*REPO.joinpath("resources").rglob("*.json"), *REPO.joinpath("resources", "i18n").glob("*.ts")]
    for path in texts:
        chars |= {c for c in path.read_text("utf-8") if ord(c) >= 0x2E80}
    return chars


def wanted() -> str:
    ranges = [range(0x3000, 0x3040), range(0xFF00, 0xFFF0), range(0x2010, 0x2030)]
    extra = {chr(c) for r in ranges for c in r}
    return "".join(sorted(gb2312_level1() | bundled_text_chars() | extra))


def _rename(font: TTFont, style: str) -> None:
    names = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = style
        elif record.nameID == 4:
            record.string = full
        elif record.nameID == 6:
            record.string = full.replace(" ", "") + ("-" + style if style == "Regular" else "")
        elif record.nameID == 3:
            record.string = f"{full};subset"


def build(source_dir: Path) -> list[Path]:
    text = wanted()
    written = []
    for style in ("Regular", "Bold"):
        collection = TTCollection(str(source_dir / f"NotoSansCJK-{style}.ttc"))
        font = collection.fonts[SC_INDEX]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        _rename(font, style)
        out = OUT / f"TrialFinderCJK-{style}.otf"
        font.save(str(out))
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source_dir", type=Path, help="folder holding NotoSansCJK-Regular.ttc and -Bold.ttc")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for path in build(args.source_dir):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
