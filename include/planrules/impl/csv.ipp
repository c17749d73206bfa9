#ifndef PLANRULES_IMPL_CSV_IPP
#define PLANRULES_IMPL_CSV_IPP

#include <planrules/detail/record_loader.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/impl/measurements.ipp>
#include <planrules/io/csv.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>

#if defined(__unix__) || defined(__APPLE__)
#  include <fcntl.h>
#  include <sys/mman.h>
#  include <sys/stat.h>
#  include <unistd.h>
#  if !defined(MAP_POPULATE)
#    define MAP_POPULATE 0
#  endif
#  if !defined(O_CLOEXEC)
#    define O_CLOEXEC 0
#  endif
#  define PLANRULES_CSV_MMAP 1
#else
#  define PLANRULES_CSV_MMAP 0
#endif

#if defined(__SSE2__) || defined(_M_X64)
#  include <emmintrin.h>
#  define PLANRULES_CSV_SSE2 1
#else
#  define PLANRULES_CSV_SSE2 0
#endif

namespace planrules {

PLANRULES_DECL std::string_view to_string(table_layout layout) noexcept {
  switch (layout) {
  case table_layout::automatic: return "automatic";
  case table_layout::long_format: return "long";
  case table_layout::wide_years: return "wide_years";
  case table_layout::wide_indicators: return "wide_indicators";
  case table_layout::regions: return "regions";
  }
  return "automatic";
}

namespace detail {

namespace data_loading {

inline constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
inline constexpr std::size_t whole_row = static_cast<std::size_t>(-1);
inline constexpr int no_year = std::numeric_limits<int>::min();

struct header_name {
  std::string_view name;
  column_role role;
};

// Header names after word_key (lower case, '_' and '-' read as spaces).
inline constexpr header_name header_names[] = {
    {"indicator", column_role::indicator},
    {"indicator id", column_role::indicator},
    {"indicator code", column_role::indicator},
    {"指标代码", column_role::indicator},
    {"指标编码", column_role::indicator},
    {"指标id", column_role::indicator},
    {"indicator zh", column_role::indicator_name},
    {"indicator name", column_role::indicator_name},
    {"indicator cn", column_role::indicator_name},
    {"indicator en", column_role::indicator_name},
    {"indicator label", column_role::indicator_name},
    {"指标", column_role::indicator_name},
    {"指标名称", column_role::indicator_name},
    {"指标名", column_role::indicator_name},
    {"region", column_role::region},
    {"region name", column_role::region},
    {"geo", column_role::region},
    {"location", column_role::region},
    {"地区", column_role::region},
    {"地区名称", column_role::region},
    {"区域", column_role::region},
    {"行政区", column_role::region},
    {"行政区划", column_role::region},
    {"year", column_role::year},
    {"年份", column_role::year},
    {"年度", column_role::year},
    {"年", column_role::year},
    {"value", column_role::value},
    {"val", column_role::value},
    {"obs value", column_role::value},
    {"observation", column_role::value},
    {"数值", column_role::value},
    {"值", column_role::value},
    {"指标值", column_role::value},
    {"数据", column_role::value},
    {"unit", column_role::unit},
    {"units", column_role::unit},
    {"单位", column_role::unit},
    {"计量单位", column_role::unit},
    {"qualifier", column_role::qualifier},
    {"value qualifier", column_role::qualifier},
    {"flag", column_role::qualifier},
    {"限定", column_role::qualifier},
    {"数值限定", column_role::qualifier},
    {"标记", column_role::qualifier},
    {"sex", column_role::sex},
    {"gender", column_role::sex},
    {"性别", column_role::sex},
    {"age", column_role::age},
    {"age group", column_role::age},
    {"年龄", column_role::age},
    {"年龄组", column_role::age},
    {"年龄段", column_role::age},
    {"area", column_role::area},
    {"urban rural", column_role::area},
    {"城乡", column_role::area},
    {"城乡分类", column_role::area},
    {"slice", column_role::slice},
    {"disaggregation", column_role::slice},
    {"分组", column_role::slice},
    {"source", column_role::source},
    {"来源", column_role::source},
    {"数据来源", column_role::source},
    {"source address", column_role::source_address},
    {"source url", column_role::source_address},
    {"url", column_role::source_address},
    {"link", column_role::source_address},
    {"来源地址", column_role::source_address},
    {"链接", column_role::source_address},
    {"网址", column_role::source_address},
    {"report", column_role::report},
    {"报告", column_role::report},
    {"出处", column_role::report},
    {"publisher", column_role::publisher},
    {"发布机构", column_role::publisher},
    {"发布单位", column_role::publisher},
    {"release", column_role::release},
    {"release date", column_role::release},
    {"vintage", column_role::release},
    {"发布", column_role::release},
    {"发布时间", column_role::release},
    {"版本", column_role::release},
    {"数据版本", column_role::release},
    {"note", column_role::note},
    {"notes", column_role::note},
    {"remark", column_role::note},
    {"remarks", column_role::note},
    {"comment", column_role::note},
    {"备注", column_role::note},
    {"说明", column_role::note},
    {"parent", column_role::parent},
    {"parent region", column_role::parent},
    {"上级", column_role::parent},
    {"上级地区", column_role::parent},
    {"上级区域", column_role::parent},
    {"level", column_role::level},
    {"region level", column_role::level},
    {"级别", column_role::level},
    {"层级", column_role::level},
    {"行政级别", column_role::level},
};

inline std::string_view role_label(column_role role) noexcept {
  switch (role) {
  case column_role::indicator: return "indicator";
  case column_role::indicator_name: return "indicator name";
  case column_role::region: return "region";
  case column_role::year: return "year";
  case column_role::value: return "value";
  case column_role::unit: return "unit";
  case column_role::qualifier: return "qualifier";
  case column_role::sex: return "sex";
  case column_role::age: return "age";
  case column_role::area: return "area";
  case column_role::slice: return "slice";
  case column_role::source: return "source";
  case column_role::source_address: return "source address";
  case column_role::report: return "report";
  case column_role::publisher: return "publisher";
  case column_role::release: return "release";
  case column_role::note: return "note";
  case column_role::parent: return "parent";
  case column_role::level: return "level";
  default: return "column";
  }
}

inline std::optional<ast::region_level> level_from_text(std::string_view text) {
  const auto key = measurements::word_key(text);
  if (auto level = ast::level_from_name(key)) return level;
  struct entry {
    std::string_view name;
    ast::region_level level;
  };
  static constexpr entry extra[] = {
      {"全国", ast::region_level::nation},     {"国家级", ast::region_level::nation},
      {"省级", ast::region_level::province},   {"自治区", ast::region_level::province},
      {"直辖市", ast::region_level::province}, {"地级市", ast::region_level::city},
      {"市级", ast::region_level::city},       {"盟", ast::region_level::city},
      {"旗", ast::region_level::county},       {"区县", ast::region_level::county},
      {"县级", ast::region_level::county},     {"县级市", ast::region_level::county},
      {"镇", ast::region_level::township},     {"乡", ast::region_level::township},
      {"苏木", ast::region_level::township},   {"乡级", ast::region_level::township},
      {"嘎查", ast::region_level::village},    {"村级", ast::region_level::village},
      {"居委会", ast::region_level::village},  {"村委会", ast::region_level::village},
  };
  for (const auto& e : extra)
    if (key == e.name) return e.level;
  return std::nullopt;
}

inline bool has_high_bit(std::string_view s) noexcept {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

inline std::string_view trim_blanks(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Equality of short cell texts, the common case of a cache check, without a call.
PLANRULES_DETAIL_HOT bool same_text(std::string_view a, const std::string& b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    std::uint64_t a1, b1, a2, b2;
    std::memcpy(&a1, a.data(), 8);
    std::memcpy(&b1, b.data(), 8);
    std::memcpy(&a2, a.data() + n - 8, 8);
    std::memcpy(&b2, b.data() + n - 8, 8);
    return a1 == b1 && a2 == b2;
  }
  if (n >= 4 && n < 8) {
    std::uint32_t a1, b1, a2, b2;
    std::memcpy(&a1, a.data(), 4);
    std::memcpy(&b1, b.data(), 4);
    std::memcpy(&a2, a.data() + n - 4, 4);
    std::memcpy(&b2, b.data() + n - 4, 4);
    return a1 == b1 && a2 == b2;
  }
  return std::memcmp(a.data(), b.data(), n) == 0;
}

// A plain decimal ("-12.345", at most 15 digits, no exponent) is M / 10^k with M
// and 10^k exact doubles, so one division gives the correctly rounded value
// (Clinger's fast path). Anything else is left to std::from_chars.
PLANRULES_DETAIL_HOT bool parse_plain_decimal(const char* p, const char* end, double& out) noexcept {
  static constexpr double powers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;
  int digits = 0;
  while (p < end && static_cast<unsigned>(*p - '0') < 10) {
    m = m * 10 + static_cast<unsigned>(*p++ - '0');
    ++digits;
  }
  int fraction = 0;
  if (p < end && *p == '.') {
    ++p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
      m = m * 10 + static_cast<unsigned>(*p++ - '0');
      ++digits;
      ++fraction;
    }
  }
  if (p != end || digits == 0 || digits > 15) return false;
  double v = static_cast<double>(m);
  if (fraction) v /= powers[fraction];
  out = negative ? -v : v;
  return true;
}

inline bool is_missing_spelling(std::string_view t) noexcept {
  static constexpr std::string_view spellings[] = {"NA", "N/A", "NULL", ".", "..", "...", "…", "-", "--", "—", "–", "——"};
  for (const auto s : spellings) {
    if (s.size() != t.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size() && same; ++i) {
      char c = t[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      same = c == s[i];
    }
    if (same) return true;
  }
  return false;
}

// "万余条" → "万条" and true: 余 after a number means "more than".
inline std::pair<std::string, bool> without_more_than(std::string_view unit_text) {
  constexpr std::string_view yu = "余";
  std::string out;
  bool found = false;
  for (std::size_t i = 0; i < unit_text.size();) {
    if (unit_text.substr(i, yu.size()) == yu) {
      found = true;
      i += yu.size();
    } else {
      out += unit_text[i++];
    }
  }
  return {out, found};
}

} // namespace data_loading

PLANRULES_DECL column_role role_from_header(std::string_view header) {
  const auto key = measurements::word_key(header);
  for (const auto& entry : data_loading::header_names)
    if (key == entry.name) return entry.role;
  return column_role::ignored;
}

PLANRULES_DECL std::optional<int> year_from_header(std::string_view header) noexcept {
  header = measurements::trim(header);
  if (header.ends_with("年")) header.remove_suffix(std::string_view("年").size());
  if (header.size() != 4) return std::nullopt;
  int year = 0;
  for (const char c : header) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  return year;
}

PLANRULES_DECL cell_value parse_value(const field& f) noexcept {
  using status = cell_value::status;
  if (f.type == field::kind::null) return {status::missing, 0};
  if (f.type == field::kind::number) return {std::isfinite(f.number) ? status::ok : status::non_finite, f.number};
  const auto t = data_loading::trim_blanks(f.text);
  if (t.empty()) return {status::missing, 0};
  const char* begin = t.data();
  const char* end = begin + t.size();
  if (*begin == '+' && t.size() > 1 && begin[1] != '-') ++begin;
  double v = 0;
  if (data_loading::parse_plain_decimal(begin, end, v)) return {status::ok, v};
  const auto r = std::from_chars(begin, end, v);
  if (r.ptr == end) {
    if (r.ec == std::errc()) return {std::isfinite(v) ? status::ok : status::non_finite, v};
    if (r.ec == std::errc::result_out_of_range) return {status::non_finite, v};
  }
  if (data_loading::is_missing_spelling(t)) return {status::missing, 0};
  return {status::non_numeric, 0};
}


PLANRULES_DECL record_loader::record_loader(measurement_set_builder& builder, const data_load_options& options,
                                            std::string origin, std::shared_ptr<const void> owner,
                                            std::string_view text)
    : builder_(builder), options_(options), origin_(std::move(origin)) {
  mark_ = builder_.mark();
  // Years live in 16 bits in the store; the builder's own range is 1000–9999.
  options_.min_year = std::max(options_.min_year, measurements::min_year);
  options_.max_year = std::min(options_.max_year, measurements::max_year);
  if (builder_.origins_.size() >= 0xFFFF) {
    too_many_inputs_ = true;
    fatal_ = true;
    return;
  }
  origin_index_ = builder_.add_origin(origin_, options_.keep_text ? std::move(owner) : nullptr, text);
  std::fill(std::begin(col_), std::end(col_), -1);
  default_region_ = options_.default_region.empty() ? builder_.default_region() : options_.default_region;
  file_provenance_ =
      builder_.intern_provenance(options_.source.empty() ? std::string_view(origin_) : std::string_view(options_.source),
                                 options_.release, {});
}

inline void record_loader::add_diagnostic(diagnostic d) {
  if (report_.diagnostics.size() < options_.max_diagnostics) report_.diagnostics.push_back(std::move(d));
  else ++suppressed_;
}

namespace data_loading {

// The location of `offset` (a byte in `text`, which may span lines) for a record starting at `line`.
inline source_location locate_in(std::string_view file, std::uint32_t line, std::string_view text, std::size_t offset,
                                 std::size_t length_in_chars, bool whole) {
  source_location loc;
  loc.file = std::string(file);
  loc.line = line;
  if (line == 0 && text.empty()) return loc;
  offset = std::min(offset, text.size());
  std::size_t line_begin = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++loc.line;
      line_begin = i + 1;
    }
  auto line_end = text.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > line_begin && text[line_end - 1] == '\r') --line_end;
  const auto physical = text.substr(line_begin, line_end - line_begin);
  loc.line_text = measurements::sanitized(physical);
  if (whole) {
    loc.column = 1;
    loc.end_column = static_cast<std::uint32_t>(unicode::count_code_points(physical)) + 1;
  } else {
    loc.column = static_cast<std::uint32_t>(
                     unicode::count_code_points(physical.substr(0, std::min(offset, line_end) - line_begin))) +
                 1;
    loc.end_column = loc.column + static_cast<std::uint32_t>(std::max<std::size_t>(1, length_in_chars));
  }
  return loc;
}

} // namespace data_loading

inline source_location record_loader::locate(const row_state& row, std::size_t column) const {
  const bool whole = column == data_loading::whole_row || column >= row.fields.size();
  if (!row.text.empty()) {
    const auto offset = whole ? 0 : row.fields[column].offset;
    const auto length = whole ? 0 : unicode::count_code_points(row.fields[column].text);
    return data_loading::locate_in(origin_, row.line, row.text, offset, length, whole);
  }
  // Rows without text of their own (SQLite, buffers) are shown as comma-separated cells.
  std::string rendered;
  std::size_t offset = 0, length = 0;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    if (i > 0) rendered += ',';
    const auto at = rendered.size();
    const auto& f = row.fields[i];
    if (f.type == field::kind::number && f.text.empty()) rendered += measurements::format_number(f.number);
    else if (f.type != field::kind::null) rendered += f.text;
    if (i == column) {
      offset = at;
      length = unicode::count_code_points(std::string_view(rendered).substr(at));
    }
  }
  return data_loading::locate_in(origin_, row.line, rendered, offset, length, whole);
}

