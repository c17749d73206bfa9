"""The done-when test of embedding: a C program, a C++ program built through
find_package and a Python script evaluate one plan against one data set and must
print identical outcomes (rule_id,region_path,status,year,actual,target); and
those agree with the CLI's CSV report when a CLI is given.

    same_results.py --c PROGRAM --cpp PROGRAM --python SCRIPT [--python-path DIR]
                    [--cli PROGRAM] -- RULES DATA...
"""

import argparse
import csv
import io
import os
import subprocess
import sys


def run(command, env=None):
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", required=True)
    parser.add_argument("--cpp", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--python-path", default="")
    parser.add_argument("--cli", default="")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.python_path:
        env["PYTHONPATH"] = args.python_path
    outputs = {
        "C": run([args.c, *args.inputs]),
        "C++": run([args.cpp, *args.inputs]),
        "Python": run([sys.executable, args.python, *args.inputs], env=env),
    }
    reference = outputs["C++"].splitlines()
    if len(reference) < 100:
        sys.exit(f"only {len(reference)} outcomes")
    failed = False
    for name, text in outputs.items():
        lines = text.splitlines()
        if lines != reference:
            failed = True
            diff = next((i for i, (a, b) in enumerate(zip(lines, reference)) if a != b), min(len(lines), len(reference)))
            print(f"{name} differs from C++ at outcome {diff + 1} ({len(lines)} vs {len(reference)} lines):\n"
                  f"  {name}: {lines[diff] if diff < len(lines) else '<end>'}\n"
                  f"  C++: {reference[diff] if diff < len(reference) else '<end>'}")
    if failed:
        sys.exit(1)
    print(f"C, C++ and Python agree on {len(reference)} outcomes")

    if args.cli:
        report = run([args.cli, "eval", *args.inputs, "--format", "csv"])
        rows = list(csv.DictReader(io.StringIO(report)))
        if len(rows) != len(reference):
            sys.exit(f"the CLI's CSV report has {len(rows)} rows, the programs {len(reference)} outcomes")
        for row, line in zip(rows, reference):
            rule, region, status, year, actual, target = line.split(",")
            same = (row["rule_id"], row["region_path"], row["status"], row["year"]) == (rule, region, status, year)
            same = same and (float(row["actual"]) == float(actual) if actual else row["actual"] == "")
            same = same and (float(row["target"]) == float(target) if target else row["target"] == "")
            if not same:
                sys.exit(f"the CLI's CSV report differs:\n  CLI: {row}\n  C++: {line}")
        print(f"and the CLI's CSV report agrees on every row")


if __name__ == "__main__":
    main()
