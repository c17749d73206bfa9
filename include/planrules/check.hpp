#ifndef PLANRULES_CHECK_HPP
#define PLANRULES_CHECK_HPP

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/checked_plan.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/error.hpp>
#include <planrules/parse.hpp>
#include <planrules/source.hpp>

#include <string>
#include <vector>

namespace planrules {

/// A checked plan and everything found wrong with it. The plan holds every rule
/// that checked cleanly; a rule with an error is left out.
struct check_result {
  checked_plan plan;
  diagnostic_list diagnostics;
  bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Checks a parsed file against the indicators it may name: unknown
/// indicators, unit dimensions, years inside the plan's period, duplicate rule
/// ids, quantifiers (PR2xxx). Never throws. After `max_diagnostics` diagnostics
/// one PR9005 note says how many more were found (an error when they hid the only errors).
PLANRULES_DECL check_result check(const ast::file& file, const source_file& source, catalogue indicators,
                                  std::size_t max_diagnostics = 1000);

/// How files are read.
struct load_options {
  parse_options parse;
  bool standard_catalogue = true;      ///< use the built-in catalogue when a file declares no indicators
  std::vector<std::string> catalogues; ///< further catalogue files, read before the plan
  unsigned max_include_depth = 16;
};

/// A rules file with its includes, parsed and checked, with its syntax tree.
struct plan_result {
  checked_plan plan;
  ast::file syntax;
  diagnostic_list diagnostics;
  bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Reads, parses and checks a rules file and the files it includes (paths
/// relative to the including file). Never throws; an unreadable file is a
/// diagnostic (PR3001).
PLANRULES_DECL plan_result check_file(const std::string& path, const load_options& options = {});

/// As check_file, for text in memory; `path` names it in messages and anchors includes.
PLANRULES_DECL plan_result check_text(std::string text, const std::string& path, const load_options& options = {});

/// A plan ready to compile, or the error (with every diagnostic) explaining why not.
PLANRULES_DECL expected<checked_plan, error> load_plan(const std::string& path, const load_options& options = {});

/// The indicators of catalogue files, checked on their own; with no files, the
/// standard catalogue built into the library. Fails with the diagnostics when a file has errors.
PLANRULES_DECL expected<catalogue, error> load_catalogue(const std::vector<std::string>& files = {});

/// The bytes of a file, or an io_error; files above `max_bytes` are a limit_exceeded error.
PLANRULES_DECL expected<std::string, error> read_file(const std::string& path, std::size_t max_bytes);

} // namespace planrules

#endif
