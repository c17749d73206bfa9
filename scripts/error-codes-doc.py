#!/usr/bin/python3
"""Writes docs/error-codes.md from include/planrules/diagnostic_codes.hpp (the one source of the codes)."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
source = (root / "include/planrules/diagnostic_codes.hpp").read_text(encoding="utf-8")
rows = re.findall(r'X\((\d+), (\w+), (\w+), "([^"]*)"\)', source)
sections = {"1": "Text and syntax (parse)", "2": "Meaning (check)", "3": "Files and includes",
            "4": "Measurement data", "5": "Evaluation", "6": "Lint", "7": "Compare",
            "8": "Extraction", "9": "Limits"}
lines = [
    "# Diagnostic codes", "",
    "Every diagnostic carries a stable code. The number never changes meaning; new codes are added,",
    "none is renumbered. The same numbers appear everywhere:", "",
    "- C++: `planrules::diagnostic::code` (`planrules::diagnostic_code`, e.g. `diagnostic_code::unit_mismatch == 2003`), `code_id()` gives `PR2003`;",
    "- C: `planrules_diagnostic_code()` returns the number;",
    "- Python: `planrules.Error.code` and `Diagnostic.code` hold `\"PR2003\"`, `.number` holds 2003;",
    "- CLI: `planrules check --json` prints `\"code\": \"PR2003\", \"number\": 2003, \"name\": \"unit_mismatch\"`.", "",
    "Errors stop a file from being used; warnings and notes do not. This page is generated from",
    "`include/planrules/diagnostic_codes.hpp` by `scripts/error-codes-doc.py`; a test checks the two agree.", "",
]
current = None
for number, name, severity, title in rows:
    if number[0] != current:
        if current is not None:
            lines.append("")
        current = number[0]
        lines += [f"## {current}xxx — {sections[current]}", "", "| code | name | severity | meaning |", "|---|---|---|---|"]
    lines.append(f"| PR{number} | `{name}` | {severity} | {title} |")
(root / "docs/error-codes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
