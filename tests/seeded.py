"""Test data made the same on every run: what a test and the corpus generator both send."""

from __future__ import annotations

import gzip
import json
import random


def compressed_report() -> bytes:
    """A report of 200 rows as gzip'd JSON, seeded, with no time in its header: the same
    bytes each run. Its base64 holds `S//0/` by chance."""
    rng = random.Random(665)
    rows = [
        {
            "id": rng.randrange(10**6),
            "name": "".join(rng.choices("abcdefghij", k=8)),
            "v": rng.random(),
        }
        for _ in range(200)
    ]
    return gzip.compress(json.dumps(rows).encode(), mtime=0)
