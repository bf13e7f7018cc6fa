"""The compiled stage: what every request runs through is built into C extensions by mypyc.

The package metadata lives in pyproject.toml; this file only adds the extensions. The
modules listed are ordinary typed Python, and the same source runs uncompiled wherever
there is no C compiler: set FILTERING_NODE_PURE=1 to build without them. `make` builds
them in place for the development tree (`make compiled`).
"""

import os
from pathlib import Path

# The request path, from the decoded message to the verdict: parsing into points, the
# decoders, the keyword stage, the detectors, the policy and the protocol checks.
COMPILED = [
    "node/types.py",
    "node/protocol.py",
    "node/policy.py",
    "node/inspector.py",
    "node/app.py",
    "node/mirror.py",
    "node/metrics.py",
    "node/engine.py",
    "node/points.py",
    "node/decoders.py",
    "node/rules.py",
    "node/signatures.py",
    *sorted(str(p) for p in Path("node/detectors").glob("*.py")),
]


def extensions() -> list[object]:
    if os.environ.get("FILTERING_NODE_PURE"):
        return []
    from mypyc.build import mypycify

    # One group, kept inside the package (node/_native__mypyc…so) so that the extensions
    # import wherever the package does.
    return mypycify(COMPILED, opt_level="3", group_name="node._native")


if __name__ == "__main__":  # as setuptools runs it; `make` imports COMPILED
    from setuptools import setup

    setup(ext_modules=extensions())
