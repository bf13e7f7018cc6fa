"""The README's examples are executed: its configuration loads without a warning and its
engine snippet prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import yaml

from node import config

README = (Path(__file__).parent.parent / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_configuration_example_loads_cleanly() -> None:
    (example,) = _blocks("yaml")
    settings = config.parse(yaml.safe_load(example), env={})
    assert settings.warnings == ()
    assert settings.route_config.routes[1].route == "~* \\.php$"


def test_engine_example_prints_what_it_says() -> None:
    (example,) = _blocks("python")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    expected = re.search(r"^# (\[.*\])$", example, re.M)
    assert expected is not None
    assert printed.getvalue().strip() == expected.group(1)
