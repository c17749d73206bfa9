"""planrules: the measurable goals of development plans, evaluated against statistics.

    import planrules
    plan = planrules.load_plan("rules/cn/xigang_children_2021_2030.rules")
    data = plan.load_data("data/illustrative/xigang_regions.csv",
                          "data/illustrative/xigang_children_illustrative.csv")
    result = plan.evaluate(data, threads=0)
    result.to_frame()            # one row per rule × region, the CSV report's columns
    result.find("health.3.1", "西岗区").explain()

Failures raise planrules.Error (``.code`` "PR2003", ``.number`` 2003,
``.diagnostics``); see docs/embedding.md.
"""

import pkgutil as _pkgutil

# The extension may sit in another planrules/ directory on sys.path (a build tree).
__path__ = _pkgutil.extend_path(__path__, __name__)

from . import _planrules  # noqa: E402
from ._errors import (  # noqa: E402
    CheckError,
    DataError,
    Diagnostic,
    Error,
    FileError,
    InternalError,
    LimitError,
    NotFoundError,
    ParseError,
    PlanError,
    UsageError,
)
from ._api import (  # noqa: E402
    PROGRESS_CLASSES,
    STATUSES,
    Comparison,
    Data,
    DataBuilder,
    Evaluation,
    Extraction,
    LintResult,
    Outcome,
    Plan,
    compare,
    diagnostics_frame,
    evaluate,
    extract,
    extract_file,
    lint,
    load_plan,
    parse_plan,
    render_diagnostics,
)

__version__: str = _planrules.__version__
version_info = tuple(_planrules.version_info)


def diagnostic_codes():
    """Every diagnostic code: (number, "PR2003", name, default severity, title)."""
    return _planrules.diagnostic_codes()


__all__ = [
    "CheckError", "Comparison", "Data", "DataBuilder", "DataError", "Diagnostic", "Error", "Evaluation", "Extraction",
    "FileError", "InternalError", "LimitError", "LintResult", "NotFoundError", "Outcome", "PROGRESS_CLASSES",
    "ParseError", "Plan", "PlanError", "STATUSES", "UsageError", "__version__", "compare", "diagnostic_codes",
    "diagnostics_frame", "evaluate", "extract", "extract_file", "lint", "load_plan", "parse_plan",
    "render_diagnostics", "version_info",
]
