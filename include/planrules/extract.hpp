#ifndef PLANRULES_EXTRACT_HPP
#define PLANRULES_EXTRACT_HPP

// Reading the measurable goals of a plan's Chinese text into rules (SPEC §1
// item 2). The result is an ordinary syntax tree: format it with
// planrules::format and it checks against the catalogue it was read with.

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace planrules {

/// What extract reads and how it names the result.
struct extract_options {
  bool measures = false;         ///< also read strategy measures (策略措施) into `measure` blocks
  std::string plan_id;           ///< the plan's id; empty derives one from the region and the period
  std::string catalogue_include; ///< written as `include "…"` so the output checks; empty writes none
};

/// A place where extract had to guess, or could not read the text.
struct uncertainty {
  std::size_t line = 0; ///< 1-based line of the plan text
  std::string phrase;   ///< the words concerned, as written
  std::string why;
};

/// Counts over one extraction.
struct extraction_statistics {
  std::size_t areas = 0;               ///< areas with at least one goal or measure
  std::size_t goals = 0;               ///< main goals (主要目标) read
  std::size_t measures = 0;            ///< strategy measures emitted (only with extract_options::measures)
  std::size_t sentences = 0;           ///< sentences analysed
  std::size_t rules = 0;               ///< every rule emitted
  std::size_t measurable = 0;          ///< rules other than qualitative
  std::size_t qualitative = 0;
  std::size_t aspirational = 0;
  std::size_t proposed_indicators = 0; ///< names not in the catalogue, declared with a proposed id
  std::size_t duplicates_skipped = 0;  ///< repeated goals or passages read once
};

/// The plan as rules, with what could not be read for sure.
struct extraction {
  ast::file file;
  std::vector<uncertainty> uncertainties;
  extraction_statistics statistics;
};

/// Reads the areas (（一）儿童与健康 … （七）儿童与法律保护), their main goals and,
/// on request, their strategy measures from a plan's text, and writes each
/// measurable commitment as a rule on the indicators of `indicators`; names the
/// catalogue lacks get a proposed id (and an `indicator` block and an
/// uncertainty), and what has no number or indicator becomes `qualitative`.
/// Fails with errc::invalid_input for text that is not UTF-8 or has no area
/// heading, with errc::invalid_argument for a plan_id that is not an identifier,
/// and never throws.
PLANRULES_DECL expected<extraction, error> extract(std::string_view plan_text, const catalogue& indicators,
                                                   const extract_options& options = {});

} // namespace planrules

#endif
