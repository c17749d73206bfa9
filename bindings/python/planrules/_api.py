"""The friendly API over the mechanical extension: plans, data, evaluations,
reports, lint, compare and extract, with pandas in and out."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union, overload

import numpy as np
import pandas as pd

from . import _planrules
from ._errors import Diagnostic, UsageError

PathLike = Union[str, "os.PathLike[str]"]

STATUSES: Tuple[str, ...] = tuple(_planrules.STATUS_NAMES)
"""The stable status names, in the order of their codes: met, not_met, no_data, …"""
PROGRESS_CLASSES: Tuple[str, ...] = tuple(_planrules.PROGRESS_NAMES)
"""achieved, on_track, needs_acceleration, limited_progress, moving_away, insufficient_data, not_assessable."""

_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")

# Flags of an outcome (planrules::outcome in C++, PLANRULES_OUTCOME_* in C).
ASPIRATIONAL, EARLY, VOLATILE, HAS_TARGET, HAS_PROJECTION, HAS_REQUIRED, DERIVED, BOUND_ONLY, UPPER_BOUND, HAS_PROGRESS = (
    1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def _paths(values: Iterable[PathLike]) -> List[str]:
    return [os.fspath(v) for v in values]


def diagnostics_frame(diagnostics: Sequence[Diagnostic]) -> pd.DataFrame:
    """Diagnostics as a table: code, number, name, severity, file, line, column, message."""
    columns = ["code", "number", "name", "severity", "file", "line", "column", "end_column", "message", "line_text"]
    return pd.DataFrame([[getattr(d, c) for c in columns] for d in diagnostics], columns=columns)


def render_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    """``file:line:col: error[PR2003]: message``, the line and a caret under it, for each."""
    return _planrules.render_diagnostics(list(diagnostics))


# ---------------------------------------------------------------------- plans


class Plan:
    """A checked and compiled plan. Immutable; safe to share between threads."""

    __slots__ = ("_raw", "_text")

    def __init__(self, raw: _planrules.Plan, text: Optional[str] = None) -> None:
        self._raw = raw
        self._text = text

    @classmethod
    def from_file(cls, path: PathLike, *, catalogues: Sequence[PathLike] = (), standard_catalogue: bool = True) -> "Plan":
        """Reads, checks and compiles a rules file; raises ParseError, CheckError or FileError."""
        return cls(_planrules.Plan.load_file(os.fspath(path), _paths(catalogues), standard_catalogue))

    @classmethod
    def from_text(cls, text: str, name: str = "<text>", *, catalogues: Sequence[PathLike] = (),
                  standard_catalogue: bool = True) -> "Plan":
        """The same for rules text; ``name`` names it in messages and anchors includes."""
        return cls(_planrules.Plan.load_text(text, name, _paths(catalogues), standard_catalogue), text)

    id = property(lambda self: self._raw.id, doc="The plan's identifier.")
    name = property(lambda self: self._raw.name, doc="The plan's Chinese name.")
    english = property(lambda self: self._raw.english, doc="The plan's English name.")
    region = property(lambda self: self._raw.region, doc="The region the plan is for.")
    parent = property(lambda self: self._raw.parent, doc="The parent plan's id.")
    path = property(lambda self: self._raw.path, doc="The file the plan was read from.")
    period = property(lambda self: self._raw.period, doc="(first, last) years, or None.")
    baseline = property(lambda self: self._raw.baseline, doc="The baseline year, or None.")

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Warnings and notes found while checking."""
        return self._raw.diagnostics

    @property
    def rules(self) -> pd.DataFrame:
        """One row per rule: id, area, goal, kind, indicator, text, source, target, deadline, …"""
        return pd.DataFrame(self._raw.rules())

    @property
    def goals(self) -> pd.DataFrame:
        """One row per goal: area, number, source sentence, its rules."""
        return pd.DataFrame(self._raw.goals())

    @property
    def indicators(self) -> pd.DataFrame:
        """The catalogue the plan was checked against."""
        return pd.DataFrame(self._raw.indicators())

    def to_json(self, pretty: bool = True) -> str:
        """The checked plan, schema ``planrules.plan/1`` (docs/json.md)."""
        return self._raw.to_json(pretty)

    def data_builder(self) -> "DataBuilder":
        """A builder for measurements resolved against this plan's indicators."""
        return DataBuilder(self)

    def load_data(self, *paths: PathLike, **options: Any) -> "Data":
        """Loads CSV files and SQLite databases (by extension) into one measurement set."""
        return Data.from_files(self, *paths, **options)

    def evaluate(self, data: Union["Data", pd.DataFrame, PathLike, Sequence[PathLike]], *, as_of: Optional[int] = None,
                 release: Optional[str] = None, regions: Optional[Sequence[str]] = None,
                 threads: int = 1) -> "Evaluation":
        """Evaluates every rule in every selected region.

        ``data`` is a Data, a long DataFrame (see Data.from_frame), or one or more
        files. ``as_of`` defaults to the latest year with data; ``release`` ignores
        values of later releases; ``regions`` (names or paths) are evaluated with
        everything below them; ``threads=0`` uses every core. The GIL is released."""
        if not isinstance(data, Data):
            if isinstance(data, pd.DataFrame):
                data = Data.from_frame(self, data)
            elif isinstance(data, (str, os.PathLike)):
                data = Data.from_files(self, data)
            else:
                data = Data.from_files(self, *data)
        if threads < 0:
            raise UsageError("threads must be 0 (every core) or more", status="invalid_argument")
        raw = _planrules.evaluate(self._raw, data._raw, as_of, release, list(regions or []), threads)
        return Evaluation(raw, self, data)

    def lint(self, **options: Any) -> "LintResult":
        """Lints this plan (its file, or the text it was read from)."""
        if self._text is not None:
            return lint(text=self._text, name=self.path or "<text>", **options)
        return lint(self.path, **options)

    def compare(self, parent: Union["Plan", PathLike]) -> "Comparison":
        """This plan against its parent: coverage, strictness, deadlines."""
        return compare(self, parent)

    def __repr__(self) -> str:
        return f"<planrules.Plan {self.id!r} {self.name!r}: {len(self._raw.rules())} rules>"