inline void record_loader::report(row_state& row, std::size_t column, diagnostic_code code, std::string message) {
  diagnostic d;
  d.code = code;
  d.level = default_severity(code);
  if (d.level == severity::error) row.bad = true;
  if (report_.diagnostics.size() >= options_.max_diagnostics) {
    ++suppressed_; // counted, not located: a file of bad rows stays fast
    return;
  }
  d.message = std::move(message);
  d.location = locate(row, column);
  add_diagnostic(std::move(d));
}

inline bool record_loader::check_text(row_state& row, std::size_t column) {
  const auto text = row.fields[column].text;
  if (!data_loading::has_high_bit(text)) return true;
  const auto bad = unicode::first_invalid_utf8(text);
  if (!bad) return true;
  report(row, column, diagnostic_code::invalid_utf8_in_data,
         "invalid UTF-8 in the " + std::string(data_loading::role_label(columns_[column].role)) + " column (byte " +
             std::to_string(*bad + 1) + " of the cell); save the file as UTF-8");
  return false;
}

PLANRULES_DETAIL_HOT std::string_view record_loader::cell(const row_state& row, int column) const noexcept {
  if (column < 0) return {};
  const auto text = row.fields[static_cast<std::size_t>(column)].text;
  // Most cells need no trimming (the CSV reader trims unquoted ones); look before trimming.
  if (text.empty()) return text;
  const auto first = static_cast<unsigned char>(text.front());
  const auto last = static_cast<unsigned char>(text.back());
  if (first > ' ' && first != 0xE3 && last > ' ' && last != 0x80) return text;
  return measurements::trim(text);
}

