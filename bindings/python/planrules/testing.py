"""Keeping a plan under test with pytest (the twin of <planrules/testing/boost_test.hpp>).

In the office's test folder, ``conftest.py``::

    pytest_plugins = ["planrules.testing"]

and a test per plan::

    from planrules.testing import assert_plan_clean, assert_at_least_as_strict

    def test_plan_is_consistent(rules_file):
        assert_plan_clean(rules_file("cn/xigang_children_2021_2030.rules"))

    def test_follows_the_national_targets(rules_file):
        assert_at_least_as_strict(rules_file("cn/xigang_children_2021_2030.rules"),
                                  rules_file("cn/national_children_targets.rules"),
                                  accepted=["health.2.1"])  # reviewed: …

Each assertion reads and checks the files itself and, when it fails, raises
AssertionError listing every finding with its code, the rule it points at and
the reasoning. ``accepted`` lists reviewed findings; an accepted finding that no
longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

from . import _planrules
from ._api import Comparison, PathLike, Plan, compare, lint
from ._errors import Diagnostic, Error

AcceptedFinding = Tuple[str, str]
"""A reviewed finding: its code and the rule id (or goal, "health.12") it points at: ("PR6005", "health.3.5")."""

__all__ = [
    "AcceptedFinding", "assert_at_least_as_strict", "assert_complies", "assert_covers", "assert_lint_findings",
    "assert_no_lint_errors", "assert_plan_clean", "finding_place",
]

_SEVERITY_RANK = {"error": 0, "warning": 1, "note": 2}


def finding_place(plan: Plan, d: Diagnostic) -> str:
    """The id of the rule (or "area.goal" of the goal) a diagnostic points at, or "line N"."""
    for rule in plan._raw.rules():
        if rule["line"] == d.line and rule["file"] == d.file:
            return rule["id"]
    for goal in plan._raw.goals():
        if goal["line"] == d.line and goal["file"] == d.file:
            prefix = goal["area"] + "." if goal["area"] else ""
            return prefix + ("m" if goal["tier"] == "measure" else "") + str(goal["number"])
    return f"line {d.line}"


def _describe(plan: Plan, d: Diagnostic) -> str:
    out = f"  {d.severity} {d.code} at {finding_place(plan, d)} (line {d.line}): {d.message}\n"
    for note in d.notes:
        out += f"      {note}\n"
    return out


def _lint_outcome(path: PathLike, worst: str, accepted: Sequence[AcceptedFinding], **load: Any) -> None:
    result = lint(path, **load)
    plan = result.plan
    used = [False] * len(accepted)
    unexpected = ""
    count = 0
    for d in result.diagnostics:
        if _SEVERITY_RANK[d.severity] > _SEVERITY_RANK[worst]:
            continue
        place = finding_place(plan, d)
        ok = False
        for i, (code, where) in enumerate(accepted):
            if code == d.code and where == place:
                ok = used[i] = True
        if ok:
            continue
        count += 1
        unexpected += _describe(plan, d)
    stale = "".join(f"  {code} at {where}\n" for (code, where), u in zip(accepted, used) if not u)
    if count == 0 and not stale:
        return
    message = ""
    if count:
        message += f"{os.fspath(path)}: {count} finding(s):\n{unexpected}"
    if stale:
        message += f"{os.fspath(path)}: accepted finding(s) that no longer occur — remove them from the list:\n{stale}"
    raise AssertionError(message)


def assert_plan_clean(path: PathLike, **load: Any) -> None:
    """No error and no warning from check and lint (notes are hints and pass)."""
    _lint_outcome(path, "warning", (), **load)


def assert_no_lint_errors(path: PathLike, **load: Any) -> None:
    """No error from check and lint; warnings pass."""
    _lint_outcome(path, "error", (), **load)


def assert_lint_findings(path: PathLike, accepted: Iterable[AcceptedFinding] = (), **load: Any) -> None:
    """Errors and warnings are exactly the accepted ones, e.g. [("PR6005", "health.3.5")]."""
    _lint_outcome(path, "warning", [tuple(a) for a in accepted], **load)  # type: ignore[misc]


def _compared(child: Union[Plan, PathLike], parent: Union[Plan, PathLike], **load: Any) -> Comparison:
    try:
        return compare(child, parent, **load)
    except Error as e:
        raise AssertionError(f"{e.message}\n{e.render()}") from None


def _describe_row(row: dict) -> str:
    out = f"  {row['parent_id'] or '-'} {row['indicator']}: parent `{row['parent_text']}`"
    if row["parent_year"] is not None:
        out += f" ({row['parent_year']})"
    if row["child_text"]:
        out += f", child `{row['child_text']}`" + (f" ({row['child_year']})" if row["child_year"] is not None else "")
    else:
        out += ", child: no rule"
    return out + f" — {row['verdict']}: {row['note']}\n"


def _name(x: Union[Plan, PathLike]) -> str:
    return x.path if isinstance(x, Plan) else os.fspath(x)


def _compare_outcome(child: Union[Plan, PathLike], parent: Union[Plan, PathLike], accepted: Sequence[str], what: str,
                     failing: Callable[[str], bool], **load: Any) -> None:
    result = _compared(child, parent, **load)
    rows = ""
    count = 0
    seen: List[str] = []
    for row in result.row_list():
        if not row["has_parent"] or not failing(row["verdict"]):
            continue
        seen.append(row["parent_id"])
        if row["parent_id"] in accepted:
            continue
        count += 1
        rows += _describe_row(row)
    stale = "".join(f"  {a}\n" for a in accepted if a not in seen)
    if count == 0 and not stale:
        return
    message = ""
    if count:
        message += f"{_name(child)} against {_name(parent)}: {count} parent rule(s) {what}:\n{rows}"
    if stale:
        message += f"accepted parent rule(s) that are no longer a finding — remove them from the list:\n{stale}"
    raise AssertionError(message)


def assert_at_least_as_strict(child: Union[Plan, PathLike], parent: Union[Plan, PathLike],
                              accepted: Iterable[str] = (), **load: Any) -> None:
    """Every parent rule the child covers is met at least as strictly and no later.
    ``accepted`` lists parent rule ids whose difference was reviewed and accepted."""
    _compare_outcome(child, parent, list(accepted), "are not met at least as strictly",
                     lambda v: v in ("looser", "deadline_later", "qualitative", "not_comparable"), **load)


def assert_covers(child: Union[Plan, PathLike], parent: Union[Plan, PathLike], indicators: Iterable[str] = (),
                  **load: Any) -> None:
    """The child has a rule for each listed parent indicator (ids), or for every one when none is listed."""
    result = _compared(child, parent, **load)
    coverage = result.coverage
    wanted = list(indicators) or coverage["parent_indicators"]
    message = ""
    for indicator in wanted:
        if indicator not in coverage["parent_indicators"]:
            message += f"  {indicator}: the parent has no rule on it (check the id)\n"
            continue
        if indicator not in coverage["missing"]:
            continue
        message += f"  {indicator}: no rule in the child; the parent requires"
        for row in result.row_list():
            if row["indicator"] == indicator and row["has_parent"]:
                message += f" `{row['parent_text']}` ({row['parent_id']})"
        message += "\n"
    if message:
        raise AssertionError(f"{_name(child)} does not cover {_name(parent)}:\n{message}")


def assert_complies(child: Union[Plan, PathLike], parent: Union[Plan, PathLike], accepted: Iterable[str] = (),
                    **load: Any) -> None:
    """Covers every parent rule and meets each at least as strictly and in time, except ``accepted`` parent rule ids."""
    _compare_outcome(child, parent, list(accepted), "are not met",
                     lambda v: v not in ("stricter", "equal", "child_only"), **load)


# ------------------------------------------------------------ pytest plugin

try:
    import pytest
except ImportError:  # the assertions work without pytest; the fixtures need it
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    def pytest_addoption(parser: Any) -> None:
        parser.addini("planrules_rules_dir", "Folder the office's rules files are in (default: $PLANRULES_RULES_DIR, "
                      "else ./rules)", default="")
        parser.addoption("--planrules-rules-dir", default=None, help="Folder the rules files are in")

    @pytest.fixture(scope="session")
    def rules_dir(request: Any) -> Path:
        """The folder the plan's rules files are in: --planrules-rules-dir, the ini option
        planrules_rules_dir, $PLANRULES_RULES_DIR, else ./rules."""
        given = (request.config.getoption("--planrules-rules-dir", default=None)
                 or request.config.getini("planrules_rules_dir") or os.environ.get("PLANRULES_RULES_DIR") or "rules")
        return Path(given)

    @pytest.fixture(scope="session")
    def rules_file(rules_dir: Path) -> Callable[[str], str]:
        """rules_file("cn/xigang_children_2021_2030.rules"): the path under rules_dir; fails when it is missing."""

        def resolve(name: str) -> str:
            path = rules_dir / name
            if not path.is_file():
                pytest.fail(f"no rules file {path}")
            return str(path)

        return resolve

    @pytest.fixture(scope="session")
    def load_rules(rules_file: Callable[[str], str]) -> Callable[[str], Plan]:
        """load_rules("cn/…rules"): the plan, checked and compiled once per session."""
        cache: dict = {}

        def load(name: str) -> Plan:
            if name not in cache:
                cache[name] = Plan.from_file(rules_file(name))
            return cache[name]

        return load