def load_plan(path: PathLike, *, catalogues: Sequence[PathLike] = (), standard_catalogue: bool = True) -> Plan:
    """Reads, checks and compiles a rules file (``Plan.from_file``)."""
    return Plan.from_file(path, catalogues=catalogues, standard_catalogue=standard_catalogue)


def parse_plan(text: str, name: str = "<text>", *, catalogues: Sequence[PathLike] = (),
               standard_catalogue: bool = True) -> Plan:
    """Checks and compiles rules text (``Plan.from_text``): ``parse_plan("infant_mortality_2030 < 2.8‰")``."""
    return Plan.from_text(text, name, catalogues=catalogues, standard_catalogue=standard_catalogue)


# ----------------------------------------------------------------------- data

_COLUMN_NAMES: Dict[str, Tuple[str, ...]] = {
    "indicator": ("indicator", "指标", "指标名称"),
    "region": ("region", "地区", "区域"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "值"),
    "qualifier": ("qualifier", "限定"),
    "slice": ("slice",),
    "sex": ("sex", "性别"),
    "age": ("age", "年龄"),
    "area": ("area", "城乡"),
    "unit": ("unit", "单位"),
    "source": ("source", "来源"),
}


def _find_columns(frame: pd.DataFrame) -> Dict[str, Any]:
    by_name = {str(c).strip().lower(): c for c in frame.columns}
    found: Dict[str, Any] = {}
    for role, names in _COLUMN_NAMES.items():
        for name in names:
            if name in by_name:
                found[role] = by_name[name]
                break
    return found


def _key(series: Optional[pd.Series]) -> Optional[Tuple[np.ndarray, List[str]]]:
    """A key column as (int32 codes, dictionary): categoricals as they are, anything else factorized."""
    if series is None:
        return None
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        categories = [str(c) for c in series.cat.categories]
    else:
        codes, uniques = pd.factorize(series)
        categories = [str(u) for u in uniques]
    return np.ascontiguousarray(codes, dtype=np.int32), categories


def _slice_key(frame: pd.DataFrame, columns: Mapping[str, Any]) -> Optional[Tuple[np.ndarray, List[str]]]:
    """The disaggregation of each row from a slice column or from sex, age and area columns."""
    if "slice" in columns:
        return _key(frame[columns["slice"]])
    keys = [k for k in ("sex", "age", "area") if k in columns]
    if not keys:
        return None
    sub = frame[[columns[k] for k in keys]].astype(object)
    sub = sub.where(sub.notna(), "")
    codes, uniques = pd.MultiIndex.from_frame(sub).factorize()
    dictionary = [",".join(f"{k}={v}" for k, v in zip(keys, combination) if str(v) != "") for combination in uniques]
    return np.ascontiguousarray(codes, dtype=np.int32), dictionary


