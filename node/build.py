"""Which build of the request path runs: the C extensions of the compiled stage (setup.py),
or the Python source they are built from where there was no compiler."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from node import engine

PACKAGE = Path(__file__).parent


def compiled() -> bool:
    """Whether the engine runs compiled."""
    return not engine.__file__.endswith(".py")


def name() -> str:
    return "compiled (mypyc)" if compiled() else "Python source"


def stale() -> list[str]:
    """The sources edited since their extension was built in place (by `make compiled`,
    which leaves `node/.compiled`): Python imports the extension, so the edit would not
    run. An installed package has no such stamp, nor times to compare: pip writes its
    files in any order."""
    if not (PACKAGE / ".compiled").exists():
        return []
    found = []
    for suffix in EXTENSION_SUFFIXES:
        for extension in PACKAGE.rglob(f"*{suffix}"):
            source = extension.with_name(extension.name.removesuffix(suffix) + ".py")
            if source.exists() and source.stat().st_mtime > extension.stat().st_mtime:
                found.append(str(source.relative_to(PACKAGE.parent)))
    return sorted(found)
