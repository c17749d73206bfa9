#ifndef PLANRULES_IO_SQLITE_HPP
#define PLANRULES_IO_SQLITE_HPP

// Measurements from an SQLite database: a named table or the rows of a query,
// in any layout the CSV loader reads (columns recognised by name). The database
// is opened read-only. Bodies are in src/sqlite.cpp, the only file that includes
// <sqlite3.h>; a header-only build does not provide them.

#include <planrules/io/options.hpp>
#include <planrules/measurements.hpp>

#include <string>
#include <string_view>

namespace planrules {

/// Loads every row of `table`. Rows are numbered from 1 in the order SQLite
/// returns them; diagnostics name the file as "path#table".
PLANRULES_DECL expected<load_report, error> load_sqlite_table(measurement_set_builder& into, const std::string& path,
                                                              std::string_view table,
                                                              const data_load_options& options = {});

/// Loads the rows of a query (one SELECT statement); diagnostics name the file as "path#query".
PLANRULES_DECL expected<load_report, error> load_sqlite_query(measurement_set_builder& into, const std::string& path,
                                                              std::string_view query,
                                                              const data_load_options& options = {});

/// Loads one table into a new set resolved against `cat`.
PLANRULES_DECL expected<load_result, error> load_sqlite_table(const std::string& path, std::string_view table,
                                                              const catalogue& cat,
                                                              const data_load_options& options = {});

} // namespace planrules

#endif
