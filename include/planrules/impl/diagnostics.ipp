#ifndef PLANRULES_IMPL_DIAGNOSTICS_IPP
#define PLANRULES_IMPL_DIAGNOSTICS_IPP

#include <planrules/detail/unicode.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/error.hpp>

#include <algorithm>

namespace planrules {

namespace detail {
struct code_entry {
  diagnostic_code code;
  std::string_view name;
  severity level;
  std::string_view title;
};
inline constexpr code_entry code_table[] = {
#define PLANRULES_X(number, name, sev, title) {diagnostic_code::name, #name, severity::sev, title},
    PLANRULES_DIAGNOSTIC_CODES(PLANRULES_X)
#undef PLANRULES_X
};
inline const code_entry* find_code(diagnostic_code code) noexcept {
  for (const auto& entry : code_table)
    if (entry.code == code) return &entry;
  return nullptr;
}
} // namespace detail

PLANRULES_DECL std::string code_id(diagnostic_code code) {
  auto digits = std::to_string(static_cast<int>(code));
  return "PR" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

PLANRULES_DECL std::string_view code_name(diagnostic_code code) {
  const auto* entry = detail::find_code(code);
  return entry ? entry->name : std::string_view("unknown");
}

PLANRULES_DECL std::string_view code_title(diagnostic_code code) {
  const auto* entry = detail::find_code(code);
  return entry ? entry->title : std::string_view("unknown diagnostic");
}

PLANRULES_DECL severity default_severity(diagnostic_code code) {
  const auto* entry = detail::find_code(code);
  return entry ? entry->level : severity::error;
}

PLANRULES_DECL std::vector<diagnostic_code> all_diagnostic_codes() {
  std::vector<diagnostic_code> codes;
  for (const auto& entry : detail::code_table) codes.push_back(entry.code);
  return codes;
}

PLANRULES_DECL bool diagnostic_code_from_number(int number, diagnostic_code& out) {
  for (const auto& entry : detail::code_table)
    if (static_cast<int>(entry.code) == number) {
      out = entry.code;
      return true;
    }
  return false;
}

PLANRULES_DECL std::string_view severity_name(severity level) {
  switch (level) {
  case severity::error: return "error";
  case severity::warning: return "warning";
  case severity::note: return "note";
  }
  return "error";
}

PLANRULES_DECL bool has_errors(const diagnostic_list& list) {
  return std::any_of(list.begin(), list.end(), [](const diagnostic& d) { return d.level == severity::error; });
}

PLANRULES_DECL std::size_t error_count(const diagnostic_list& list) {
  return static_cast<std::size_t>(
      std::count_if(list.begin(), list.end(), [](const diagnostic& d) { return d.level == severity::error; }));
}

namespace detail {
// The bytes of `line` before character column `column` (1-based).
inline std::size_t byte_offset_of_column(std::string_view line, std::uint32_t column) noexcept {
  std::size_t offset = 0;
  char32_t c;
  for (std::uint32_t col = 1; col < column && offset < line.size(); ++col) {
    const auto len = unicode::decode(line, offset, c);
    offset += len == 0 ? 1 : len;
  }
  return offset;
}

// Text as a terminal should see it: control characters (but tab and, in messages,
// newline) and bytes that are not UTF-8 become U+FFFD, one for one, so columns
// still line up and nothing in a user's file can move the cursor or recolour the
// terminal, and a C caller never finds a NUL inside the rendered text.
inline std::string printable(std::string_view text, bool keep_newlines = false) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const auto len = unicode::decode(text, i, c);
    const bool control = (c < 0x20 && c != '\t' && !(keep_newlines && c == '\n')) || (c >= 0x7F && c < 0xA0);
    if (len == 0 || control) {
      out += "\xEF\xBF\xBD";
      i += len == 0 ? 1 : len;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}
} // namespace detail

PLANRULES_DECL std::string render(const diagnostic& d) {
  namespace unicode = detail::unicode;
  std::string out;
  const auto& loc = d.location;
  if (!loc.file.empty()) out += detail::printable(loc.file) + ":";
  if (loc.line > 0) out += std::to_string(loc.line) + ":" + std::to_string(loc.column) + ":";
  if (!out.empty()) out += " ";
  out += std::string(severity_name(d.level)) + "[" + code_id(d.code) + "]: " + detail::printable(d.message, true) + "\n";
  if (loc.line > 0) {
    const auto number = std::to_string(loc.line);
    const std::string gutter(number.size(), ' ');
    const auto shown = detail::printable(loc.line_text);
    std::string_view line = shown;
    out += " " + number + " | " + std::string(line) + "\n";
    const auto begin = detail::byte_offset_of_column(line, loc.column);
    const auto end_column = std::max(loc.end_column, loc.column + 1);
    const auto end = std::max(detail::byte_offset_of_column(line, end_column), begin);
    std::string pad;
    for (std::size_t i = 0; i < begin;) { // keep tabs so the caret lines up whatever the tab width
      if (line[i] == '\t') {
        pad += '\t';
        ++i;
        continue;
      }
      char32_t c;
      const auto len = unicode::decode(line, i, c);
      pad.append(len == 0 ? 1 : static_cast<std::size_t>(unicode::display_width(c)), ' ');
      i += len == 0 ? 1 : len;
    }
    const auto marked = std::max<std::size_t>(1, unicode::display_width(line.substr(begin, end - begin)));
    out += " " + gutter + " | " + pad + "^" + std::string(marked - 1, '~') + "\n";
  }
  for (const auto& note : d.notes) out += "  = note: " + detail::printable(note, true) + "\n";
  return out;
}

PLANRULES_DECL std::string render(const diagnostic_list& list) {
  std::string out;
  for (const auto& d : list) out += render(d);
  return out;
}

PLANRULES_DECL std::string_view errc_name(errc code) {
  switch (code) {
  case errc::ok: return "ok";
  case errc::invalid_argument: return "invalid_argument";
  case errc::io_error: return "io_error";
  case errc::invalid_input: return "invalid_input";
  case errc::limit_exceeded: return "limit_exceeded";
  case errc::not_found: return "not_found";
  case errc::internal: return "internal";
  }
  return "internal";
}

} // namespace planrules

#endif
