#ifndef PLANRULES_IO_CSV_HPP
#define PLANRULES_IO_CSV_HPP

// CSV files of measurements: long (one value per row), wide by year, wide by
// indicator, or a region hierarchy; the layout is read from the header. Columns
// are recognised by name in English or Chinese (docs/data.md lists them). Bad
// rows become located diagnostics; every valid row is kept.

#include <planrules/io/options.hpp>
#include <planrules/measurements.hpp>

#include <string>
#include <string_view>

namespace planrules {

/// Loads a CSV file into `into`. Fails (io_error, invalid_input, limit_exceeded)
/// only when the file cannot be read, its header is unusable, or — with
/// bad_rows_fatal — a row is bad; then nothing of the file is kept. Otherwise
/// the report lists every bad row. Reads the file once; about 1 s per 500 MB.
PLANRULES_DECL expected<load_report, error> load_csv(measurement_set_builder& into, const std::string& path,
                                                     const data_load_options& options = {});

/// The same for CSV text in memory; `name` is used in diagnostics.
PLANRULES_DECL expected<load_report, error> load_csv_text(measurement_set_builder& into, std::string_view text,
                                                          std::string_view name = "<text>",
                                                          const data_load_options& options = {});

/// Loads one file into a new set resolved against `cat`; duplicate keys are
/// reported after the bad rows (and are fatal with bad_rows_fatal).
PLANRULES_DECL expected<load_result, error> load_csv(const std::string& path, const catalogue& cat,
                                                     const data_load_options& options = {});

} // namespace planrules

#endif