PLANRULES_DECL void record_loader::reserve_more(double scale) {
  // A little over the estimate: growing by doubling later would copy everything.
  scale *= 1.01;
  const auto values = builder_.values_.size() - mark_.values;
  const auto runs = builder_.runs_.size() - mark_.runs;
  builder_.values_.reserve(builder_.values_.size() + static_cast<std::size_t>(static_cast<double>(values) * scale) + 16);
  builder_.missing_.reserve((builder_.values_.capacity() + 63) / 64);
  builder_.runs_.reserve(builder_.runs_.size() + static_cast<std::size_t>(static_cast<double>(runs) * scale) + 16);
}

PLANRULES_DECL void record_loader::set_columns(std::vector<column_spec> columns, table_layout layout) {
  columns_ = std::move(columns);
  layout_ = layout;
  report_.layout = std::string(to_string(layout));
  value_columns_.clear();
  std::fill(std::begin(col_), std::end(col_), -1);
  has_provenance_columns_ = false;
  has_slice_columns_ = false;
  has_hierarchy_columns_ = false;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const auto role = columns_[i].role;
    if (role == column_role::ignored) continue;
    if (role == column_role::year_value || role == column_role::indicator_value) {
      value_columns_.push_back(i);
      continue;
    }
    col_[static_cast<int>(role)] = static_cast<int>(i);
    if (role == column_role::source || role == column_role::source_address || role == column_role::report ||
        role == column_role::publisher || role == column_role::release || role == column_role::note)
      has_provenance_columns_ = true;
    if (role == column_role::sex || role == column_role::age || role == column_role::area || role == column_role::slice)
      has_slice_columns_ = true;
    if (role == column_role::parent || role == column_role::level) has_hierarchy_columns_ = true;
  }
  plain_ = layout_ == table_layout::long_format && columns_.size() <= 16 &&
           col_[static_cast<int>(column_role::indicator_name)] < 0;
  for (std::size_t i = 0; plain_ && i < columns_.size(); ++i) {
    switch (columns_[i].role) {
    case column_role::ignored: plain_role_[i] = 0; break;
    case column_role::indicator: plain_role_[i] = 1; break;
    case column_role::region: plain_role_[i] = 2; break;
    case column_role::year: plain_role_[i] = 3; break;
    case column_role::value: plain_role_[i] = 4; break;
    default: plain_ = false;
    }
  }
}

PLANRULES_DECL bool record_loader::header(std::span<const field> names, std::uint32_t line, std::string_view line_text) {
  if (fatal_) return false;
  std::vector<column_spec> columns(names.size());
  std::size_t year_cells = 0, indicator_cells = 0;
  bool has[32] = {};
  auto fatal_at = [&](std::size_t i, diagnostic_code code, std::string message) {
    fatal(code, std::move(message), line, line_text, names[i].offset,
          static_cast<std::uint32_t>(unicode::count_code_points(names[i].text)));
  };
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto text = measurements::trim(names[i].text);
    if (unicode::first_invalid_utf8(text)) {
      fatal_at(i, diagnostic_code::invalid_utf8_in_data, "invalid UTF-8 in the header; save the file as UTF-8");
      return false;
    }
    auto& c = columns[i];
    c.name = std::string(text);
    c.role = role_from_header(text);
    if (c.role != column_role::ignored) {
      has[static_cast<int>(c.role)] = true;
      continue;
    }
    if (const auto year = year_from_header(text); year && *year >= options_.min_year && *year <= options_.max_year) {
      c.year = *year;
      ++year_cells;
      continue;
    }
    auto found = builder_.catalogue().find(text);
    if (found == catalogue::npos) {
      // "婴儿死亡率(‰)": an indicator with its unit.
      for (std::string_view open : {"(", "（"}) {
        const auto at = text.rfind(open);
        if (at == std::string_view::npos || at == 0) continue;
        auto inner = text.substr(at + open.size());
        for (std::string_view close : {")", "）"})
          if (inner.ends_with(close)) inner.remove_suffix(close.size());
        const auto named = builder_.catalogue().find(text.substr(0, at));
        auto unit = parse_unit(inner);
        if (named != catalogue::npos && unit) {
          found = named;
          c.unit = std::move(*unit);
          break;
        }
      }
    }
    if (found != catalogue::npos) {
      c.indicator = static_cast<std::uint32_t>(found);
      c.year = -1; // marks an indicator column candidate
      ++indicator_cells;
    }
  }

  auto layout = options_.layout;
  if (layout == table_layout::automatic) {
    if (has[static_cast<int>(column_role::value)]) layout = table_layout::long_format;
    else if (year_cells > 0) layout = table_layout::wide_years;
    else if (has[static_cast<int>(column_role::year)] && indicator_cells > 0) layout = table_layout::wide_indicators;
    else if (has[static_cast<int>(column_role::region)] &&
             (has[static_cast<int>(column_role::parent)] || has[static_cast<int>(column_role::level)]))
      layout = table_layout::regions;
    else {
      fatal(diagnostic_code::missing_column,
            "cannot tell the layout: no value column (value, 数值, 值), no year columns (2020, 2021 …) and no "
            "indicator columns (names from the catalogue)",
            line, line_text, 0, 0);
      return false;
    }
  }

  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto& c = columns[i];
    const bool year_column = c.role == column_role::ignored && c.year > 0;
    const bool indicator_column = c.role == column_role::ignored && c.year == -1;
    if (layout == table_layout::wide_years && year_column) c.role = column_role::year_value;
    else if (layout == table_layout::wide_indicators && indicator_column) c.role = column_role::indicator_value;
    else if (c.role == column_role::ignored && layout == table_layout::wide_indicators && !year_column &&
             !c.name.empty()) {
      // In a table of indicator columns an unknown name is an indicator we cannot place.
      diagnostic d;
      d.code = diagnostic_code::unknown_indicator_in_data;
      d.level = default_severity(d.code);
      d.message = "column '" + c.name + "' is not an indicator of the catalogue; its values are not loaded";
      d.location = data_loading::locate_in(origin_, line, line_text, names[i].offset,
                                      unicode::count_code_points(names[i].text), false);
      add_diagnostic(std::move(d));
    } else if ((layout == table_layout::wide_years && (c.role == column_role::year || c.role == column_role::value)) ||
               (layout == table_layout::regions && c.role != column_role::region && c.role != column_role::parent &&
                c.role != column_role::level)) {
      c.role = column_role::ignored;
    }
    if (c.role == column_role::ignored) report_.ignored_columns.push_back(c.name);
    if (year_column || indicator_column) {
      if (c.role != column_role::year_value) c.year = 0;
    }
  }

  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& c = columns[i];
    if (c.role == column_role::ignored) continue;
    for (std::size_t j = 0; j < i; ++j) {
      const auto& other = columns[j];
      const bool clash = other.role == c.role &&
                         (c.role == column_role::year_value       ? other.year == c.year
                          : c.role == column_role::indicator_value ? other.indicator == c.indicator
                                                                   : true);
      if (clash) {
        fatal_at(i, diagnostic_code::duplicate_column,
                 "columns '" + other.name + "' and '" + c.name + "' both hold the " +
                     (c.role == column_role::year_value        ? "year " + std::to_string(c.year)
                      : c.role == column_role::indicator_value ? "indicator " + builder_.catalogue()[c.indicator].id
                                                               : std::string(data_loading::role_label(c.role))));
        return false;
      }
    }
  }

  set_columns(std::move(columns), layout);
  std::vector<std::string> missing;
  const bool any_indicator = col_[static_cast<int>(column_role::indicator)] >= 0 ||
                             col_[static_cast<int>(column_role::indicator_name)] >= 0;
  const bool any_year = col_[static_cast<int>(column_role::year)] >= 0;
  switch (layout) {
  case table_layout::long_format:
    if (!any_indicator) missing.push_back("an indicator column (indicator, indicator_zh, 指标)");
    if (!any_year) missing.push_back("a year column (year, 年份)");
    if (col_[static_cast<int>(column_role::value)] < 0) missing.push_back("a value column (value, 数值, 值)");
    break;
  case table_layout::wide_years:
    if (!any_indicator) missing.push_back("an indicator column (indicator, indicator_zh, 指标)");
    if (value_columns_.empty()) missing.push_back("year columns (2020, 2021 …)");
    break;
  case table_layout::wide_indicators:
    if (!any_year) missing.push_back("a year column (year, 年份)");
    if (value_columns_.empty()) missing.push_back("indicator columns (ids or names from the catalogue)");
    break;
  case table_layout::regions:
    if (col_[static_cast<int>(column_role::region)] < 0) missing.push_back("a region column (region, 地区)");
    break;
  case table_layout::automatic: break;
  }
  if (!missing.empty()) {
    std::string message = "a " + std::string(to_string(layout)) + " table needs ";
    for (std::size_t i = 0; i < missing.size(); ++i) message += (i ? (i + 1 == missing.size() ? " and " : ", ") : "") + missing[i];
    fatal(diagnostic_code::missing_column, std::move(message), line, line_text, 0, 0);
    return false;
  }
  return true;
}

