#ifndef PLANRULES_DETAIL_PARSER_GRAMMAR_HPP
#define PLANRULES_DETAIL_PARSER_GRAMMAR_HPP

#include <planrules/config.hpp>
#include <planrules/detail/parser/config.hpp>
#include <planrules/detail/parser/syntax.hpp>

#include <string>

namespace planrules::detail::parser {

struct statement_class;
using statement_type = x3::rule<statement_class, syntax::statement>;
BOOST_SPIRIT_DECLARE(statement_type)

/// The rule for one statement line (without its comment).
PLANRULES_DECL const statement_type& statement();

/// Why a statement did not parse.
struct failure {
  const char* where = nullptr;
  std::string expected; ///< the grammar's name for what was expected ("expression", "')'")
  bool expectation = false; ///< false: the line is not any statement at all
};

/// Parses [first, last) — one line without its comment — as one statement.
/// On success `first` is where parsing stopped (the caller checks it is the end).
inline bool parse_statement(iterator_type& first, iterator_type last, syntax::statement& out, failure& why) {
  try {
    if (x3::phrase_parse(first, last, statement(), x3::ascii::blank, out)) return true;
    why = failure{first, {}, false};
    return false;
  } catch (const x3::expectation_failure<iterator_type>& e) {
    why = failure{e.where(), e.which(), true};
    return false;
  }
}

} // namespace planrules::detail::parser

#endif
