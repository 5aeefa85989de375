"""The built wheel, not the checkout, finds its migrations and bundled seeds and builds a store from them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.wheel_support import build_wheel, can_build_wheels

pytestmark = pytest.mark.slow

PROBE = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import finder, resources
    from finder.store.database import migrations_path, open_store, seed_paths
    from finder.store.read import store_stats

    unpacked = Path(sys.argv[1]).resolve()
    for module in (finder, resources):
        assert unpacked in Path(module.__file__).resolve().parents, module.__file__
    assert unpacked in migrations_path().resolve().parents
    store = open_store("sqlite:///" + sys.argv[2])
    with store.session() as session:
        stats = store_stats(session)
    store.close()
    print(len(seed_paths()), stats.total)
    """
)


@pytest.mark.skipif(not can_build_wheels(), reason="needs `wheel` or setuptools >= 70.1 to build offline")
def test_installed_wheel_opens_a_seeded_store(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "finder/store/migrations/env.py" in names
    assert any(n.startswith("finder/store/migrations/versions/0002") for n in names)
    assert {"resources/fonts/TrialFinderCJK-Regular.otf", "resources/fonts/OFL.txt"} <= set(names)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "site"), str(tmp_path / "store.sqlite3")],
        cwd=outside,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    seeds, total = map(int, result.stdout.split())
    assert seeds >= 1, "no seed trials (resources/trials/*.json) in the wheel"
    assert total == 2  # the two seed trials: NCT06751134 and NCT05665075
