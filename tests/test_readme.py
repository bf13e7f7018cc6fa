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


def test_exclusions_for_tools_that_send_code_load() -> None:
    """Each row of the README's table of tools that send code on purpose is a route with
    an exclusion that loads without a warning, with the points and attacks it names."""
    table = README.split("| Tool | Route | Points | Attacks |")[1].split("\n\n")[0]
    rows = [row.strip("| ").split(" | ") for row in table.splitlines()[2:]]
    assert len(rows) >= 5
    for tool, route, points, attacks in rows:
        names = re.findall(r"`([^`]+)`", points)
        types = [] if attacks == "every type" else re.findall(r"`(\w+)`", attacks)
        entry = {"route": route.strip("`"), "exclusions": [{"points": names, "attacks": types}]}
        settings = config.parse({"route_config": {"routes": [entry]}}, env={})
        assert settings.warnings == (), tool
        (loaded,) = settings.route_config.routes[0].exclusions
        assert loaded.points == tuple(names) and len(loaded.attacks) == len(types), tool
