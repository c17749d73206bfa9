#ifndef PLANRULES_DIAGNOSTICS_HPP
#define PLANRULES_DIAGNOSTICS_HPP

#include <planrules/config.hpp>
#include <planrules/diagnostic_codes.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planrules {

/// Stable diagnostic code; the numeric value is the public code (PR1001 is 1001).
enum class diagnostic_code : std::uint16_t {
#define PLANRULES_X(number, name, severity, title) name = number,
  PLANRULES_DIAGNOSTIC_CODES(PLANRULES_X)
#undef PLANRULES_X
};

enum class severity : std::uint8_t { error, warning, note };

/// Where a diagnostic points: line and columns count characters (code points), 1-based.
struct source_location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_column = 0; ///< one past the last character marked; 0 = one character
  std::string line_text;        ///< the offending line as written, without its newline
};

/// One message about the user's text or data.
struct diagnostic {
  diagnostic_code code{};
  planrules::severity level = severity::error;
  std::string message;
  source_location location;
  std::vector<std::string> notes;
};

using diagnostic_list = std::vector<diagnostic>;

/// "PR1001" for diagnostic_code::invalid_utf8.
PLANRULES_DECL std::string code_id(diagnostic_code code);
/// "invalid_utf8".
PLANRULES_DECL std::string_view code_name(diagnostic_code code);
/// One-line title from the catalogue.
PLANRULES_DECL std::string_view code_title(diagnostic_code code);
/// Severity a code has unless the producer says otherwise.
PLANRULES_DECL severity default_severity(diagnostic_code code);
/// Every code in the catalogue, in numeric order.
PLANRULES_DECL std::vector<diagnostic_code> all_diagnostic_codes();
/// Looks a code up by number; false when the number is not in the catalogue.
PLANRULES_DECL bool diagnostic_code_from_number(int number, diagnostic_code& out);

PLANRULES_DECL std::string_view severity_name(severity level);
PLANRULES_DECL bool has_errors(const diagnostic_list& list);
PLANRULES_DECL std::size_t error_count(const diagnostic_list& list);

/// Renders `file:line:col: error[PR1001]: message`, the line, and a caret line
/// whose padding follows East Asian width so it sits under CJK text.
PLANRULES_DECL std::string render(const diagnostic& d);
PLANRULES_DECL std::string render(const diagnostic_list& list);

} // namespace planrules

#endif
