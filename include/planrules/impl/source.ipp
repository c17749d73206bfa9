#ifndef PLANRULES_IMPL_SOURCE_IPP
#define PLANRULES_IMPL_SOURCE_IPP

#include <planrules/detail/unicode.hpp>
#include <planrules/source.hpp>

#include <algorithm>

namespace planrules {

PLANRULES_DECL source_file::source_file(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
}

namespace detail {
// A byte-order mark is not part of the first line: columns count from after it.
inline std::size_t content_begin(const std::string& text, const std::vector<std::uint32_t>& starts, std::size_t line) {
  const std::size_t begin = starts[line - 1];
  return line == 1 && text.starts_with("\xEF\xBB\xBF") ? 3 : begin;
}
} // namespace detail

PLANRULES_DECL std::string_view source_file::line(std::size_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::size_t begin = detail::content_begin(text_, line_starts_, line);
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

PLANRULES_DECL source_location source_file::locate(source_range where) const {
  source_location loc;
  loc.file = path_;
  const auto begin = std::min<std::size_t>(where.begin, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<std::uint32_t>(begin));
  const auto line_index = static_cast<std::size_t>(it - line_starts_.begin()); // 1-based
  loc.line = static_cast<std::uint32_t>(line_index);
  const auto text = line(line_index);
  const std::size_t line_begin = detail::content_begin(text_, line_starts_, line_index);
  const auto from = std::max(begin, line_begin);
  const auto column_bytes = std::min(from - line_begin, text.size());
  loc.column = static_cast<std::uint32_t>(detail::unicode::count_code_points(text.substr(0, column_bytes)) + 1);
  const auto end = std::clamp<std::size_t>(where.end, from, line_begin + text.size());
  loc.end_column = end > from ? loc.column + static_cast<std::uint32_t>(detail::unicode::count_code_points(
                                                    std::string_view(text_).substr(from, end - from)))
                              : 0;
  loc.line_text = std::string(text);
  return loc;
}

PLANRULES_DECL diagnostic source_file::make_diagnostic(diagnostic_code code, source_range where,
                                                       std::string message) const {
  diagnostic d;
  d.code = code;
  d.level = default_severity(code);
  d.message = std::move(message);
  d.location = locate(where);
  return d;
}

} // namespace planrules

#endif
