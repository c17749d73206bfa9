#ifndef PLANRULES_DETAIL_RECORD_LOADER_HPP
#define PLANRULES_DETAIL_RECORD_LOADER_HPP

// The part of loading shared by CSV, SQLite and column buffers: recognising
// columns, resolving names through caches, parsing cells, reporting bad rows.
// A reader splits its input into records of fields and hands them over here.

#include <planrules/io/options.hpp>
#include <planrules/measurements.hpp>
#include <planrules/units.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace planrules::detail {

enum class column_role : std::uint8_t {
  ignored,
  indicator,      ///< id or any name
  indicator_name, ///< Chinese name; used when `indicator` is absent or empty
  region,
  year,
  value,
  unit,
  qualifier,
  sex,
  age,
  area,
  slice, ///< "sex=female,area=rural"
  source,
  source_address,
  report,
  publisher,
  release,
  note,
  parent,
  level,
  year_value,      ///< wide_years: a year column
  indicator_value, ///< wide_indicators: an indicator column
};

/// The role a header names ("年份" → year); ignored when unknown.
PLANRULES_DECL column_role role_from_header(std::string_view header);

/// "2021" or "2021年" → 2021.
PLANRULES_DECL std::optional<int> year_from_header(std::string_view header) noexcept;

/// One cell of a record.
struct field {
  enum class kind : std::uint8_t { text, number, null };
  std::string_view text;
  double number = 0;
  std::uint32_t offset = 0; ///< byte offset of the cell in the record's text
  kind type = kind::text;
};

/// A column and what it holds.
struct column_spec {
  column_role role = column_role::ignored;
  std::string name;
  int year = 0;                          ///< year_value
  std::uint32_t indicator = 0;           ///< indicator_value
  std::optional<planrules::unit> unit;   ///< indicator_value with "(unit)" in its header
};

/// A parsed cell value.
struct cell_value {
  enum class status : std::uint8_t { ok, missing, non_numeric, non_finite } state = status::ok;
  double value = 0;
};

/// Parses a value cell. Missing: empty, NA, N/A, NULL, .., …, -, —.
PLANRULES_DECL cell_value parse_value(const field& f) noexcept;

class record_loader {
public:
  PLANRULES_DECL record_loader(measurement_set_builder& builder, const data_load_options& options, std::string origin,
                               std::shared_ptr<const void> owner = nullptr, std::string_view text = {});

  /// Reads the header; false when the table cannot be loaded (see report()).
  PLANRULES_DECL bool header(std::span<const field> names, std::uint32_t line, std::string_view line_text);
  /// Sets the columns directly (column buffers).
  PLANRULES_DECL void set_columns(std::vector<column_spec> columns, table_layout layout);

  /// One record; `text` is its raw text (empty: rendered from the fields when needed).
  PLANRULES_DECL void record(std::span<const field> fields, std::uint32_t line, std::string_view text);
  /// True when every record could take plain_record (the long layout with only
  /// indicator, region, year and value columns, besides ignored ones).
  bool plain() const noexcept { return plain_; }
  /// Reads the CSV line at `p` when it is plain: no quotes, names the caches
  /// know, a four-digit year and a plain decimal. Otherwise false, `p` unmoved:
  /// the general path reads the line and reports what is wrong with it.
  PLANRULES_DECL bool plain_record(const char*& p, const char* end, char delimiter, std::uint32_t line);
  /// A record the reader could not split (malformed quoting).
  PLANRULES_DECL void bad_record(diagnostic_code code, std::string message, std::uint32_t line, std::string_view text,
                                 std::uint32_t offset);
  /// A problem with the whole input, located at `line` (0: none).
  PLANRULES_DECL void fatal(diagnostic_code code, std::string message, std::uint32_t line = 0,
                            std::string_view text = {}, std::uint32_t offset = 0, std::uint32_t length = 0);

  std::size_t field_count() const noexcept { return columns_.size(); }
  /// Makes room for `scale` times what this load has added so far (when the
  /// rest of the input is `scale` times the part read).
  PLANRULES_DECL void reserve_more(double scale);
  const std::string& origin() const noexcept { return origin_; }

