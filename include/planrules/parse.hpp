#ifndef PLANRULES_PARSE_HPP
#define PLANRULES_PARSE_HPP

#include <planrules/ast.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/source.hpp>

#include <cstddef>

namespace planrules {

/// Limits that keep hostile input from exhausting memory or the stack.
struct parse_options {
  std::size_t max_file_bytes = std::size_t(64) << 20;
  std::size_t max_line_bytes = std::size_t(1) << 20;
  unsigned max_depth = 64;          ///< brackets and signs nested in one expression
  std::size_t max_rules = 1000000;  ///< rules in one file
  std::size_t max_errors = 1000;    ///< diagnostics before reporting stops
};

/// A syntax tree and what was wrong with the text. The tree holds every
/// statement that parsed; a statement with an error is left out of it.
struct parse_result {
  ast::file file;
  diagnostic_list diagnostics;
  bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Parses a rules text. Never throws for any input: every problem, on every
/// line, becomes a located diagnostic (PR1xxx, PR9xxx).
PLANRULES_DECL parse_result parse(const source_file& source, const parse_options& options = {});

} // namespace planrules

#endif
