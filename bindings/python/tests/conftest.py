"""Fixtures for the planrules Python tests. The package's own pytest plugin
(planrules.testing) is registered the way an office would register it."""

import os
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("PLANRULES_SOURCE_DIR", Path(__file__).resolve().parents[3]))
os.environ.setdefault("PLANRULES_RULES_DIR", str(SOURCE_DIR / "rules"))

pytest_plugins = ["planrules.testing"]


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return SOURCE_DIR


@pytest.fixture(scope="session")
def xigang_rules(source_dir: Path) -> str:
    return str(source_dir / "rules/cn/xigang_children_2021_2030.rules")


@pytest.fixture(scope="session")
def national_rules(source_dir: Path) -> str:
    return str(source_dir / "rules/cn/national_children_targets.rules")


@pytest.fixture(scope="session")
def xigang_data(source_dir: Path) -> list:
    base = source_dir / "data/illustrative"
    return [str(base / "xigang_regions.csv"), str(base / "xigang_children_illustrative.csv")]


@pytest.fixture(scope="session")
def xigang(xigang_rules: str):
    import planrules

    return planrules.load_plan(xigang_rules)


@pytest.fixture(scope="session")
def xigang_evaluation(xigang, xigang_data):
    return xigang.evaluate(xigang.load_data(*xigang_data))