PLANRULES_DECL void record_loader::fatal(diagnostic_code code, std::string message, std::uint32_t line,
                                         std::string_view text, std::uint32_t offset, std::uint32_t length) {
  fatal_ = true;
  diagnostic d;
  d.code = code;
  d.level = severity::error;
  d.message = std::move(message);
  d.location = data_loading::locate_in(origin_, line, text, offset, length, length == 0);
  report_.diagnostics.push_back(std::move(d));
}

PLANRULES_DECL void record_loader::bad_record(diagnostic_code code, std::string message, std::uint32_t line,
                                              std::string_view text, std::uint32_t offset) {
  ++report_.rows;
  ++report_.bad_rows;
  diagnostic d;
  d.code = code;
  d.level = default_severity(code);
  d.message = std::move(message);
  d.location = data_loading::locate_in(origin_, line, text, offset, 1, false);
  add_diagnostic(std::move(d));
}

inline std::uint32_t record_loader::resolve_indicator_text(row_state& row, std::size_t column,
                                                                          std::string_view text) {
  std::uint32_t id;
  if (indicator_cache_.valid && text == indicator_cache_.text) {
    id = indicator_cache_.id;
  } else {
    if (!check_text(row, column)) return data_loading::none;
    const auto memo = indicator_memo_.find(text);
    if (memo != indicator_memo_.end()) {
      id = memo->second;
    } else {
      const auto found = builder_.catalogue().find(text);
      id = found == catalogue::npos || found >= 0xFFFF ? data_loading::none : static_cast<std::uint32_t>(found);
      indicator_memo_.emplace(std::string(text), id);
    }
    indicator_cache_.text.assign(text);
    indicator_cache_.id = id;
    indicator_cache_.valid = true;
  }
  if (id == data_loading::none) {
    report(row, column, diagnostic_code::unknown_indicator_in_data,
           "unknown indicator '" + std::string(text) + "': not an id, name or alias in the catalogue");
    return data_loading::none;
  }
  return id;
}

inline std::uint32_t record_loader::resolve_indicator(row_state& row) {
  int column = col_[static_cast<int>(column_role::indicator)];
  auto text = cell(row, column);
  if (text.empty() && col_[static_cast<int>(column_role::indicator_name)] >= 0) {
    column = col_[static_cast<int>(column_role::indicator_name)];
    text = cell(row, column);
  }
  if (text.empty()) {
    report(row, column < 0 ? data_loading::whole_row : static_cast<std::size_t>(column),
           diagnostic_code::unknown_indicator_in_data, "the indicator is empty");
    return data_loading::none;
  }
  return resolve_indicator_text(row, static_cast<std::size_t>(column), text);
}

inline std::uint32_t record_loader::resolve_region(row_state& row) {
  const int column = col_[static_cast<int>(column_role::region)];
  const bool creating = options_.create_regions || layout_ == table_layout::regions;
  if (column < 0) {
    if (!region_cache_.valid) {
      auto r = builder_.resolve_region(default_region_, true);
      if (!r) {
        report(row, data_loading::whole_row, r.error().code, "default region: " + r.error().message);
        return data_loading::none;
      }
      if (default_region_ == "全国" || default_region_ == "中国")
        (void)builder_.define_region(*r, ast::region_level::nation, {}, false);
      region_cache_.id = *r;
      region_cache_.valid = true;
    }
    return region_cache_.id;
  }
  const auto text = cell(row, column);
  const auto at = static_cast<std::size_t>(column);
  if (text.empty()) {
    report(row, at, diagnostic_code::unknown_region, "the region is empty");
    return data_loading::none;
  }
  if (!region_cache_.valid || text != region_cache_.text) {
    // Rows often go through the regions in the order they were first named:
    // try the region after the previous one before hashing the name.
    if (region_cache_.valid && !has_hierarchy_columns_) {
      const auto next = region_cache_.id + 1;
      if (next < builder_.regions_.size()) {
        const auto& candidate = builder_.regions_[next];
        if (!candidate.shared_name && data_loading::same_text(text, candidate.name) &&
            text.find('/') == std::string_view::npos) {
          region_cache_.text.assign(text);
          region_cache_.id = next;
          return next;
        }
      }
    }
    if (!check_text(row, at)) return data_loading::none;
    auto r = builder_.resolve_region(text, creating);
    if (!r) {
      region_cache_.valid = false;
      report(row, at, r.error().code, r.error().message);
      return data_loading::none;
    }
    region_cache_.text.assign(text);
    region_cache_.id = *r;
    region_cache_.valid = true;
  }
  const auto id = region_cache_.id;
  const int parent_column = col_[static_cast<int>(column_role::parent)];
  const int level_column = col_[static_cast<int>(column_role::level)];
  if (parent_column >= 0 || level_column >= 0) {
    const auto parent = cell(row, parent_column);
    const auto level_text = cell(row, level_column);
    if (!parent.empty() || !level_text.empty()) {
      scratch_.assign(std::to_string(id)).append(1, '\x1f').append(parent).append(1, '\x1f').append(level_text);
      if (scratch_ != region_define_key_) {
        std::optional<ast::region_level> level;
        if (!level_text.empty()) {
          if (!check_text(row, static_cast<std::size_t>(level_column))) return data_loading::none;
          level = data_loading::level_from_text(level_text);
          if (!level) {
            report(row, static_cast<std::size_t>(level_column), diagnostic_code::invalid_hierarchy,
                   "unknown region level '" + std::string(level_text) +
                       "' (nation, province, city, county, township, village, or 省, 市, 区, 县, 旗县, 街道, 乡镇, 苏木乡镇, 社区, 村, 嘎查村)");
            return data_loading::none;
          }
        }
        if (!parent.empty() && !check_text(row, static_cast<std::size_t>(parent_column))) return data_loading::none;
        auto defined = builder_.define_region(id, level, parent, true);
        if (!defined) {
          report(row, static_cast<std::size_t>(parent.empty() ? level_column : parent_column),
                 diagnostic_code::invalid_hierarchy, defined.error());
          return data_loading::none;
        }
        region_define_key_ = scratch_;
      }
    }
  }
  return id;
}

inline int record_loader::resolve_year(row_state& row, std::size_t column) {
  const auto& f = row.fields[column];
  auto out_of_range = [&](double year) {
    report(row, column, diagnostic_code::invalid_year_in_data,
           "year " + measurements::format_number(year) + " is outside " + std::to_string(options_.min_year) + "–" +
               std::to_string(options_.max_year));
    return data_loading::no_year;
  };
  if (f.type == field::kind::number && f.text.empty()) {
    if (f.number != std::floor(f.number)) {
      report(row, column, diagnostic_code::invalid_year_in_data,
             "year " + measurements::format_number(f.number) + " is not a whole number");
      return data_loading::no_year;
    }
    if (!(f.number >= options_.min_year && f.number <= options_.max_year)) return out_of_range(f.number);
    return static_cast<int>(f.number);
  }
  auto text = measurements::trim(f.text);
  if (text.empty() || f.type == field::kind::null) {
    report(row, column, diagnostic_code::invalid_year_in_data, "the year is empty");
    return data_loading::no_year;
  }
  const auto written = text;
  if (text.ends_with("年")) text.remove_suffix(std::string_view("年").size());
  int year = 0;
  bool ok = text.size() == 4;
  for (std::size_t i = 0; ok && i < 4; ++i) {
    ok = text[i] >= '0' && text[i] <= '9';
    year = year * 10 + (text[i] - '0');
  }
  if (!ok) {
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v != std::floor(v) || !std::isfinite(v)) {
      if (!check_text(row, column)) return data_loading::no_year;
      report(row, column, diagnostic_code::invalid_year_in_data, "'" + std::string(written) + "' is not a year");
      return data_loading::no_year;
    }
    if (!(v >= options_.min_year && v <= options_.max_year)) return out_of_range(v);
    return static_cast<int>(v);
  }
  if (year < options_.min_year || year > options_.max_year) return out_of_range(year);
  return year;
}

