"""The house stays easy to find your way in: rooms by role, small modules, contracts that cover all.

`lint-imports` (in `make lint`) checks the contracts themselves; these tests keep the contracts
and the layout from drifting as code is added.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import scheduler

PACKAGE = Path(scheduler.__file__).parent
ROOT = PACKAGE.parent
MOST_TOP_LEVEL_MODULES = 12
MOST_LINES = 400


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def top_level_rooms() -> set[str]:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return {f"scheduler.{name}" for name in modules | packages}


def test_at_most_twelve_modules_stand_at_the_top():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MOST_TOP_LEVEL_MODULES, modules


def test_no_module_passes_four_hundred_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}


def test_every_room_but_the_cli_is_forbidden_to_import_the_cli():
    contract = contracts()["Only the command line imports the command line"]
    assert set(contract["source_modules"]) == top_level_rooms() - {"scheduler.cli"}


def test_every_package_stands_in_a_layer():
    layers = contracts()["The rooms stand in layers: each imports only the ones below it"]
    named = {f"scheduler.{room.strip()}" for layer in layers["layers"] for room in layer.split("|")}
    packages = {r for r in top_level_rooms() if (ROOT / r.replace(".", "/")).is_dir()}
    assert packages == named


def test_no_module_shares_its_name_with_a_data_folder():
    data_folders = {"config", "posts", "var", "essays", "queue", "outbox"}  # the project's folders
    clashes = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if p.stem in data_folders]
    assert clashes == []