  /// Ends the load: applies bad_rows_fatal (rolling the builder back), returns the report.
  PLANRULES_DECL expected<load_report, error> finish();

private:
  struct text_cache {
    std::string text;
    std::uint32_t id = 0;
    bool valid = false;
  };
  struct unit_entry {
    planrules::unit parsed;
    bool more_than = false; ///< written with 余 ("万余条"): a lower bound
    std::string error;
  };
  struct row_state {
    std::span<const field> fields;
    std::uint32_t line = 0;
    std::string_view text;
    bool bad = false;
  };

  void report(row_state& row, std::size_t column, diagnostic_code code, std::string message);
  void add_diagnostic(diagnostic d);
  source_location locate(const row_state& row, std::size_t column) const;
  bool check_text(row_state& row, std::size_t column);
  std::string_view cell(const row_state& row, int column) const noexcept;

  // Each returns a sentinel (none, no_year, false) after reporting the row bad.
  std::uint32_t resolve_indicator(row_state& row);
  std::uint32_t resolve_indicator_text(row_state& row, std::size_t column, std::string_view text);
  std::uint32_t resolve_region(row_state& row);
  int resolve_year(row_state& row, std::size_t column);
  std::uint32_t resolve_slice(row_state& row);
  const unit_entry* resolve_unit(row_state& row);
  bool resolve_qualifier(row_state& row, std::pair<value_qualifier, bool>& out); ///< qualifier, has a note
  std::uint32_t resolve_provenance(row_state& row, bool qualifier_note);
  bool apply_unit(row_state& row, std::size_t column, const planrules::unit* from, bool more_than,
                  std::uint32_t indicator, double& value, value_qualifier& qualifier);
  void push(std::uint32_t indicator, std::uint32_t region, int year, std::uint32_t slice, std::uint32_t provenance,
            value_qualifier qualifier, const cell_value& v, std::uint32_t line);
  bool value_cell(row_state& row, std::size_t column, cell_value& out);
  bool value_cell_slow(row_state& row, std::size_t column, cell_value& out);
  void region_record(row_state& row);
  std::uint32_t indicator_fast(row_state& row);
  std::uint32_t region_fast(row_state& row);
  int year_fast(row_state& row, std::size_t column);

  measurement_set_builder& builder_;
  data_load_options options_;
  std::string origin_;
  std::uint16_t origin_index_ = 0;
  measurement_set_builder::checkpoint mark_{};
  table_layout layout_ = table_layout::long_format;
  std::vector<column_spec> columns_;
  int col_[32];
  std::vector<std::size_t> value_columns_; ///< wide layouts
  bool has_provenance_columns_ = false;
  bool has_slice_columns_ = false;
  bool has_hierarchy_columns_ = false;
  bool plain_ = false;
  std::uint8_t plain_role_[16] = {}; ///< per column: 0 ignored, 1 indicator, 2 region, 3 year, 4 value
  std::uint32_t file_provenance_ = 0;
  std::string default_region_;

  text_cache indicator_cache_;
  measurement_set_builder::string_map<std::uint32_t> indicator_memo_;
  text_cache region_cache_;
  std::string region_define_key_;
  std::string slice_key_;
  text_cache slice_cache_;
  std::string unit_key_;
  measurement_set_builder::string_map<unit_entry> units_;
  const unit_entry* unit_cache_ = nullptr;
  std::string qualifier_key_;
  std::pair<value_qualifier, bool> qualifier_cache_{value_qualifier::exact, false};
  bool qualifier_cache_valid_ = false;
  std::vector<std::string> provenance_key_;
  std::uint32_t provenance_cache_ = 0;
  bool provenance_cache_valid_ = false;
  std::string scratch_;

  load_report report_;
  std::size_t suppressed_ = 0;
  bool fatal_ = false;
  bool too_many_inputs_ = false;
};

} // namespace planrules::detail

#endif