inline std::uint32_t record_loader::resolve_slice(row_state& row) {
  static constexpr column_role roles[] = {column_role::sex, column_role::age, column_role::area, column_role::slice};
  if (!has_slice_columns_) return 0;
  slice_key_.clear();
  for (const auto role : roles) slice_key_.append(cell(row, col_[static_cast<int>(role)])).append(1, '\x1f');
  if (slice_cache_.valid && slice_key_ == slice_cache_.text) return slice_cache_.id;
  std::string combined;
  std::size_t last_column = 0;
  for (const auto role : roles) {
    const int column = col_[static_cast<int>(role)];
    const auto text = cell(row, column);
    if (column < 0 || text.empty()) continue;
    last_column = static_cast<std::size_t>(column);
    if (!check_text(row, last_column)) return data_loading::none;
    if (!combined.empty()) combined += ',';
    if (role == column_role::slice) {
      combined += text;
    } else {
      const auto [key, value] = canonical_slice_pair(data_loading::role_label(role), text);
      if (value.empty()) {
        if (combined.ends_with(",")) combined.pop_back();
        continue;
      }
      combined += key + "=" + value;
    }
  }
  auto canonical = canonical_slice(combined);
  if (!canonical) {
    report(row, last_column, diagnostic_code::invalid_slice, "invalid disaggregation: " + canonical.error());
    return data_loading::none;
  }
  const auto id = builder_.intern_slice_canonical(*canonical);
  if (id > 0xFFFF) {
    report(row, last_column, diagnostic_code::invalid_slice, "more than 65535 different disaggregations");
    return data_loading::none;
  }
  slice_cache_.text = slice_key_;
  slice_cache_.id = id;
  slice_cache_.valid = true;
  return id;
}

inline const record_loader::unit_entry* record_loader::resolve_unit(row_state& row) {
  const int column = col_[static_cast<int>(column_role::unit)];
  if (column < 0) return nullptr;
  const auto text = cell(row, column);
  if (text.empty()) return nullptr;
  if (!unit_cache_ || text != unit_key_) {
    if (!check_text(row, static_cast<std::size_t>(column))) return nullptr;
    auto it = units_.find(text);
    if (it == units_.end()) {
      unit_entry entry;
      auto [stripped, more_than] = data_loading::without_more_than(text);
      entry.more_than = more_than;
      if (auto parsed = parse_unit(stripped)) entry.parsed = std::move(*parsed);
      else entry.error = parsed.error();
      it = units_.emplace(std::string(text), std::move(entry)).first;
    }
    unit_key_.assign(text);
    unit_cache_ = &it->second;
  }
  if (!unit_cache_->error.empty()) {
    report(row, static_cast<std::size_t>(column), diagnostic_code::unknown_unit_in_data,
           "unknown unit '" + std::string(text) + "': " + unit_cache_->error);
    return nullptr;
  }
  return unit_cache_;
}

inline bool record_loader::resolve_qualifier(row_state& row, std::pair<value_qualifier, bool>& out) {
  const int column = col_[static_cast<int>(column_role::qualifier)];
  out = {value_qualifier::exact, false};
  if (column < 0) return true;
  const auto text = cell(row, column);
  if (text.empty()) return true;
  if (qualifier_cache_valid_ && text == qualifier_key_) {
    out = qualifier_cache_;
    return true;
  }
  if (!check_text(row, static_cast<std::size_t>(column))) return false;
  const auto q = qualifier_from_name(text);
  if (!q) {
    report(row, static_cast<std::size_t>(column), diagnostic_code::unknown_qualifier,
           "unknown qualifier '" + std::string(text) +
               "' (exact, lower_bound, upper_bound, provisional, or a synonym such as 以上, 以下, 初步)");
    return false;
  }
  qualifier_key_.assign(text);
  qualifier_cache_ = {*q, text != to_string(*q)};
  qualifier_cache_valid_ = true;
  out = qualifier_cache_;
  return true;
}

inline std::uint32_t record_loader::resolve_provenance(row_state& row, bool qualifier_note) {
  if (!has_provenance_columns_ && !qualifier_note) return file_provenance_;
  static constexpr column_role roles[] = {column_role::publisher, column_role::report,  column_role::source,
                                          column_role::source_address, column_role::release, column_role::note};
  const int qualifier_column = qualifier_note ? col_[static_cast<int>(column_role::qualifier)] : -1;
  provenance_key_.resize(std::size(roles) + 1);
  bool same = provenance_cache_valid_;
  for (std::size_t i = 0; i <= std::size(roles); ++i) {
    const auto text = cell(row, i < std::size(roles) ? col_[static_cast<int>(roles[i])] : qualifier_column);
    if (same && provenance_key_[i] != text) same = false;
    if (!same) provenance_key_[i].assign(text);
  }
  if (same) return provenance_cache_;
  for (const auto role : roles)
    if (const int column = col_[static_cast<int>(role)]; column >= 0 && !check_text(row, static_cast<std::size_t>(column))) {
      provenance_cache_valid_ = false;
      return file_provenance_;
    }
  std::string source;
  for (std::size_t i = 0; i < 4; ++i) {
    if (provenance_key_[i].empty()) continue;
    if (!source.empty()) source += " | ";
    source += provenance_key_[i];
  }
  if (source.empty()) source = options_.source.empty() ? origin_ : options_.source;
  const std::string& release = provenance_key_[4].empty() ? options_.release : provenance_key_[4];
  std::string note = provenance_key_[5];
  if (!provenance_key_[6].empty()) {
    if (!note.empty()) note += "; ";
    note += provenance_key_[6];
  }
  provenance_cache_ = builder_.intern_provenance(source, release, note);
  provenance_cache_valid_ = true;
  return provenance_cache_;
}

inline bool record_loader::apply_unit(row_state& row, std::size_t column, const planrules::unit* from, bool more_than,
                                      std::uint32_t indicator, double& value, value_qualifier& qualifier) {
  const auto& info = builder_.catalogue()[indicator];
  if (from) {
    if (!comparable(*from, info.unit) || from->difference != info.unit.difference) {
      report(row, column, diagnostic_code::unit_mismatch_in_data,
             "the unit is " + describe(*from) + ", but indicator '" + info.id + "' is " + describe(info.unit));
      return false;
    }
    value = convert(value, *from, info.unit);
  }
  if (more_than) {
    if (qualifier == value_qualifier::upper_bound) {
      report(row, column, diagnostic_code::unknown_qualifier,
             "the unit says 余 (more than), but the qualifier says upper_bound");
      return false;
    }
    qualifier = value_qualifier::lower_bound;
  }
  return true;
}

PLANRULES_DETAIL_HOT bool record_loader::value_cell(row_state& row, std::size_t column, cell_value& out) {
  const auto& f = row.fields[column];
  if (f.type == field::kind::text && !f.text.empty() &&
      data_loading::parse_plain_decimal(f.text.data(), f.text.data() + f.text.size(), out.value)) {
    out.state = cell_value::status::ok;
    return true;
  }
  return value_cell_slow(row, column, out);
}

inline bool record_loader::value_cell_slow(row_state& row, std::size_t column, cell_value& out) {
  out = parse_value(row.fields[column]);
  switch (out.state) {
  case cell_value::status::ok:
  case cell_value::status::missing: return true;
  case cell_value::status::non_finite:
    report(row, column, diagnostic_code::non_finite_value,
           "value '" + std::string(measurements::trim(row.fields[column].text)) +
               "' is NaN, infinite or out of range; leave the cell empty (or write NA) for a missing value");
    return false;
  case cell_value::status::non_numeric: break;
  }
  if (!check_text(row, column)) return false;
  const auto text = measurements::trim(row.fields[column].text);
  std::string message = "value '" + std::string(text) + "' is not a number";
  if (text.find('%') != std::string_view::npos || text.find("‰") != std::string_view::npos)
    message += "; write the unit in a unit column";
  else if (text.find(',') != std::string_view::npos)
    message += "; write numbers without thousands separators";
  report(row, column, diagnostic_code::non_numeric_value, std::move(message));
  return false;
}

PLANRULES_DETAIL_HOT void record_loader::push(std::uint32_t indicator, std::uint32_t region, int year, std::uint32_t slice,
                                std::uint32_t provenance, value_qualifier qualifier, const cell_value& v,
                                std::uint32_t line) {
  const bool missing = v.state == cell_value::status::missing;
  builder_.append(indicator, region, slice, year, provenance, qualifier, origin_index_, line,
                  missing ? std::numeric_limits<double>::quiet_NaN() : v.value, missing);
  if (missing) ++report_.missing;
  else ++report_.values;
}

inline void record_loader::region_record(row_state& row) { (void)resolve_region(row); }

// The fast paths below answer from the caches when a row repeats the previous
// row's names, as rows of one series do; anything else takes the full path.
PLANRULES_DETAIL_HOT std::uint32_t record_loader::indicator_fast(row_state& row) {
  const int column = col_[static_cast<int>(column_role::indicator)];
  if (column >= 0 && indicator_cache_.valid && indicator_cache_.id != data_loading::none &&
      data_loading::same_text(cell(row, column), indicator_cache_.text))
    return indicator_cache_.id;
  return resolve_indicator(row);
}

