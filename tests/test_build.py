"""The compiled stage: the request path runs as mypyc's C extensions where it was built
(`make` builds it; CI must run it), and finds exactly what its Python source finds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from node import build
from node.engine import Engine
from node.scorecard import read_corpus
from tests.conftest import unavailable

ROOT = Path(__file__).parent.parent
CORPORA = [
    ROOT.parent / "shared" / "corpus" / "crs-regression.jsonl",
    *sorted((ROOT / "tests" / "corpora").glob("*.jsonl")),
]

# Every case of the corpora as `{corpus:id: ["type/rule@point", …]}`, printed as JSON.
SCAN = """
import json, sys
from pathlib import Path
from node import build
from node.engine import Engine
from node.scorecard import read_corpus
engine = Engine()
found = {"build": build.name()}
for path in sys.argv[1:]:
    for case in read_corpus(Path(path)):
        hits = [f"{h.type.value}/{h.rule}@{h.point}" for h in engine.scan(case.request)]
        found[f"{case.corpus}:{case.id}"] = sorted(hits)
print(json.dumps(found))
"""


def _require_compiled() -> None:
    """The compiled build is what ships and what CI runs (`unavailable` when missing)."""
    if not build.compiled():
        unavailable("the request path runs as Python source: `make compiled` builds it")


def test_the_request_path_runs_compiled() -> None:
    _require_compiled()
    assert build.stale() == []


def test_an_edited_source_is_found_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "node"
    (package / "detectors").mkdir(parents=True)
    extension = package / "detectors" / f"xss{EXTENSION_SUFFIXES[0]}"
    source = package / "detectors" / "xss.py"
    extension.write_bytes(b"")
    source.write_text("")
    os.utime(extension, (1_000, 1_000))
    os.utime(source, (2_000, 2_000))
    monkeypatch.setattr(build, "PACKAGE", package)
    assert build.stale() == []  # not built in place: an installed package
    (package / ".compiled").touch()
    assert build.stale() == ["node/detectors/xss.py"]
    os.utime(extension, (3_000, 3_000))
    assert build.stale() == []


def test_compiled_and_source_find_the_same_on_every_corpus_case(tmp_path: Path) -> None:
    """mypyc checks types at run time and calls compiled functions directly: any place
    where the two builds part would show here, case by case."""
    _require_compiled()
    corpora = [str(p) for p in CORPORA if p.exists()]
    shutil.copytree(ROOT / "node", tmp_path / "node", ignore=shutil.ignore_patterns("*.so"))
    source = subprocess.run(
        [sys.executable, "-c", SCAN, *corpora],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,  # `python -c` looks in its working directory first
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    expected = json.loads(source.stdout)
    assert expected.pop("build") == "Python source"
    engine = Engine()
    differ = []
    for path in corpora:
        for case in read_corpus(Path(path)):
            hits = sorted(f"{h.type.value}/{h.rule}@{h.point}" for h in engine.scan(case.request))
            key = f"{case.corpus}:{case.id}"
            if hits != expected.pop(key):
                differ.append(key)
    assert differ == [] and expected == {}


def test_the_profiling_workload_runs_benign_requests_and_attacks() -> None:
    """setup.py lays the compiled stage out for what `node.training` does most: it must
    scan attacks as well as benign traffic, twice (new values, then known ones)."""
    from node import training

    scanned, flagged = training.run()
    attacks = training.REQUESTS // 10
    assert scanned == 2 * (training.REQUESTS + attacks)
    assert flagged == 2 * attacks  # every attack, and no benign request