def _validity(present: np.ndarray) -> np.ndarray:
    """A bitmap (bit i of word i/64) from a boolean array."""
    bits = np.packbits(present.astype(bool), bitorder="little")
    padded = np.zeros(((len(bits) + 7) // 8) * 8, dtype=np.uint8)
    padded[: len(bits)] = bits
    return padded.view("<u8").astype(np.uint64, copy=False)


def _years(series: Union[pd.Series, np.ndarray]) -> np.ndarray:
    """int32 years; a missing or fractional year becomes 0, which the library reports as a bad row (PR4009)."""
    values = pd.to_numeric(pd.Series(series), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values != np.floor(values)) | (np.abs(values) > 32767)
    return np.where(bad, 0, values).astype(np.int32)


def _values(series: Union[pd.Series, np.ndarray]) -> Tuple[np.ndarray, np.ndarray]:
    """float64 values and which rows have one. A text that is not a number stays
    present as NaN, so the library reports that row (PR4004) instead of dropping it."""
    s = pd.Series(series)
    missing = s.isna().to_numpy()
    values = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.ascontiguousarray(values, dtype=np.float64), ~missing


def _qualifiers(series: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(series)
    mapping = np.zeros(len(uniques) + 1, dtype=np.uint8)  # the last slot: missing, exact
    unknown = []
    for i, name in enumerate(uniques):
        code = _planrules.qualifier_code(str(name))
        if code is None:
            unknown.append(str(name))
        else:
            mapping[i] = code
    if unknown:
        raise UsageError(f"unknown qualifier(s) {', '.join(repr(u) for u in unknown)}: use exact, lower_bound, "
                         "upper_bound, provisional or their synonyms (docs/data.md)", status="invalid_argument")
    return mapping[np.where(codes < 0, len(uniques), codes)]


class DataBuilder:
    """Collects measurements for one plan, then builds an immutable Data (once).

    Bad rows are reported in ``diagnostics`` and skipped; a load fails only when a
    file cannot be read or, with ``strict=True``, has a bad row."""

    __slots__ = ("_raw", "_plan", "_reports")

    def __init__(self, plan: Plan) -> None:
        if not isinstance(plan, Plan):
            raise TypeError(f"a DataBuilder needs a planrules.Plan, not {type(plan).__name__}")
        self._plan = plan
        self._raw = _planrules.DataBuilder(plan._raw)
        self._reports: List[Dict[str, Any]] = []

    def add_region(self, name: str, parent: Optional[str] = None, level: Optional[str] = None) -> "DataBuilder":
        """Declares a region under ``parent`` (name or path) at ``level`` (city, county, township, 街道 …)."""
        self._raw.add_region(name, parent or "", level or "")
        return self

    def add_regions(self, regions: pd.DataFrame) -> "DataBuilder":
        """Declares regions from a table with columns region, parent[, level] (a regions CSV as a DataFrame)."""
        cols = {str(c).strip().lower(): c for c in regions.columns}
        if "region" not in cols:
            raise UsageError("the regions table needs a 'region' column", status="invalid_argument")
        n = len(regions)
        names = regions[cols["region"]].tolist()
        parents = regions[cols["parent"]].tolist() if "parent" in cols else [None] * n
        levels = regions[cols["level"]].tolist() if "level" in cols else [None] * n
        text = lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)
        for name, parent, level in zip(names, parents, levels):
            self.add_region(text(name) or "", text(parent), text(level))
        return self

    def add(self, indicator: str, region: Optional[str], year: int, value: Optional[float], *, qualifier: str = "",
            slice: str = "", unit: str = "") -> "DataBuilder":
        """Adds one value (None or NaN: explicitly missing)."""
        self._raw.add(indicator, region, int(year), None if value is None else float(value), qualifier, slice, unit)
        return self

    def add_frame(self, frame: pd.DataFrame, *, release: str = "", origin: str = "<DataFrame>",
                  default_region: Optional[str] = None) -> Dict[str, Any]:
        """Adds a long DataFrame: indicator, region, year, value[, qualifier, sex, age, area, slice, unit, source].

        Columns go to the library as buffers: key columns as categorical codes and
        their categories (object columns are factorized first), years as int32,
        values as float64 with a validity bitmap; nothing is copied value by value
        in Python. Rows are numbered from 1 in diagnostics."""
        columns = _find_columns(frame)
        for required in ("indicator", "year", "value"):
            if required not in columns:
                raise UsageError(f"the DataFrame has no '{required}' column (columns: {list(frame.columns)})",
                                 status="invalid_argument")
        values, present = _values(frame[columns["value"]])
        region = _key(frame[columns["region"]]) if "region" in columns else None
        if region is None and default_region:
            region = default_region  # type: ignore[assignment]
        report = self._raw.add_columns(
            len(frame), _key(frame[columns["indicator"]]), region, _slice_key(frame, columns),
            _key(frame[columns["unit"]]) if "unit" in columns else None,
            _key(frame[columns["source"]]) if "source" in columns else None,
            _years(frame[columns["year"]]), values, _validity(present),
            _qualifiers(frame[columns["qualifier"]]) if "qualifier" in columns else None,
            release, origin, False)
        self._reports.append(report)
        return report

    def add_arrays(self, *, indicator: Any, years: Any, values: Any, region: Any = None, slice: Any = None,
                   unit: Any = None, source: Any = None, validity: Any = None, qualifiers: Any = None,
                   nan_is_missing: bool = True, release: str = "", origin: str = "<arrays>") -> Dict[str, Any]:
        """Adds numpy buffers as they are. A key (indicator, region, slice, unit,
        source) is a str for every row, a sequence of names, a pandas Categorical
        or Series, or a tuple (int32 codes, dictionary). ``validity`` is a boolean
        array or a uint64 bitmap; ``qualifiers`` uint8 codes (0 exact, 1 lower
        bound, 2 upper bound, 3 provisional)."""
        years_array = np.asarray(years)
        n = len(years_array)

        def key(given: Any) -> Any:
            if given is None or isinstance(given, (str, tuple)):
                return given
            if isinstance(given, (pd.Series, pd.Categorical, pd.Index)):
                return _key(pd.Series(given))
            if isinstance(given, np.ndarray):
                return _key(pd.Series(given))
            return list(given)

        bitmap = None
        if validity is not None:
            v = np.asarray(validity)
            bitmap = _validity(v) if v.dtype == bool else np.ascontiguousarray(v, dtype=np.uint64)
        report = self._raw.add_columns(
            n, key(indicator), key(region), key(slice), key(unit), key(source),
            np.ascontiguousarray(years_array, dtype=np.int32), np.ascontiguousarray(values, dtype=np.float64),
            bitmap, None if qualifiers is None else np.ascontiguousarray(qualifiers, dtype=np.uint8),
            release, origin, nan_is_missing)
        self._reports.append(report)
        return report

    def load(self, path: PathLike, *, table: str = "measurements", **options: Any) -> Dict[str, Any]:
        """A CSV file, or an SQLite database (.db, .sqlite, .sqlite3) table."""
        p = os.fspath(path)
        if p.lower().endswith(_SQLITE_SUFFIXES):
            return self.load_sqlite(p, table, **options)
        return self.load_csv(p, **options)

    def load_csv(self, path: PathLike, *, layout: str = "", delimiter: str = "", default_region: str = "",
                 source: str = "", release: str = "", strict: bool = False, create_regions: bool = True) -> Dict[str, Any]:
        """A CSV file in any layout docs/data.md describes (long, wide by year or indicator, regions)."""
        report = self._raw.load_csv(os.fspath(path), layout, delimiter, default_region, source, release, strict,
                                    create_regions)
        self._reports.append(report)
        return report

    def load_csv_text(self, text: str, name: str = "<text>", **options: Any) -> Dict[str, Any]:
        """CSV text in memory."""
        report = self._raw.load_csv_text(text, name, options.pop("layout", ""), options.pop("delimiter", ""),
                                         options.pop("default_region", ""), options.pop("source", ""),
                                         options.pop("release", ""), options.pop("strict", False),
                                         options.pop("create_regions", True))
        if options:
            raise TypeError(f"unexpected option(s): {', '.join(options)}")
        self._reports.append(report)
        return report

    def load_sqlite(self, path: PathLike, table: str = "measurements", *, layout: str = "", default_region: str = "",
                    source: str = "", release: str = "", strict: bool = False,
                    create_regions: bool = True) -> Dict[str, Any]:
        """Every row of an SQLite table (opened read-only)."""
        report = self._raw.load_sqlite_table(os.fspath(path), table, layout, default_region, source, release, strict,
                                             create_regions)
        self._reports.append(report)
        return report

    def load_sqlite_query(self, path: PathLike, query: str, *, layout: str = "", default_region: str = "",
                          source: str = "", release: str = "", strict: bool = False,
                          create_regions: bool = True) -> Dict[str, Any]:
        """The rows of one SELECT statement."""
        report = self._raw.load_sqlite_query(os.fspath(path), query, layout, default_region, source, release, strict,
                                             create_regions)
        self._reports.append(report)
        return report

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Bad rows reported so far."""
        return self._raw.diagnostics

    def finish(self, *, duplicates_fatal: Optional[bool] = None) -> "Data":
        """Builds the immutable set; duplicate keys are reported (fatal when asked, or after a strict load)."""
        return Data(self._raw.finish(duplicates_fatal), self._plan)


class Data:
    """An immutable measurement set for one plan's indicators."""

    __slots__ = ("_raw", "_plan")

    def __init__(self, raw: _planrules.Data, plan: Plan) -> None:
        self._raw = raw
        self._plan = plan

    @classmethod
    def from_files(cls, plan: Plan, *paths: PathLike, table: str = "measurements", **options: Any) -> "Data":
        """CSV files and SQLite databases (by extension) in one set, as the CLI's eval reads them."""
        builder = DataBuilder(plan)
        for path in paths:
            builder.load(path, table=table, **options)
        return builder.finish()

    @classmethod
    def from_frame(cls, plan: Plan, frame: pd.DataFrame, *, regions: Optional[pd.DataFrame] = None, release: str = "",
                   origin: str = "<DataFrame>", default_region: Optional[str] = None) -> "Data":
        """A long DataFrame (indicator, region, year, value[, qualifier, sex, age, area, unit, source]);
        ``regions`` (region, parent, level) declares the hierarchy first."""
        builder = DataBuilder(plan)
        if regions is not None:
            builder.add_regions(regions)
        builder.add_frame(frame, release=release, origin=origin, default_region=default_region)
        return builder.finish()

    @classmethod
    def from_arrays(cls, plan: Plan, **columns: Any) -> "Data":
        """numpy buffers handed over as they are (see DataBuilder.add_arrays)."""
        builder = DataBuilder(plan)
        builder.add_arrays(**columns)
        return builder.finish()

    value_count = property(lambda self: self._raw.value_count, doc="Values present.")
    series_count = property(lambda self: self._raw.series_count, doc="Series (indicator × region × slice).")
    memory_bytes = property(lambda self: self._raw.memory_bytes, doc="Bytes held by the columns.")

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Every bad row and duplicate key reported while building the set."""
        return self._raw.diagnostics

    @property
    def regions(self) -> pd.DataFrame:
        """The region hierarchy: name, path, parent, level."""
        return pd.DataFrame(self._raw.regions(), columns=["name", "path", "parent", "level"])

    def to_frame(self) -> pd.DataFrame:
        """Every value: indicator, region (path), slice, year, value, qualifier."""
        return pd.DataFrame(self._raw.values())

    def __len__(self) -> int:
        return self.value_count

    def __repr__(self) -> str:
        return f"<planrules.Data {self.value_count} values in {self.series_count} series>"


# ----------------------------------------------------------------- evaluation

_CSV_TEXT = ["rule_id", "area", "tier", "indicator", "region", "status", "unit", "progress", "rule", "source",
             "indicator_name", "region_path", "target_text", "status_label"]
_CSV_FLOAT = ["actual", "target", "gap", "projected", "required_per_year"]
_CSV_INT = ["year", "deadline"]
_CSV_BOOL = ["aspirational", "early", "volatile", "derived", "bound_only"]


class Outcome:
    """The verdict on one rule in one region. Numbers that do not apply are None."""

    __slots__ = ("_evaluation", "index", "rule_id", "region", "region_path", "indicator", "area", "status", "progress",
                 "flags", "year", "deadline", "actual", "target", "projected", "required_per_year")

    index: int
    rule_id: str
    region: str
    region_path: str
    indicator: str
    area: str
    status: str
    progress: Optional[str]
    flags: int
    year: Optional[int]
    deadline: Optional[int]
    actual: Optional[float]
    target: Optional[float]
    projected: Optional[float]
    required_per_year: Optional[float]

    aspirational = property(lambda self: bool(self.flags & ASPIRATIONAL), doc="力争: never a failure of a binding goal.")
    early = property(lambda self: bool(self.flags & EARLY), doc="Met before its deadline.")
    volatile = property(lambda self: bool(self.flags & VOLATILE), doc="The series fluctuates strongly (波动较大).")
    derived = property(lambda self: bool(self.flags & DERIVED), doc="Rolled up from sub-regions.")
    bound_only = property(lambda self: bool(self.flags & BOUND_ONLY), doc="The value is only a bound.")

    @property
    def gap(self) -> Optional[float]:
        """actual − target, in the compared unit."""
        return None if self.actual is None or self.target is None else self.actual - self.target

    def explain(self) -> Dict[str, Any]:
        """The values used, target, gap, baseline, trend and projection behind the verdict."""
        return self._evaluation.explain(self.index)

    def __repr__(self) -> str:
        value = "" if self.actual is None else f" actual={self.actual:g} ({self.year})"
        target = "" if self.target is None else f" target={self.target:g}"
        return f"<Outcome {self.rule_id} @ {self.region}: {self.status}{value}{target}>"


class Evaluation:
    """The outcomes of one evaluation: one per rule × region."""

    __slots__ = ("_raw", "plan", "data", "_columns", "_lookups")

    def __init__(self, raw: _planrules.Evaluation, plan: Plan, data: Data) -> None:
        self._raw = raw
        self.plan = plan
        self.data = data
        self._columns: Optional[Dict[str, np.ndarray]] = None
        self._lookups: Optional[Tuple[List[str], List[str], List[str], List[str], List[str]]] = None

    @property
    def as_of(self) -> int:
        """The year evaluated as of."""
        return self._raw.as_of

    def __len__(self) -> int:
        return len(self._raw)

    def arrays(self) -> Dict[str, np.ndarray]:
        """The outcomes as numpy columns: rule (index), region (id), status and progress
        (codes into STATUSES and PROGRESS_CLASSES; 255: none), flags, year, deadline
        (0: none), actual, target, projected, required_per_year (NaN: none)."""
        if self._columns is None:
            self._columns = self._raw.columns()
        return self._columns

    def _outcome(self, i: int) -> Outcome:
        c = self.arrays()
        if self._lookups is None:
            self._lookups = (self._raw.rule_ids(), self._raw.region_names(), self._raw.region_paths(),
                             self._raw.indicator_ids(), self._raw.rule_areas())
        rules, names, paths, indicators, areas = self._lookups
        o = Outcome.__new__(Outcome)
        o._evaluation = self
        o.index = i
        rule = int(c["rule"][i])
        region = int(c["region"][i])
        o.rule_id = rules[rule]
        o.region = names[region] if region < len(names) else ""
        o.region_path = paths[region] if region < len(paths) else ""
        o.indicator = indicators[rule]
        o.area = areas[rule]
        o.status = STATUSES[int(c["status"][i])]
        progress = int(c["progress"][i])
        o.progress = PROGRESS_CLASSES[progress] if progress < len(PROGRESS_CLASSES) else None
        o.flags = int(c["flags"][i])
        o.year = int(c["year"][i]) or None
        o.deadline = int(c["deadline"][i]) or None
        number = lambda name: None if np.isnan(c[name][i]) else float(c[name][i])
        o.actual, o.target = number("actual"), number("target")
        o.projected, o.required_per_year = number("projected"), number("required_per_year")
        return o

    @overload
    def __getitem__(self, index: int) -> Outcome: ...
    @overload
    def __getitem__(self, index: slice) -> List[Outcome]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[Outcome, List[Outcome]]:
        n = len(self)
        if isinstance(index, slice):
            return [self._outcome(i) for i in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("outcome index out of range")
        return self._outcome(index)

    def __iter__(self) -> Iterator[Outcome]:
        for i in range(len(self)):
            yield self._outcome(i)

    @property
    def outcomes(self) -> List[Outcome]:
        """Every outcome, as objects."""
        return list(self)

    def find(self, rule_id: str, region: str) -> Optional[Outcome]:
        """The outcome of a rule (by id) in a region (by name or path), or None."""
        i = self._raw.find(rule_id, region)
        return None if i < 0 else self._outcome(i)

    def explain(self, index: int) -> Dict[str, Any]:
        """Why outcome ``index`` is what it is (the keys of docs/embedding.md)."""
        why = json.loads(self._raw.explain(index))
        why.update(why.pop("explanation") or {})  # one flat dict: rule, region, status, values, …
        return why

    def counts(self, area: Optional[str] = None, region: Optional[str] = None) -> Dict[str, Any]:
        """Outcomes by status, binding and aspirational apart, for one area and region (None: all)."""
        return self._raw.counts(area, region)

    def report(self, format: str = "text", *, language: str = "zh", explanations: bool = True, color: bool = False,
               title: str = "", pretty: bool = True) -> str:
        """The report as text, json (planrules.evaluation/1), csv or html. The GIL is released."""
        return self._raw.render(format, language, explanations, color, title, pretty)

    def to_text(self, **options: Any) -> str:
        return self.report("text", **options)

    def to_json(self, **options: Any) -> str:
        return self.report("json", **options)

    def to_csv(self, **options: Any) -> str:
        return self.report("csv", **options)

    def to_html(self, **options: Any) -> str:
        return self.report("html", **options)

    def save(self, path: PathLike, format: Optional[str] = None, **options: Any) -> None:
        """Writes the report; the format defaults to the file's extension (.txt, .json, .csv, .html)."""
        p = Path(path)
        if format is None:
            format = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}.get(p.suffix.lower(), "text")
        p.write_text(self.report(format, **options), encoding="utf-8")

    def to_frame(self, *, language: str = "zh") -> pd.DataFrame:
        """One row per rule × region with the columns of the CSV report (docs/json.md):
        it is the CSV report, read with the right types (missing numbers NaN or <NA>)."""
        text = self._raw.render("csv", language, False, False, "", True)
        dtypes: Dict[str, Any] = {c: str for c in _CSV_TEXT}
        dtypes.update({c: "float64" for c in _CSV_FLOAT})
        dtypes.update({c: "Int64" for c in _CSV_INT})
        dtypes["goal"] = "int64"
        # round_trip: the report's shortest round-trip numbers read back to the same doubles
        frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, float_precision="round_trip",
                            na_values={c: [""] for c in _CSV_FLOAT + _CSV_INT})
        for c in _CSV_BOOL:
            frame[c] = frame[c].map({"true": True, "false": False, True: True, False: False}).astype(bool)
        return frame

    def changes_since(self, earlier: "Evaluation", format: Optional[str] = None, *,
                      language: str = "zh") -> Union[pd.DataFrame, str]:
        """What changed from ``earlier`` (another evaluation of this plan) to this one:
        a DataFrame (rule_id, region, indicator, unit, before, after, actual_before,
        actual_after), or the report in ``format`` (text, json, csv, html)."""
        result = self._raw.changes_since(earlier._raw, format, language)
        if format is not None:
            return result
        return pd.DataFrame(result, columns=["rule_id", "region", "indicator", "unit", "before", "after",
                                             "actual_before", "actual_after"])

    def __repr__(self) -> str:
        return f"<planrules.Evaluation of {self.plan.id!r} as of {self.as_of}: {len(self)} outcomes>"