PLANRULES_DETAIL_HOT std::uint32_t record_loader::region_fast(row_state& row) {
  const int column = col_[static_cast<int>(column_role::region)];
  if (region_cache_.valid && !has_hierarchy_columns_ &&
      (column < 0 || data_loading::same_text(cell(row, column), region_cache_.text)))
    return region_cache_.id;
  return resolve_region(row);
}

PLANRULES_DETAIL_HOT int record_loader::year_fast(row_state& row, std::size_t column) {
  const auto& f = row.fields[column];
  if (f.type == field::kind::text && f.text.size() == 4) {
    int year = 0;
    bool digits = true;
    for (const char c : f.text) {
      digits = digits && c >= '0' && c <= '9';
      year = year * 10 + (c - '0');
    }
    if (digits && year >= options_.min_year && year <= options_.max_year) return year;
  }
  return resolve_year(row, column);
}

PLANRULES_DECL void record_loader::record(std::span<const field> fields, std::uint32_t line, std::string_view text) {
  if (fatal_) return;
  row_state row{fields, line, text, false};
  bool blank = true;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].type != field::kind::text || !cell(row, static_cast<int>(i)).empty()) {
      blank = false;
      break;
    }
  if (blank) return;
  ++report_.rows;
  if (fields.size() != columns_.size()) {
    report(row, data_loading::whole_row, diagnostic_code::wrong_field_count,
           std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") + ", but the header has " +
               std::to_string(columns_.size()));
    ++report_.bad_rows;
    return;
  }

  switch (layout_) {
  case table_layout::regions: region_record(row); break;
  case table_layout::long_format:
  case table_layout::automatic: {
    const auto indicator = indicator_fast(row);
    const auto region = region_fast(row);
    const auto year = year_fast(row, static_cast<std::size_t>(col_[static_cast<int>(column_role::year)]));
    const auto slice = has_slice_columns_ ? resolve_slice(row) : 0;
    std::pair<value_qualifier, bool> qualifier{value_qualifier::exact, false};
    if (col_[static_cast<int>(column_role::qualifier)] >= 0) resolve_qualifier(row, qualifier);
    const auto* unit = col_[static_cast<int>(column_role::unit)] < 0 ? nullptr : resolve_unit(row);
    cell_value v;
    const auto value_column = static_cast<std::size_t>(col_[static_cast<int>(column_role::value)]);
    value_cell(row, value_column, v);
    if (row.bad) break;
    auto q = qualifier.first;
    if (unit || q != value_qualifier::exact) {
      const int unit_column = col_[static_cast<int>(column_role::unit)];
      if (!apply_unit(row, unit_column < 0 ? value_column : static_cast<std::size_t>(unit_column),
                      unit ? &unit->parsed : nullptr, unit && unit->more_than, indicator, v.value, q))
        break;
    }
    const auto provenance =
        has_provenance_columns_ || qualifier.second ? resolve_provenance(row, qualifier.second) : file_provenance_;
    if (row.bad) break;
    push(indicator, region, year, slice, provenance, q, v, line);
    break;
  }
  case table_layout::wide_years: {
    const auto indicator = indicator_fast(row);
    const auto region = region_fast(row);
    const auto slice = resolve_slice(row);
    std::pair<value_qualifier, bool> qualifier;
    resolve_qualifier(row, qualifier);
    const auto* unit = resolve_unit(row);
    if (row.bad) break;
    const auto provenance = resolve_provenance(row, qualifier.second);
    if (row.bad) break;
    const int unit_column = col_[static_cast<int>(column_role::unit)];
    for (const auto column : value_columns_) {
      cell_value v;
      if (!value_cell(row, column, v)) continue;
      auto q = qualifier.first;
      if (!apply_unit(row, unit_column < 0 ? column : static_cast<std::size_t>(unit_column),
                      unit ? &unit->parsed : nullptr, unit && unit->more_than, indicator, v.value, q))
        break;
      push(indicator, region, columns_[column].year, slice, provenance, q, v, line);
    }
    break;
  }
  case table_layout::wide_indicators: {
    const auto region = region_fast(row);
    const auto year = year_fast(row, static_cast<std::size_t>(col_[static_cast<int>(column_role::year)]));
    const auto slice = resolve_slice(row);
    std::pair<value_qualifier, bool> qualifier;
    resolve_qualifier(row, qualifier);
    const auto* unit = resolve_unit(row);
    if (row.bad) break;
    const auto provenance = resolve_provenance(row, qualifier.second);
    if (row.bad) break;
    for (const auto column : value_columns_) {
      cell_value v;
      if (!value_cell(row, column, v)) continue;
      auto q = qualifier.first;
      const auto& spec = columns_[column];
      const planrules::unit* from = spec.unit ? &*spec.unit : unit ? &unit->parsed : nullptr;
      if (!apply_unit(row, column, from, !spec.unit && unit && unit->more_than, spec.indicator, v.value, q)) continue;
      push(spec.indicator, region, year, slice, provenance, q, v, line);
    }
    break;
  }
  }
  if (row.bad) ++report_.bad_rows;
}

namespace data_loading {

// Bit i set where p[i] is a delimiter, line feed or quote, for the 32 bytes at p.
PLANRULES_DETAIL_HOT std::uint32_t stops32(const char* p, char delimiter) noexcept {
#if PLANRULES_CSV_SSE2
  const __m128i d = _mm_set1_epi8(delimiter);
  const __m128i n = _mm_set1_epi8('\n');
  const __m128i q = _mm_set1_epi8('"');
  const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
  const auto ma = static_cast<std::uint32_t>(_mm_movemask_epi8(
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, d), _mm_cmpeq_epi8(a, n)), _mm_cmpeq_epi8(a, q))));
  const auto mb = static_cast<std::uint32_t>(_mm_movemask_epi8(
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, d), _mm_cmpeq_epi8(b, n)), _mm_cmpeq_epi8(b, q))));
  return ma | (mb << 16);
#else
  std::uint32_t m = 0;
  for (int i = 0; i < 32; ++i)
    m |= std::uint32_t(p[i] == delimiter || p[i] == '\n' || p[i] == '"') << i;
  return m;
#endif
}

} // namespace data_loading

PLANRULES_DECL bool record_loader::plain_record(const char*& p, const char* end, char delimiter, std::uint32_t line) {
  // The separators come from 32-byte scans of the line, so finding a field's
  // end does not wait for the previous field's. Lines up to 128 bytes.
  if (end - p < 32) return false;
  std::string_view cells[5]; // by plain role
  const std::size_t n = columns_.size();
  const char* block = p;
  std::uint32_t stops = data_loading::stops32(block, delimiter);
  const char* at = p;
  for (std::size_t i = 0; i < n; ++i) {
    while (!stops) {
      block += 32;
      if (block - p >= 128 || end - block < 32) return false;
      stops = data_loading::stops32(block, delimiter);
    }
    const char* stop = block + std::countr_zero(stops);
    stops &= stops - 1;
    if (*stop == '"') return false;
    const bool last = i + 1 == n;
    if ((*stop == '\n') != last) return false; // too few or too many fields
    const char* e = last && stop > at && stop[-1] == '\r' ? stop - 1 : stop;
    cells[plain_role_[i]] = std::string_view(at, static_cast<std::size_t>(e - at));
    at = stop + 1;
  }
  const auto indicator = cells[1];
  if (!indicator_cache_.valid || indicator_cache_.id == data_loading::none ||
      !data_loading::same_text(indicator, indicator_cache_.text))
    return false;
  std::uint32_t region = region_cache_.id;
  if (col_[static_cast<int>(column_role::region)] >= 0) {
    if (!region_cache_.valid) return false;
    if (!data_loading::same_text(cells[2], region_cache_.text)) {
      // The region after the previous one, as in resolve_region.
      const auto next = region_cache_.id + 1;
      if (next >= builder_.regions_.size()) return false;
      const auto& candidate = builder_.regions_[next];
      if (candidate.shared_name || !data_loading::same_text(cells[2], candidate.name)) return false;
      region_cache_.text.assign(cells[2]);
      region_cache_.id = next;
      region = next;
    }
  } else if (!region_cache_.valid) {
    return false;
  }
  const auto year_text = cells[3];
  if (year_text.size() != 4) return false;
  int year = 0;
  for (const char c : year_text) {
    if (c < '0' || c > '9') return false;
    year = year * 10 + (c - '0');
  }
  if (year < options_.min_year || year > options_.max_year) return false;
  const auto value_text = cells[4];
  double value = 0;
  if (!data_loading::parse_plain_decimal(value_text.data(), value_text.data() + value_text.size(), value)) return false;
  builder_.append(indicator_cache_.id, region, 0, year, file_provenance_, value_qualifier::exact, origin_index_, line,
                  value, false);
  ++report_.rows;
  ++report_.values;
  p = at;
  return true;
}

