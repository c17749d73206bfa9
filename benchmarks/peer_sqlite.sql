-- The SQLite peer: the benchmark's checks written as an SQL user would.
--   cd DIR && sqlite3 :memory: < peer_sqlite.sql      (DIR holds data.csv and rules.csv)
-- Import into a typed table with its key as primary key, then one query per rule
-- kind over every indicator × region. Prints per rule: index, met, not_met,
-- no_data, insufficient_data (the statuses of docs/performance.md). The margin
-- 1e-9 × max(1, |target|) is planrules' rounding margin.
.bail on
CREATE TABLE m (indicator TEXT, region TEXT, year INTEGER, value REAL,
                PRIMARY KEY (indicator, region, year)) WITHOUT ROWID;
CREATE TABLE rules (idx INTEGER, kind TEXT, indicator TEXT, op TEXT, target REAL, year INTEGER);
.import --csv --skip 1 data.csv m
.import --csv --skip 1 rules.csv rules
CREATE TABLE regions AS SELECT DISTINCT region FROM m;

.mode csv
.headers off
WITH
bounds AS (
  SELECT r.idx,
         v.value IS NOT NULL AS present,
         CASE r.op WHEN '<=' THEN v.value <= r.target + 1e-9 * max(1, abs(r.target))
                   ELSE v.value >= r.target - 1e-9 * max(1, abs(r.target)) END AS ok
  FROM rules r CROSS JOIN regions g
  LEFT JOIN m v ON v.indicator = r.indicator AND v.region = g.region AND v.year = r.year
  WHERE r.kind IN ('bound_2025', 'bound_2030')),
baselines AS (
  SELECT r.idx,
         b.value IS NOT NULL AND v.value IS NOT NULL AS present,
         v.value <= r.target * b.value + 1e-9 * max(1, abs(r.target * b.value)) AS ok
  FROM rules r CROSS JOIN regions g
  LEFT JOIN m b ON b.indicator = r.indicator AND b.region = g.region AND b.year = 2020
  LEFT JOIN m v ON v.indicator = r.indicator AND v.region = g.region AND v.year = 2030
  WHERE r.kind = 'baseline'),
steps AS (
  SELECT indicator, region, year, value,
         lag(value) OVER w AS previous_value, lag(year) OVER w AS previous_year
  FROM m WHERE year BETWEEN 2021 AND 2030 AND indicator IN (SELECT indicator FROM rules WHERE kind = 'decreasing')
  WINDOW w AS (PARTITION BY indicator, region ORDER BY year)),
trends AS (
  SELECT indicator, region, count(*) AS points,
         sum(previous_year IS NOT NULL AND NOT ((value - previous_value) / (year - previous_year) < -1e-12)) AS breaks
  FROM steps GROUP BY indicator, region),
decreasing AS (
  SELECT r.idx, t.points, t.breaks
  FROM rules r CROSS JOIN regions g
  LEFT JOIN trends t ON t.indicator = r.indicator AND t.region = g.region
  WHERE r.kind = 'decreasing')
SELECT idx, sum(present AND ok), sum(present AND NOT ok), sum(NOT present), 0 FROM bounds GROUP BY idx
UNION ALL
SELECT idx, sum(present AND ok), sum(present AND NOT ok), sum(NOT present), 0 FROM baselines GROUP BY idx
UNION ALL
SELECT idx, sum(points >= 2 AND breaks = 0), sum(points >= 2 AND breaks > 0), sum(points IS NULL), sum(points = 1)
FROM decreasing GROUP BY idx
ORDER BY 1;
