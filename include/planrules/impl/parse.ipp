#ifndef PLANRULES_IMPL_PARSE_IPP
#define PLANRULES_IMPL_PARSE_IPP

#include <planrules/detail/parser/grammar.hpp>
#include <planrules/detail/parser/lower.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/parse.hpp>

#include <algorithm>

namespace planrules {

namespace detail::parser {

/// Splits a line into statement and comment, and finds unterminated strings
/// and runaway nesting before the grammar sees it.
struct line_scan {
  std::size_t comment = std::string_view::npos; ///< offset of '#'
  std::size_t unterminated = std::string_view::npos;
  std::size_t too_deep = std::string_view::npos;
};

inline line_scan scan_line(std::string_view line, unsigned max_depth) {
  line_scan scan;
  enum class state { code, string, backtick } mode = state::code;
  std::size_t opened = 0;
  unsigned depth = 0;
  unsigned signs = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    switch (mode) {
    case state::string:
      if (c == '\\') ++i;
      else if (c == '"') mode = state::code;
      continue;
    case state::backtick:
      if (c == '`') mode = state::code;
      continue;
    case state::code: break;
    }
    if (c == '"' || c == '`') {
      mode = c == '"' ? state::string : state::backtick;
      opened = i;
      continue;
    }
    if (c == '#') {
      scan.comment = i;
      return scan;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (c == '-' || c == '+') ++signs;
    else if (c != ' ' && c != '\t') signs = 0;
    if ((depth + signs > max_depth) && scan.too_deep == std::string_view::npos) scan.too_deep = i;
  }
  if (mode == state::string) scan.unterminated = opened;
  return scan;
}

inline diagnostic_code code_for_expected(const std::string& what) {
  if (what == "expression" || what == "number" || what == "indicator" || what == "argument")
    return diagnostic_code::expected_expression;
  if (what == "comparison operator") return diagnostic_code::expected_comparison;
  if (what == "string") return diagnostic_code::expected_string;
  if (what == "name" || what == "region level") return diagnostic_code::expected_identifier;
  if (what == "year" || what == "year range") return diagnostic_code::expected_year;
  if (what == "escape sequence") return diagnostic_code::invalid_escape;
  if (what.find_first_of(")]}`") != std::string::npos) return diagnostic_code::expected_closing;
  return diagnostic_code::syntax_error;
}

inline std::string describe_expected(const std::string& what) {
  if (what == "escape sequence") return "an escape: \\\" \\\\ \\n or \\t";
  if (what == "comparison operator") return "a comparison operator (<, <=, >, >=, =, !=, ≤, ≥, ≠) or 'in [a, b]'";
  if (what == "expression") return "a value or an indicator";
  return what;
}

// The few characters at `at`, for "found …" in messages.
inline std::string found_text(std::string_view rest) {
  if (rest.empty()) return "the end of the line";
  std::size_t end = 0;
  char32_t c;
  for (int count = 0; count < 12 && end < rest.size(); ++count) {
    const auto length = unicode::decode(rest, end, c);
    if (length == 0 || c == ' ' || c == '\t') break;
    end += length;
  }
  if (end == 0) end = 1;
  return "'" + std::string(rest.substr(0, end)) + "'";
}

// The start of an over-long line is enough to recognise it in a message.
inline void shorten(std::string& line, std::size_t keep = 160) {
  if (line.size() <= keep) return;
  while (keep > 0 && (static_cast<unsigned char>(line[keep]) & 0xC0) == 0x80) --keep;
  line.resize(keep);
  line += "…";
}

inline bool starts_token(char32_t c) {
  return unicode::is_identifier_start(c) || (c >= '0' && c <= '9') || c == '(' || c == '-' || c == '+' ||
         c == '`' || c == '"';
}

} // namespace detail::parser

PLANRULES_DECL parse_result parse(const source_file& source, const parse_options& options) {
  namespace unicode = detail::unicode;
  namespace parser = detail::parser;
  parse_result result;
  auto& diagnostics = result.diagnostics;
  const std::string_view text = source.text();

  if (text.size() > options.max_file_bytes) {
    diagnostics.push_back(source.make_diagnostic(diagnostic_code::file_too_large, {0, 0},
                                                 "the file has " + std::to_string(text.size()) +
                                                     " bytes; the limit is " +
                                                     std::to_string(options.max_file_bytes)));
    return result;
  }

  try {
    // Lines with invalid UTF-8 or control characters are reported and left out;
    // every other line is still parsed. Lines above max_line_bytes are reported
    // here and their bytes kept out of normalisation, which costs about ten
    // times the bytes it reads.
    std::vector<bool> skip_line(source.line_count() + 1, false);
    std::vector<std::pair<std::size_t, std::size_t>> cuts; // over-long lines, [begin, end) in `text`
    std::size_t line_number = 1;
    std::size_t line_start = 0;
    auto end_line = [&](std::size_t end) {
      const auto bytes = end - line_start - (end > line_start && text[end - 1] == '\r' ? 1 : 0);
      if (bytes <= options.max_line_bytes) return;
      if (!skip_line[line_number] && diagnostics.size() < options.max_errors) {
        const auto at = static_cast<std::uint32_t>(line_start);
        auto d = source.make_diagnostic(diagnostic_code::line_too_long, {at, at},
                                        "the line has " + std::to_string(bytes) + " bytes; the limit is " +
                                            std::to_string(options.max_line_bytes));
        parser::shorten(d.location.line_text);
        diagnostics.push_back(std::move(d));
      }
      skip_line[line_number] = true;
      cuts.emplace_back(line_start, end);
    };
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '\n') {
        end_line(i);
        ++line_number;
        ++i;
        line_start = i;
        continue;
      }
      char32_t cp = 0;
      const auto length = unicode::decode(text, i, cp);
      const auto here = static_cast<std::uint32_t>(i);
      // Past max_errors the lines are still skipped, no longer reported (the
      // loop below then says it stopped): a file of bad bytes stays cheap.
      const bool report = !skip_line[line_number] && diagnostics.size() < options.max_errors;
      if (length == 0) {
        if (report)
          diagnostics.push_back(source.make_diagnostic(diagnostic_code::invalid_utf8, {here, here + 1},
                                                       "byte 0x" + [&] {
                                                         const char* hex = "0123456789ABCDEF";
                                                         return std::string{hex[c >> 4], hex[c & 15]};
                                                       }() + " is not valid UTF-8; the line is skipped"));
        skip_line[line_number] = true;
        ++i;
        continue;
      }
      if ((cp < 0x20 && cp != '\t' && cp != '\r') || cp == 0x7F) {
        if (report)
          diagnostics.push_back(source.make_diagnostic(
              diagnostic_code::control_character, {here, here + 1},
              "control character U+" + std::to_string(unsigned(cp)) + " (decimal) in the text; the line is skipped"));
        skip_line[line_number] = true;
      }
      i += length;
    }
    end_line(text.size());