PLANRULES_DECL expected<load_report, error> record_loader::finish() {
  if (suppressed_ > 0) {
    diagnostic d;
    d.code = diagnostic_code::too_many_errors;
    d.level = default_severity(d.code);
    d.message = std::to_string(suppressed_) + " more diagnostics about " + origin_ + " not shown";
    d.location.file = origin_;
    report_.diagnostics.push_back(std::move(d));
  }
  if (too_many_inputs_) return fail(errc::limit_exceeded, origin_ + ": more than 65535 inputs in one builder");
  if (fatal_) {
    builder_.rollback(mark_);
    std::string message = origin_ + ": cannot load";
    for (const auto& d : report_.diagnostics)
      if (d.level == severity::error) {
        message = origin_ + ": " + d.message;
        break;
      }
    return fail(errc::invalid_input, std::move(message), std::move(report_.diagnostics));
  }
  if (options_.bad_rows_fatal && report_.bad_rows > 0) {
    builder_.rollback(mark_);
    return fail(errc::invalid_input,
                origin_ + ": " + std::to_string(report_.bad_rows) + (report_.bad_rows == 1 ? " bad row" : " bad rows"),
                std::move(report_.diagnostics));
  }
  return std::move(report_);
}


namespace csv {

struct split_result {
  const char* record_end = nullptr; ///< end of the record's text, line break excluded
  std::uint32_t newlines = 0;       ///< line breaks inside the record
  std::uint32_t error_offset = 0;
  const char* message = nullptr; ///< set when the record is malformed
};

inline std::uint32_t count_newlines(const char* begin, const char* end) noexcept {
  std::uint32_t n = 0;
  for (const char* p = begin; p < end; ++p) n += *p == '\n';
  return n;
}

// The first delimiter, line feed or quote at or after `p`. Eight bytes at a time:
// for each byte b, (b ^ c) is zero exactly where b == c, and the lowest flagged
// byte of the zero test is exact even though higher ones may be spurious.
inline const char* find_special(const char* p, const char* end, char delimiter,
                                const std::array<bool, 256>& stop) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    const std::uint64_t d = ones * static_cast<unsigned char>(delimiter);
    constexpr std::uint64_t n = ones * static_cast<unsigned char>('\n');
    constexpr std::uint64_t q = ones * static_cast<unsigned char>('"');
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t a = w ^ d, b = w ^ n, c = w ^ q;
      const std::uint64_t m = ((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c);
      if (m & highs) return p + (std::countr_zero(m & highs) >> 3);
      p += 8;
    }
  }
  while (p < end && !stop[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// Splits the record at `p` into fields and moves `p` past its line break. Quoted
// fields may hold the delimiter, doubled quotes and line breaks.
inline void split_record(const char*& p, const char* end, const std::array<bool, 256>& stop, char delimiter,
                         std::vector<field>& fields, std::string& scratch,
                         std::vector<std::array<std::size_t, 3>>& fixups, split_result& out) {
  const char* const record = p;
  fields.clear();
  fixups.clear();
  out = split_result{};
  auto malformed = [&](const char* at, const char* message) {
    out.error_offset = static_cast<std::uint32_t>(at - record);
    out.message = message;
    const char* nl = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)));
    out.record_end = nl ? nl : end;
    if (out.record_end > record && out.record_end[-1] == '\r') --out.record_end;
    out.newlines = count_newlines(record, out.record_end);
    p = nl ? nl + 1 : end;
  };
  for (;;) {
    const char* start = p;
    const char* q = p;
    while (q < end && (*q == ' ' || *q == '\t') && *q != delimiter) ++q;
    if (q < end && *q == '"') {
      if (fixups.empty()) scratch.clear();
      const char* s = q + 1;
      const char* piece = s;
      const std::size_t scratch_at = scratch.size();
      bool escaped = false;
      const char* close = nullptr;
      for (;;) {
        const char* quote = static_cast<const char*>(std::memchr(s, '"', static_cast<std::size_t>(end - s)));
        if (!quote) {
          // Nothing closes the quote: give up on this line and read on from the next.
          malformed(q, "a quoted field is never closed");
          return;
        }
        if (quote + 1 < end && quote[1] == '"') {
          escaped = true;
          scratch.append(piece, quote + 1);
          s = quote + 2;
          piece = s;
          continue;
        }
        close = quote;
        break;
      }
      out.newlines += count_newlines(q + 1, close);
      field f;
      f.offset = static_cast<std::uint32_t>(q + 1 - record);
      if (escaped) {
        scratch.append(piece, close);
        fixups.push_back({fields.size(), scratch_at, scratch.size() - scratch_at});
      } else {
        f.text = std::string_view(q + 1, static_cast<std::size_t>(close - (q + 1)));
      }
      fields.push_back(f);
      p = close + 1;
      while (p < end && (*p == ' ' || *p == '\t') && *p != delimiter) ++p;
      if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n') ++p;
      if (p < end && *p != delimiter && *p != '\n') {
        malformed(p, "text after the closing quote of a quoted field");
        return;
      }
    } else {
      p = find_special(p, end, delimiter, stop);
      if (p < end && *p == '"') {
        malformed(p, "a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
        return;
      }
      const char* e = p;
      if (e > start && e[-1] == '\r' && (p == end || *p == '\n')) --e;
      const char* b = start;
      while (b < e && (*b == ' ' || *b == '\t')) ++b;
      while (e > b && (e[-1] == ' ' || e[-1] == '\t')) --e;
      field f;
      f.text = std::string_view(b, static_cast<std::size_t>(e - b));
      f.offset = static_cast<std::uint32_t>(b - record);
      fields.push_back(f);
    }
    if (p < end && *p == delimiter) {
      ++p;
      continue;
    }
    out.record_end = p;
    if (out.record_end > record && out.record_end[-1] == '\r') --out.record_end;
    if (p < end) ++p; // the '\n'
    break;
  }
  for (const auto& [index, at, length] : fixups) fields[index].text = std::string_view(scratch.data() + at, length);
}

// High bit set in every byte of `w` equal to the byte repeated in `pattern`.
inline std::uint64_t bytes_equal(std::uint64_t w, std::uint64_t pattern) noexcept {
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  const std::uint64_t x = w ^ pattern;
  return ~(((x & low7) + low7) | x | low7);
}

// Splits a record without quotes, eight bytes at a time. False (nothing consumed)
// when the record has a quote: split_record reads it then.
inline bool split_plain(const char*& p, const char* end, char delimiter, std::vector<field>& fields,
                        split_result& out) {
  const char* const record = p;
  const char* start = p;
  fields.clear();
  auto add = [&](const char* b, const char* e) PLANRULES_DETAIL_HOT_LAMBDA {
    while (b < e && (*b == ' ' || *b == '\t')) ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
    field f;
    f.text = std::string_view(b, static_cast<std::size_t>(e - b));
    f.offset = static_cast<std::uint32_t>(b - record);
    fields.push_back(f);
  };
  auto finish_at = [&](const char* newline) {
    add(start, newline);
    out = split_result{};
    out.record_end = newline > record && newline[-1] == '\r' ? newline - 1 : newline;
    p = newline < end ? newline + 1 : end;
  };
  const char* q = p;
#if PLANRULES_CSV_SSE2
  {
    const __m128i d = _mm_set1_epi8(delimiter);
    const __m128i n = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"');
    while (end - q >= 16) {
      const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      const unsigned newlines = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(w, n)));
      const unsigned quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(w, quote)));
      // A quote after the line break belongs to the next record.
      if (quotes && (!newlines || std::countr_zero(quotes) < std::countr_zero(newlines))) return false;
      unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(w, d))) | newlines;
      while (m) {
        const char* at = q + std::countr_zero(m);
        if (*at == '\n') {
          finish_at(at);
          return true;
        }
        add(start, at);
        start = at + 1;
        m &= m - 1;
      }
      q += 16;
    }
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    const std::uint64_t d = ones * static_cast<unsigned char>(delimiter);
    constexpr std::uint64_t n = ones * static_cast<unsigned char>('\n');
    constexpr std::uint64_t quote = ones * static_cast<unsigned char>('"');
    while (end - q >= 8) {
      std::uint64_t w;
      std::memcpy(&w, q, 8);
      std::uint64_t m = bytes_equal(w, d) | bytes_equal(w, n);
      const std::uint64_t quotes = bytes_equal(w, quote);
      if (quotes) {
        // A quote after the line break belongs to the next record.
        const std::uint64_t newlines = bytes_equal(w, n);
        if (!newlines || std::countr_zero(quotes) < std::countr_zero(newlines)) return false;
      }
      while (m) {
        const char* at = q + (std::countr_zero(m) >> 3);
        if (*at == '\n') {
          finish_at(at);
          return true;
        }
        add(start, at);
        start = at + 1;
        m &= m - 1;
      }
      q += 8;
    }
  }
  for (; q < end; ++q) {
    if (*q == '"') return false;
    if (*q == '\n') {
      finish_at(q);
      return true;
    }
    if (*q == delimiter) {
      add(start, q);
      start = q + 1;
    }
  }
  finish_at(end);
  return true;
}

