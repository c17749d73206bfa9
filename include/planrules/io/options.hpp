#ifndef PLANRULES_IO_OPTIONS_HPP
#define PLANRULES_IO_OPTIONS_HPP

// Options and results shared by the CSV and SQLite loaders. Formats, column
// names and the bad-row codes are documented in docs/data.md.

#include <planrules/measurements.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace planrules {

/// How a table lays out its values.
enum class table_layout : std::uint8_t {
  automatic,       ///< decided from the header
  long_format,     ///< one value per row: indicator, region, year, value
  wide_years,      ///< one column per year: indicator, region, 2020, 2021, …
  wide_indicators, ///< one column per indicator: region, year, 婴儿死亡率, …
  regions,         ///< the hierarchy only: region, parent, level
};

/// "long", "wide_years", "wide_indicators", "regions", "automatic".
PLANRULES_DECL std::string_view to_string(table_layout layout) noexcept;

/// How a file or table is read.
struct data_load_options {
  table_layout layout = table_layout::automatic;
  char delimiter = 0;         ///< CSV only; 0 picks ',', tab or ';' from the header line
  std::string default_region; ///< for rows without a region column; empty: the builder's ("全国")
  std::string source;         ///< source of rows without source columns; empty: the file name
  std::string release;        ///< data release of rows without a release column
  bool bad_rows_fatal = false; ///< any bad row fails the load; nothing of the file is kept
  bool create_regions = true;  ///< unknown regions become new roots; false: a bad row (PR4014)
  int min_year = 1900;
  int max_year = 2200;
  std::size_t max_diagnostics = 1000;             ///< then one PR9005 note; counting goes on
  std::size_t max_file_bytes = 0xFFFFFFFFu;       ///< larger files fail with PR9001
  bool keep_text = true; ///< keep the file's text until finish() so duplicates show their line
};

/// A finished set and what loading it reported (bad rows, then duplicate keys).
struct load_result {
  measurement_set set;
  load_report report;
};

} // namespace planrules

#endif
