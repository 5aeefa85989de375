"""The parser over real registry texts from ../shared/data: no item fails inside (the parser's safety net
would hide that as `other`), and most items are understood. The full figures: benchmarks/criteria_coverage.py.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from finder.criteria.model import Kind
from finder.criteria.parse import parse_eligibility

_CRITERIA_RE = re.compile(r"<criteria>\s*<textblock>(.*?)</textblock>", re.S)


def _classic(shared_data: Path, every: int) -> list[str]:
    texts = []
    with zipfile.ZipFile(shared_data / "ctgov-classic-xml-sample.zip") as z:
        names = sorted(n for n in z.namelist() if n.endswith(".xml"))
        for name in names[::every]:
            m = _CRITERIA_RE.search(z.read(name).decode("utf-8", "replace"))
            if m:
                texts.append(html.unescape(m.group(1)))
    return texts


def _v2(shared_data: Path) -> list[str]:
    out = []
    for path in sorted((shared_data / "ctgov-v2").glob("list-*.json")):
        for study in json.loads(path.read_text("utf-8")):
            text = study.get("protocolSection", {}).get("eligibilityModule", {}).get("eligibilityCriteria")
            if isinstance(text, str):
                out.append(text)
    return out


def test_real_texts_parse_without_internal_failures(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAL_FINDER_PARSER_DEBUG", "1")  # re-raise instead of falling back to `other`
    texts = _classic(shared_data, every=15) + _v2(shared_data)
    assert len(texts) > 300
    total = understood = 0
    for text in texts:
        criteria = parse_eligibility(text)
        assert criteria, text[:200]
        seen: set[str] = set()
        for c in criteria:
            if c.text in seen:
                continue  # several criteria of one item
            seen.add(c.text)
            total += 1
            understood += c.kind is not Kind.OTHER
    assert understood / total >= 0.75, f"{understood}/{total} items understood"