def evaluate(plan: Union[Plan, PathLike], data: Union[Data, pd.DataFrame, PathLike, Sequence[PathLike]],
             **options: Any) -> Evaluation:
    """``load_plan(plan).evaluate(data, **options)`` when given a path."""
    if not isinstance(plan, Plan):
        plan = load_plan(plan)
    return plan.evaluate(data, **options)


# --------------------------------------------------------------- plan testing


class LintResult:
    """A plan's check diagnostics followed by its lint findings (PR6xxx)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: _planrules.LintResult) -> None:
        self._raw = raw

    ok = property(lambda self: self._raw.ok, doc="No finding is an error.")

    @property
    def diagnostics(self) -> List[Diagnostic]:
        return self._raw.diagnostics

    def _of(self, severity: str) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == severity]

    errors = property(lambda self: self._of("error"))
    warnings = property(lambda self: self._of("warning"))
    notes = property(lambda self: self._of("note"))

    @property
    def plan(self) -> Plan:
        """The checked plan (the rules that checked cleanly)."""
        return Plan(self._raw.plan)

    def to_json(self, pretty: bool = True) -> str:
        """Schema planrules.lint/1 (docs/testing-plans.md)."""
        return self._raw.to_json(pretty)

    def to_frame(self) -> pd.DataFrame:
        return diagnostics_frame(self.diagnostics)

    def render(self) -> str:
        return render_diagnostics(self.diagnostics)

    def __repr__(self) -> str:
        return (f"<planrules.LintResult: {len(self.errors)} errors, {len(self.warnings)} warnings, "
                f"{len(self.notes)} notes>")


def lint(path: Optional[PathLike] = None, *, text: Optional[str] = None, name: str = "<text>",
         catalogues: Sequence[PathLike] = (), standard_catalogue: bool = True, notes: bool = True,
         cross_checks: bool = True, text_checks: bool = True) -> LintResult:
    """Checks and lints a rules file (or ``text``). The findings are the result: a
    plan with errors returns normally; an unreadable file raises FileError."""
    if (path is None) == (text is None):
        raise UsageError("give a path or text=", status="invalid_argument")
    return LintResult(_planrules.lint(None if path is None else os.fspath(path), text, name, _paths(catalogues),
                                      standard_catalogue, notes, cross_checks, text_checks))


class Comparison:
    """A child plan against its parent: one row per parent (or child-only) target."""

    __slots__ = ("_raw",)

    def __init__(self, raw: _planrules.Comparison) -> None:
        self._raw = raw

    ok = property(lambda self: self._raw.ok, doc="No finding is an error.")

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """PR7xxx findings, one per row that is neither stricter nor equal."""
        return self._raw.diagnostics

    @property
    def rows(self) -> pd.DataFrame:
        """indicator, parent_id, parent_text, parent_year, child_ids, child_text, child_year, verdict, note, …"""
        return pd.DataFrame(self._raw.rows())

    def row_list(self) -> List[Dict[str, Any]]:
        return self._raw.rows()

    @property
    def coverage(self) -> Dict[str, List[str]]:
        """parent_indicators, covered, missing."""
        return self._raw.coverage()

    def to_text(self, language: str = "zh", width: int = 160) -> str:
        return self._raw.to_text(language, width)

    def to_json(self, pretty: bool = True) -> str:
        """Schema planrules.compare/1."""
        return self._raw.to_json(pretty)

    def to_html(self, language: str = "zh") -> str:
        return self._raw.to_html(language)

    def __repr__(self) -> str:
        return f"<planrules.Comparison: {len(self._raw.rows())} rows, {len(self.diagnostics)} findings>"


def compare(child: Union[Plan, PathLike], parent: Union[Plan, PathLike], *, catalogues: Sequence[PathLike] = (),
            standard_catalogue: bool = True) -> Comparison:
    """Compares a child plan with its parent (Plans or paths)."""
    if isinstance(child, Plan) and isinstance(parent, Plan):
        return Comparison(_planrules.compare(child._raw, parent._raw))
    if isinstance(child, Plan) or isinstance(parent, Plan):
        c = child if isinstance(child, Plan) else load_plan(child, catalogues=catalogues, standard_catalogue=standard_catalogue)
        p = parent if isinstance(parent, Plan) else load_plan(parent, catalogues=catalogues, standard_catalogue=standard_catalogue)
        return Comparison(_planrules.compare(c._raw, p._raw))
    return Comparison(_planrules.compare_files(os.fspath(child), os.fspath(parent), _paths(catalogues), standard_catalogue))


# ----------------------------------------------------------------- extraction


class Extraction:
    """Rules read from a plan's Chinese text, and where extraction had to guess."""

    __slots__ = ("rules", "uncertainties", "statistics")

    def __init__(self, raw: Dict[str, Any]) -> None:
        self.rules: str = raw["rules"]
        """The rules file, in canonical form."""
        self.uncertainties: List[Dict[str, Any]] = raw["uncertainties"]
        """line, phrase, why."""
        self.statistics: Dict[str, int] = raw["statistics"]

    def uncertainties_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.uncertainties, columns=["line", "phrase", "why"])

    def to_plan(self, name: str = "<extracted>", **options: Any) -> Plan:
        """The extracted rules, checked and compiled."""
        return parse_plan(self.rules, name, **options)

    def __repr__(self) -> str:
        s = self.statistics
        return (f"<planrules.Extraction: {s.get('goals', 0)} goals, {s.get('measurable', 0)} measurable rules, "
                f"{len(self.uncertainties)} uncertainties>")


def extract(text: str, *, measures: bool = False, plan_id: str = "", catalogue: Optional[PathLike] = None,
            catalogue_include: str = "") -> Extraction:
    """Reads the measurable goals of a plan's text (UTF-8) into rules."""
    return Extraction(_planrules.extract(text, measures, plan_id, "" if catalogue is None else os.fspath(catalogue),
                                         catalogue_include))


def extract_file(path: PathLike, **options: Any) -> Extraction:
    """``extract`` of a text file."""
    return extract(Path(path).read_text(encoding="utf-8"), **options)