    // A byte-order mark is not part of the text; over-long lines are normalised
    // as empty lines, and offsets mapped back past what was left out.
    const std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::string kept;
    std::vector<std::size_t> cut_at;  // where each cut line was, in `kept`
    std::vector<std::size_t> removed; // bytes left out up to and with each cut
    std::string_view input = text.substr(start);
    if (!cuts.empty()) {
      std::size_t at = start;
      std::size_t total = 0;
      for (auto [begin, end] : cuts) {
        begin = std::max(begin, start);
        kept.append(text.substr(at, begin - at));
        cut_at.push_back(kept.size());
        total += end - begin;
        removed.push_back(total);
        at = end;
      }
      kept.append(text.substr(at));
      input = kept;
    }
    auto shifted = unicode::normalize_rules_text(input);
    for (auto& offset : shifted.origin) {
      const auto k = static_cast<std::size_t>(std::upper_bound(cut_at.begin(), cut_at.end(), offset) - cut_at.begin());
      offset += static_cast<std::uint32_t>(start + (k > 0 ? removed[k - 1] : 0));
    }

    parser::lowerer lower(source, shifted, options, diagnostics);
    const std::string_view all = shifted.text;
    std::size_t line_begin = 0;
    while (line_begin <= all.size()) {
      if (diagnostics.size() >= options.max_errors) {
        diagnostics.push_back(source.make_diagnostic(diagnostic_code::too_many_errors, {0, 0},
                                                     "stopped after " + std::to_string(options.max_errors) +
                                                         " diagnostics"));
        break;
      }
      auto line_end = all.find('\n', line_begin);
      if (line_end == std::string_view::npos) line_end = all.size();
      std::string_view line = all.substr(line_begin, line_end - line_begin);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const auto original_begin = shifted.origin[line_begin];
      const auto original_end = shifted.origin[line_begin + line.size()];
      const source_range line_range{original_begin, original_end};
      const auto number = source.locate(line_range).line;
      const auto next = line_end + 1;

      auto at = [&](std::size_t offset_in_line, std::size_t length = 1) {
        const auto begin = line_begin + offset_in_line;
        const auto end = std::min(begin + length, line_begin + line.size());
        return source_range{shifted.origin[begin], shifted.origin[end]};
      };

      if (skip_line[number]) {
        line_begin = next;
        continue;
      }
      if (line.size() > options.max_line_bytes) { // longer after normalisation
        auto d = source.make_diagnostic(diagnostic_code::line_too_long, {original_begin, original_begin},
                                        "the line has " + std::to_string(line.size()) + " bytes; the limit is " +
                                            std::to_string(options.max_line_bytes));
        parser::shorten(d.location.line_text);
        diagnostics.push_back(std::move(d));
        line_begin = next;
        continue;
      }

      const auto scan = parser::scan_line(line, options.max_depth);
      std::optional<std::string> comment;
      std::string_view code = line;
      if (scan.comment != std::string_view::npos) {
        auto text_after = line.substr(scan.comment + 1);
        if (!text_after.empty() && text_after.front() == ' ') text_after.remove_prefix(1);
        comment = std::string(text_after);
        code = line.substr(0, scan.comment);
      }
      const auto first_code = code.find_first_not_of(" \t");
      if (first_code == std::string_view::npos) {
        if (comment) lower.comment_line(std::move(*comment));
        else lower.blank_line();
        line_begin = next;
        continue;
      }
      if (scan.unterminated != std::string_view::npos) {
        diagnostics.push_back(source.make_diagnostic(diagnostic_code::unterminated_string, at(scan.unterminated),
                                                     "this string has no closing '\"' on its line"));
        line_begin = next;
        continue;
      }
      if (scan.too_deep != std::string_view::npos) {
        diagnostics.push_back(source.make_diagnostic(diagnostic_code::nesting_too_deep, at(scan.too_deep),
                                                     "brackets and signs nest more than " +
                                                         std::to_string(options.max_depth) + " deep"));
        line_begin = next;
        continue;
      }

      const char* first = code.data();
      const char* const last = code.data() + code.size();
      parser::syntax::statement statement;
      parser::failure why;
      if (!parser::parse_statement(first, last, statement, why)) {
        auto offset = static_cast<std::size_t>(why.where - line.data());
        while (offset < code.size() && (code[offset] == ' ' || code[offset] == '\t')) ++offset;
        const auto rest = code.substr(offset);
        if (why.expectation) {
          diagnostics.push_back(source.make_diagnostic(parser::code_for_expected(why.expected), at(offset),
                                                       "expected " + parser::describe_expected(why.expected) +
                                                           ", found " + parser::found_text(rest)));
        } else {
          const auto skipped = code.find_first_not_of(" \t", offset);
          char32_t c = 0;
          unicode::decode(code, skipped, c);
          const auto length = std::max<std::size_t>(1, unicode::decode(code, skipped, c));
          if (!parser::starts_token(c))
            diagnostics.push_back(source.make_diagnostic(diagnostic_code::unexpected_character, at(skipped, length),
                                                         "unexpected character " + parser::found_text(code.substr(skipped, length))));
          else
            diagnostics.push_back(source.make_diagnostic(
                diagnostic_code::unknown_statement, at(skipped, code.size() - skipped),
                "not a statement: expected a rule such as 'x_2030 <= 3‰' or a line starting with plan, "
                "indicator, area, goal, measure, include or an attribute"));
        }
        line_begin = next;
        continue;
      }
      const auto stop = code.find_first_not_of(" \t", static_cast<std::size_t>(first - code.data()));
      if (stop != std::string_view::npos) {
        char32_t c = 0;
        const auto length = std::max<std::size_t>(1, unicode::decode(code, stop, c));
        if (!parser::starts_token(c) && c != '{' && c != '[')
          diagnostics.push_back(source.make_diagnostic(diagnostic_code::unexpected_character, at(stop, length),
                                                       "unexpected character " + parser::found_text(code.substr(stop, length))));
        else
          diagnostics.push_back(source.make_diagnostic(diagnostic_code::trailing_input, at(stop, code.size() - stop),
                                                       "unexpected " + parser::found_text(code.substr(stop)) +
                                                           " after the end of the statement"));
        line_begin = next;
        continue;
      }
      lower.add(statement, {shifted.origin[line_begin + first_code], original_end}, std::move(comment));
      line_begin = next;
    }
    result.file = lower.finish();
  } catch (const std::exception& e) {
    diagnostics.push_back(source.make_diagnostic(diagnostic_code::syntax_error, {0, 0},
                                                 std::string("internal parser failure: ") + e.what()));
  }
  return result;
}

} // namespace planrules

#endif
