"""Evaluates a plan against data files through the Python package and prints one
line per outcome: rule_id,region_path,status,year,actual,target (numbers %.17g,
empty when there is none) — the same canonical form as evaluate_xigang.c/.cpp.

    python3 evaluate_xigang.py RULES DATA...
"""

import sys

import planrules


def number(value):
    return "" if value is None else "%.17g" % value


def main(argv):
    if len(argv) < 3:
        print("usage: evaluate_xigang.py RULES DATA...", file=sys.stderr)
        return 2
    plan = planrules.load_plan(argv[1])
    result = plan.evaluate(plan.load_data(*argv[2:]))
    out = sys.stdout
    for o in result:
        out.write(f"{o.rule_id},{o.region_path},{o.status},{o.year or ''},{number(o.actual)},{number(o.target)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