inline char detect_delimiter(std::string_view line) noexcept {
  std::size_t counts[3] = {};
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    counts[0] += c == ',';
    counts[1] += c == '\t';
    counts[2] += c == ';';
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return '\t';
  if (counts[2] > counts[0] && counts[2] > counts[1]) return ';';
  return ',';
}

inline expected<load_report, error> load(measurement_set_builder& into, std::shared_ptr<const void> owner,
                                         std::string_view text, std::string name, const data_load_options& options) {
  if (text.size() > options.max_file_bytes) {
    diagnostic d;
    d.code = diagnostic_code::file_too_large;
    d.level = severity::error;
    d.message = name + " has " + std::to_string(text.size()) + " bytes; the limit is " +
                std::to_string(options.max_file_bytes) + " (data_load_options::max_file_bytes)";
    d.location.file = name;
    return fail(errc::limit_exceeded, d.message, {std::move(d)});
  }
  record_loader loader(into, options, std::move(name), std::move(owner), text);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  if (text.starts_with("\xEF\xBB\xBF")) p += 3;

  std::vector<field> fields;
  fields.reserve(64);
  std::string scratch;
  std::vector<std::array<std::size_t, 3>> fixups;
  split_result split;
  std::uint32_t line = 1;

  // The header is the first line that is not blank.
  while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')) {
    if (*p == '\n') ++line;
    ++p;
  }
  if (p == end) {
    loader.fatal(diagnostic_code::missing_column, "the file is empty: no header line");
    return loader.finish();
  }
  const char* header_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  const char delimiter =
      options.delimiter ? options.delimiter
                        : detect_delimiter(std::string_view(p, static_cast<std::size_t>((header_end ? header_end : end) - p)));
  std::array<bool, 256> stop{};
  stop[static_cast<unsigned char>(delimiter)] = true;
  stop['\n'] = true;
  stop['"'] = true;

  const char* record = p;
  split_record(p, end, stop, delimiter, fields, scratch, fixups, split);
  const std::string_view header_text(record, static_cast<std::size_t>(split.record_end - record));
  if (split.message) {
    loader.fatal(diagnostic_code::csv_syntax, std::string("header: ") + split.message, line, header_text,
                 split.error_offset, 1);
    return loader.finish();
  }
  if (!loader.header(fields, line, header_text)) return loader.finish();
  line += 1 + split.newlines;

  // After a sample of rows, make room for the values the rest of the file holds.
  constexpr std::uint32_t sample = 256;
  std::uint32_t records = 0;
  const char* const body = p;
  const bool plain = loader.plain();
  while (p < end) {
    record = p;
    const auto record_line = line;
    if (plain && loader.plain_record(p, end, delimiter, record_line)) {
      ++line;
      if (++records == sample) loader.reserve_more(static_cast<double>(end - p) / static_cast<double>(p - body));
      continue;
    }
    if (!split_plain(p, end, delimiter, fields, split))
      split_record(p, end, stop, delimiter, fields, scratch, fixups, split);
    const std::string_view record_text(record, static_cast<std::size_t>(split.record_end - record));
    line += 1 + split.newlines;
    if (split.message) {
      loader.bad_record(diagnostic_code::csv_syntax, split.message, record_line, record_text, split.error_offset);
      continue;
    }
    loader.record(fields, record_line, record_text);
    if (++records == sample && p < end) loader.reserve_more(static_cast<double>(end - p) / static_cast<double>(p - body));
  }
  return loader.finish();
}

/// A file's bytes, mapped or read, kept alive by `owner`.
struct file_text {
  std::shared_ptr<const void> owner;
  std::string_view text;
};

inline expected<file_text, error> read_file(const std::string& path, std::size_t limit) {
  auto cannot_read = [&](const std::string& why) {
    diagnostic d;
    d.code = diagnostic_code::cannot_read_file;
    d.level = severity::error;
    d.message = "cannot read '" + path + "': " + why;
    d.location.file = path;
    return fail(errc::io_error, d.message, {std::move(d)});
  };
  auto too_large = [&](std::size_t size) {
    diagnostic d;
    d.code = diagnostic_code::file_too_large;
    d.level = severity::error;
    d.message = "'" + path + "' has " + std::to_string(size) + " bytes; the limit is " + std::to_string(limit);
    d.location.file = path;
    return fail(errc::limit_exceeded, d.message, {std::move(d)});
  };
#if PLANRULES_CSV_MMAP
  // Mapping a regular file saves copying it: the loader only reads it once.
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return cannot_read(std::strerror(errno));
    struct ::stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      const auto size = static_cast<std::size_t>(info.st_size);
      if (size > limit) {
        ::close(fd);
        return too_large(size);
      }
      void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      ::close(fd);
      if (mapped != MAP_FAILED) {
        ::madvise(mapped, size, MADV_SEQUENTIAL);
        std::shared_ptr<const void> owner(mapped, [size](const void* m) { ::munmap(const_cast<void*>(m), size); });
        return file_text{std::move(owner), std::string_view(static_cast<const char*>(mapped), size)};
      }
    } else {
      ::close(fd);
    }
  }
#endif
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return cannot_read(std::strerror(errno));
  struct closer {
    std::FILE* f;
    ~closer() { std::fclose(f); }
  } close_at_end{f};
  auto text = std::make_shared<std::string>();
  char chunk[65536];
  for (;;) {
    const auto got = std::fread(chunk, 1, sizeof chunk, f);
    if (got == 0) break;
    if (text->size() + got > limit) return too_large(text->size() + got);
    text->append(chunk, got);
  }
  if (std::ferror(f)) return cannot_read(std::strerror(errno));
  const std::string_view view = *text;
  return file_text{std::shared_ptr<const void>(std::move(text)), view};
}

} // namespace csv

} // namespace detail

PLANRULES_DECL expected<load_report, error> load_csv_text(measurement_set_builder& into, std::string_view text,
                                                          std::string_view name, const data_load_options& options) {
  try {
    if (!options.keep_text) return detail::csv::load(into, nullptr, text, std::string(name), options);
    auto copy = std::make_shared<const std::string>(text);
    const std::string_view view = *copy;
    return detail::csv::load(into, std::shared_ptr<const void>(std::move(copy)), view, std::string(name), options);
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + std::string(name));
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + std::string(name));
  }
}

PLANRULES_DECL expected<load_report, error> load_csv(measurement_set_builder& into, const std::string& path,
                                                     const data_load_options& options) {
  try {
    auto file = detail::csv::read_file(path, options.max_file_bytes);
    if (!file) return unexpected(std::move(file.error()));
    return detail::csv::load(into, std::move(file->owner), file->text, path, options);
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + path);
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + path);
  }
}

PLANRULES_DECL expected<load_result, error> load_csv(const std::string& path, const catalogue& cat,
                                                     const data_load_options& options) {
  try {
    measurement_set_builder builder(cat);
    auto report = load_csv(builder, path, options);
    if (!report) return unexpected(std::move(report.error()));
    auto built = builder.finish(finish_options{options.bad_rows_fatal, options.max_diagnostics});
    if (!built) {
      auto failure = std::move(built.error());
      failure.diagnostics.insert(failure.diagnostics.begin(), report->diagnostics.begin(), report->diagnostics.end());
      return unexpected(std::move(failure));
    }
    auto& diagnostics = report->diagnostics;
    diagnostics.insert(diagnostics.end(), std::make_move_iterator(built->report.diagnostics.begin()),
                       std::make_move_iterator(built->report.diagnostics.end()));
    return load_result{std::move(built->set), std::move(*report)};
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while loading " + path);
  } catch (...) {
    return fail(errc::internal, "unexpected failure while loading " + path);
  }
}

} // namespace planrules

#endif
