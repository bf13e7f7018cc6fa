"""The compiled stage: what every request runs through is built into C extensions by mypyc.

The package metadata lives in pyproject.toml; this file only adds the extensions. The
modules listed are ordinary typed Python, and the same source runs uncompiled wherever
there is no C compiler: set FILTERING_NODE_PURE=1 to build without them. `make` builds
them in place for the development tree (`make compiled`).

With GCC the extensions are built twice, profile-guided: first instrumented, then run on
the workload of `node.training`, then built again laid out and optimised for what that run
did most (7 % less time per verdict). FILTERING_NODE_PGO=0 builds once, without a profile.
"""

import os
import subprocess
import sys
import sysconfig
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
    built = mypycify(COMPILED, opt_level="3", group_name="node._native")
    if _gcc():
        # The group is one C file whose functions are exported for the other modules' shims;
        # GCC assumes an exported function may be replaced at load time and so never
        # inlines it. Nothing replaces them (the interpreter is built the same way): 3 %
        # fewer instructions per verdict. (A list of its own for each: mypycify gives the
        # extensions one list, which appending would grow once per extension.)
        for extension in built:
            extension.extra_compile_args = [
                *extension.extra_compile_args,
                "-fno-semantic-interposition",
            ]
    return built


def _gcc() -> bool:
    compiler = os.environ.get("CC") or sysconfig.get_config_var("CC") or ""
    return "gcc" in Path(compiler.split()[0] if compiler else "").name


def profile_guided() -> type:
    """The `build_ext` command setup.py runs. (Made here: `make` imports this file with
    any Python for COMPILED, setuptools or not.)"""
    from setuptools.command.build_ext import build_ext

    class ProfileGuided(build_ext):
        """`build_ext`, twice with GCC: instrumented, run on `node.training` (from where
        the build put the package), then with the profile that run wrote beside the
        objects."""

        def run(self) -> None:
            if not self.extensions or not _gcc() or os.environ.get("FILTERING_NODE_PGO") == "0":
                super().run()
                return
            base = {
                ext.name: (list(ext.extra_compile_args), list(ext.extra_link_args))
                for ext in self.extensions
            }
            for profile in Path(self.build_temp).rglob("*.gcda"):
                profile.unlink()  # counts of an earlier build: another program
            self.force = True  # every object built again, up to date or not
            compiler = self.compiler  # a name, until run() makes it the compiler object
            self._flags(
                base, ["-fprofile-generate", "-fprofile-update=single"], ["-fprofile-generate"]
            )
            super().run()
            package_root = os.getcwd() if self.inplace else self.build_lib
            subprocess.run(
                [sys.executable, "-m", "node.training"],
                cwd=package_root,
                env={**os.environ, "PYTHONPATH": package_root},
                check=True,
            )
            # What the workload never ran (errors, the connector endpoints, the policy) is
            # optimised as without a profile, not for size.
            use = ["-fprofile-use", "-fprofile-partial-training", "-Wno-missing-profile"]
            self._flags(base, use, [])
            self.compiler = compiler
            super().run()

        def _flags(
            self, base: dict[str, tuple[list[str], list[str]]], compile: list[str], link: list[str]
        ) -> None:
            for ext in self.extensions:
                compile_args, link_args = base[ext.name]
                ext.extra_compile_args = compile_args + compile
                ext.extra_link_args = link_args + link

    return ProfileGuided


if __name__ == "__main__":  # as setuptools runs it; `make` imports COMPILED
    from setuptools import setup

    setup(ext_modules=extensions(), cmdclass={"build_ext": profile_guided()})
