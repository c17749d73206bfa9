// SQLite is compiled here and nowhere else.
#include <planrules/detail/record_loader.hpp>
#include <planrules/io/sqlite.hpp>

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

namespace planrules {

namespace {

struct database_closer {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct statement_finalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};

expected<load_report, error> database_failure(const std::string& origin, errc code, std::string message) {
  diagnostic d;
  d.code = diagnostic_code::database_error;
  d.level = severity::error;
  d.message = origin + ": " + message;
  d.location.file = origin;
  return fail(code, d.message, {std::move(d)});
}

expected<load_report, error> load(measurement_set_builder& into, const std::string& path, const std::string& sql,
                                  std::string origin, const data_load_options& options) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, database_closer> db(raw);
  if (opened != SQLITE_OK) {
    diagnostic d;
    d.code = diagnostic_code::cannot_read_file;
    d.level = severity::error;
    d.message = "cannot open '" + path + "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(opened));
    d.location.file = path;
    return fail(errc::io_error, d.message, {std::move(d)});
  }
  sqlite3_stmt* raw_statement = nullptr;
  const char* tail = nullptr;
  const int prepared = sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()), &raw_statement, &tail);
  std::unique_ptr<sqlite3_stmt, statement_finalizer> statement(raw_statement);
  if (prepared != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db.get());
    const bool missing = message.find("no such table") != std::string::npos;
    return database_failure(origin, missing ? errc::not_found : errc::invalid_argument, message);
  }
  if (!statement) return database_failure(origin, errc::invalid_argument, "the query is empty");
  if (tail && *tail) {
    std::string_view rest(tail);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\t' ||
                             rest.front() == '\r' || rest.front() == ';'))
      rest.remove_prefix(1);
    if (!rest.empty()) return database_failure(origin, errc::invalid_argument, "give one statement, not several");
  }
  if (!sqlite3_stmt_readonly(statement.get()))
    return database_failure(origin, errc::invalid_argument, "the query must only read");

  detail::record_loader loader(into, options, origin, nullptr);
  const int columns = sqlite3_column_count(statement.get());
  std::vector<detail::field> fields(static_cast<std::size_t>(columns));
  std::vector<std::string> names(static_cast<std::size_t>(columns));
  for (int i = 0; i < columns; ++i) {
    const char* name = sqlite3_column_name(statement.get(), i);
    names[static_cast<std::size_t>(i)] = name ? name : "";
    fields[static_cast<std::size_t>(i)].text = names[static_cast<std::size_t>(i)];
  }
  if (!loader.header(fields, 0, {})) return loader.finish();

  std::uint32_t row = 0;
  for (;;) {
    const int step = sqlite3_step(statement.get());
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      loader.fatal(diagnostic_code::database_error, origin + ": " + sqlite3_errmsg(db.get()), row);
      return loader.finish();
    }
    ++row;
    for (int i = 0; i < columns; ++i) {
      auto& f = fields[static_cast<std::size_t>(i)];
      f = detail::field{};
      switch (sqlite3_column_type(statement.get(), i)) {
      case SQLITE_NULL: f.type = detail::field::kind::null; break;
      case SQLITE_INTEGER:
      case SQLITE_FLOAT:
        f.type = detail::field::kind::number;
        f.number = sqlite3_column_double(statement.get(), i);
        break;
      default: break;
      }
      // Text of every cell, numbers included: an indicator or region may be stored as a number.
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), i));
      const int bytes = sqlite3_column_bytes(statement.get(), i);
      if (text) f.text = std::string_view(text, static_cast<std::size_t>(bytes));
    }
    loader.record(fields, row, {});
  }
  return loader.finish();
}

std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

} // namespace

PLANRULES_DECL expected<load_report, error> load_sqlite_table(measurement_set_builder& into, const std::string& path,
                                                              std::string_view table, const data_load_options& options) {
  try {
    if (table.empty()) return fail(errc::invalid_argument, "no table name given");
    return load(into, path, "SELECT * FROM " + quoted_identifier(table), path + "#" + std::string(table), options);
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + path);
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + path);
  }
}

PLANRULES_DECL expected<load_report, error> load_sqlite_query(measurement_set_builder& into, const std::string& path,
                                                              std::string_view query, const data_load_options& options) {
  try {
    return load(into, path, std::string(query), path + "#query", options);
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + path);
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + path);
  }
}

PLANRULES_DECL expected<load_result, error> load_sqlite_table(const std::string& path, std::string_view table,
                                                              const catalogue& cat, const data_load_options& options) {
  try {
    measurement_set_builder builder(cat);
    auto report = load_sqlite_table(builder, path, table, options);
    if (!report) return unexpected(std::move(report.error()));
    auto built = builder.finish(finish_options{options.bad_rows_fatal, options.max_diagnostics});
    if (!built) {
      auto failure = std::move(built.error());
      failure.diagnostics.insert(failure.diagnostics.begin(), report->diagnostics.begin(), report->diagnostics.end());
      return unexpected(std::move(failure));
    }
    report->diagnostics.insert(report->diagnostics.end(), std::make_move_iterator(built->report.diagnostics.begin()),
                               std::make_move_iterator(built->report.diagnostics.end()));
    return load_result{std::move(built->set), std::move(*report)};
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + path);
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + path);
  }
}

} // namespace planrules
