#ifndef PLANRULES_SOURCE_HPP
#define PLANRULES_SOURCE_HPP

#include <planrules/config.hpp>
#include <planrules/diagnostics.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planrules {

/// A span of bytes in one source text, [begin, end).
struct source_range {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const source_range&, const source_range&) = default;
};

/// A text as the user wrote it, with a line index for turning byte offsets
/// into line and character columns.
class source_file {
public:
  source_file() = default;
  PLANRULES_DECL source_file(std::string path, std::string text);

  const std::string& path() const noexcept { return path_; }
  const std::string& text() const noexcept { return text_; }
  std::size_t line_count() const noexcept { return line_starts_.size(); }

  /// The location of [begin, end): 1-based line, character columns, the line's text.
  PLANRULES_DECL source_location locate(source_range where) const;
  /// The text of 1-based line `line` without its line break.
  PLANRULES_DECL std::string_view line(std::size_t line) const;
  /// A diagnostic pointing at `where`.
  PLANRULES_DECL diagnostic make_diagnostic(diagnostic_code code, source_range where, std::string message) const;

private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

} // namespace planrules

#endif
