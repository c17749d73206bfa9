#ifndef PLANRULES_DETAIL_PARSER_SYNTAX_HPP
#define PLANRULES_DETAIL_PARSER_SYNTAX_HPP

// The X3 syntax tree of one statement line. It mirrors the grammar closely and
// is lowered into the public ast (lower.hpp); nothing outside detail/parser
// sees it.

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <list>
#include <string>
#include <vector>

namespace planrules::detail::parser::syntax {

namespace x3 = boost::spirit::x3;

/// Filled by the grammar's on_success: the bytes a node was parsed from.
struct located {
  const char* first = nullptr;
  const char* last = nullptr;
};

struct string_literal : located {
  std::string text;
};

struct identifier : located {
  std::string name;
  bool quoted = false; ///< written in backticks
};

struct number : located {
  std::string text;
};

struct per_clause : located {
  number size;
  std::string population;
};

struct quantity : located {
  number amount;
  std::string unit;
  boost::optional<per_clause> per;
};

struct year_value : located {
  unsigned value = 0;
};

struct year_range : located {
  year_value from;
  year_value to;
};

struct filter : located {
  identifier key;
  std::string value;
};

struct reference : located {
  identifier name;
  boost::optional<year_value> year;
  std::vector<filter> filters;
};

struct expression;
struct signed_operand;
struct call;

struct operand : x3::variant<quantity, x3::forward_ast<call>, reference, x3::forward_ast<expression>,
                             x3::forward_ast<signed_operand>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct signed_operand : located {
  char sign = '-';
  operand value;
};

struct operation : located {
  char op = '+';
  operand value;
};

/// first (op operand)*: additive expressions hold multiplicative ones as operands.
struct expression : located {
  operand head;
  std::list<operation> tail;
};

struct argument : x3::variant<year_range, expression> {
  using base_type::base_type;
  using base_type::operator=;
};

struct call : located {
  identifier function;
  std::vector<argument> arguments;
};

struct comparison_tail : located {
  std::string op;
  expression rhs;
};

struct interval_tail : located {
  char open = '[';
  expression low;
  expression high;
  char close = ']';
};

struct predicate_tail : x3::variant<comparison_tail, interval_tail> {
  using base_type::base_type;
  using base_type::operator=;
};

struct value_predicate : located {
  expression lhs;
  predicate_tail tail;
};

struct trend_predicate : located {
  std::string direction;
  reference subject;
  boost::optional<year_range> years;
};

struct qualitative_predicate : located {
  string_literal reason;
  boost::optional<reference> subject;
};

struct predicate : x3::variant<trend_predicate, qualitative_predicate, value_predicate> {
  using base_type::base_type;
  using base_type::operator=;
};

struct every_year_scope : located {
  boost::optional<year_range> years;
};

struct every_region_scope : located {
  identifier level;
};

struct at_least_scope : located {
  number count;
  boost::optional<char> percent;
  identifier level;
};

struct scope : x3::variant<every_year_scope, every_region_scope, at_least_scope> {
  using base_type::base_type;
  using base_type::operator=;
};

struct quantity_option : located {
  quantity amount;
  boost::optional<std::string> relative;
};

struct option_value : x3::variant<string_literal, quantity_option, identifier> {
  using base_type::base_type;
  using base_type::operator=;
};

struct option : located {
  identifier key;
  boost::optional<option_value> value;
};

struct rule_label : located {
  boost::optional<number> number_;
};

struct rule_statement : located {
  boost::optional<rule_label> label;
  predicate body;
  std::vector<scope> scopes;
  std::vector<option> options;
};

/// plan / include / indicator / area / goal / measure headers.
struct block_statement : located {
  std::string keyword;
  identifier id;
  boost::optional<string_literal> title;
};

struct goal_statement : located {
  std::string keyword;
  number id;
  boost::optional<string_literal> source;
};

struct include_statement : located {
  string_literal path;
};

struct unit_text : located {
  std::string text;
};

struct attribute_value : x3::variant<std::vector<string_literal>, year_range, year_value, identifier, unit_text> {
  using base_type::base_type;
  using base_type::operator=;
};

struct attribute_statement : located {
  std::string key;
  attribute_value value;
};

struct statement
    : x3::variant<block_statement, goal_statement, include_statement, attribute_statement, rule_statement> {
  using base_type::base_type;
  using base_type::operator=;
};

} // namespace planrules::detail::parser::syntax

#endif
