#ifndef PLANRULES_DETAIL_PARSER_GRAMMAR_DEF_HPP
#define PLANRULES_DETAIL_PARSER_GRAMMAR_DEF_HPP

// The grammar of one statement line (docs/language.md). Included by exactly one
// translation unit (src/grammar.cpp), or by <planrules/src.hpp> when header-only.

#include <planrules/detail/parser/grammar.hpp>
#include <planrules/detail/parser/syntax_adapted.hpp>
#include <planrules/detail/unicode.hpp>

#include <string_view>
#include <type_traits>

namespace planrules::detail::parser {

namespace grammar {

using x3::char_;
using x3::lexeme;
using x3::lit;

/// Rule ids record the bytes each node came from.
struct annotate {
  template <class Iterator, class Attribute, class Context>
  void on_success(Iterator first, const Iterator& last, Attribute& node, const Context&) const {
    if constexpr (std::is_base_of_v<syntax::located, Attribute>) {
      while (first != last && (*first == ' ' || *first == '\t')) ++first;
      node.first = first;
      node.last = last;
    }
  }
};

/// A Unicode identifier (UAX #31): XID_Start or '_' then XID_Continue.
struct identifier_text_parser : x3::parser<identifier_text_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&, Attribute& attr) const {
    x3::skip_over(first, last, context);
    const std::string_view s(first, static_cast<std::size_t>(last - first));
    char32_t c = 0;
    auto length = unicode::decode(s, 0, c);
    if (length == 0 || !unicode::is_identifier_start(c)) return false;
    std::size_t i = length;
    while (i < s.size()) {
      length = unicode::decode(s, i, c);
      if (length == 0 || !unicode::is_identifier_continue(c)) break;
      i += length;
    }
    x3::traits::move_to(std::string(s.substr(0, i)), attr);
    first += static_cast<std::ptrdiff_t>(i);
    return true;
  }
};

/// A reserved word, not followed by an identifier character.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  std::string_view word;

  constexpr explicit keyword_parser(std::string_view w) : word(w) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&, Attribute&) const {
    x3::skip_over(first, last, context);
    const std::string_view s(first, static_cast<std::size_t>(last - first));
    if (s.substr(0, word.size()) != word) return false;
    char32_t c = 0;
    const auto length = unicode::decode(s, word.size(), c);
    if (length != 0 && unicode::is_identifier_continue(c)) return false;
    first += static_cast<std::ptrdiff_t>(word.size());
    return true;
  }
};

/// The unit written straight after a number: %, ‰, pp, 个, 万张, 个/千人口.
struct unit_token_parser : x3::parser<unit_token_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  static bool symbol(char32_t c) noexcept { return c == '%' || c == '/' || c == 0x2030 || c == 0x2031; }

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context&, RContext&, Attribute& attr) const {
    const std::string_view s(first, static_cast<std::size_t>(last - first));
    std::size_t i = 0;
    char32_t c = 0;
    while (i < s.size()) {
      const auto length = unicode::decode(s, i, c);
      if (length == 0) break;
      const bool allowed = symbol(c) || (i == 0 ? (unicode::is_identifier_start(c) && c != '_')
                                                : unicode::is_identifier_continue(c));
      if (!allowed) break;
      i += length;
    }
    if (i == 0) return false;
    x3::traits::move_to(std::string(s.substr(0, i)), attr);
    first += static_cast<std::ptrdiff_t>(i);
    return true;
  }
};

inline constexpr identifier_text_parser identifier_text{};
inline constexpr unit_token_parser unit_token{};
constexpr keyword_parser kw(std::string_view word) { return keyword_parser(word); }

struct escape_table : x3::symbols<char> {
  escape_table() { add("\"", '"')("\\", '\\')("n", '\n')("t", '\t'); }
};
inline const escape_table escapes;

// Rule ids. Names are what error messages say was expected.
struct string_literal_class : annotate {};
struct identifier_class : annotate {};
struct number_class : annotate {};
struct year_class : annotate {};
struct year_range_class : annotate {};
struct quantity_class : annotate {};
struct per_clause_class : annotate {};
struct filter_class : annotate {};
struct reference_class : annotate {};
struct call_class : annotate {};
struct argument_class : annotate {};
struct factor_class : annotate {};
struct signed_class : annotate {};
struct multiplicative_class : annotate {};
struct additive_class : annotate {};
struct mul_operation_class : annotate {};
struct add_operation_class : annotate {};
struct comparison_tail_class : annotate {};
struct interval_tail_class : annotate {};
struct predicate_tail_class : annotate {};
struct value_predicate_class : annotate {};
struct trend_predicate_class : annotate {};
struct qualitative_predicate_class : annotate {};
struct predicate_class : annotate {};
struct every_year_class : annotate {};
struct every_region_class : annotate {};
struct at_least_class : annotate {};
struct scope_class : annotate {};
struct quantity_option_class : annotate {};
struct option_value_class : annotate {};
struct option_class : annotate {};
struct rule_label_class : annotate {};
struct rule_statement_class : annotate {};
struct block_statement_class : annotate {};
struct goal_statement_class : annotate {};
struct include_statement_class : annotate {};
struct unit_text_class : annotate {};
struct attribute_statement_class : annotate {};

const x3::rule<class string_chars_class, std::string> string_chars = "string";
const x3::rule<class escape_class, char> escape = "escape sequence";
const x3::rule<class open_bracket_class, char> open_bracket = "'[' or '('";
const x3::rule<class close_bracket_class, char> close_bracket = "closing ']' or ')'";
const x3::rule<string_literal_class, syntax::string_literal> string_literal = "string";
const x3::rule<identifier_class, syntax::identifier> identifier = "name";
const x3::rule<number_class, syntax::number> number = "number";
const x3::rule<year_class, syntax::year_value> year = "year";
const x3::rule<year_range_class, syntax::year_range> year_range = "year range";
const x3::rule<quantity_class, syntax::quantity> quantity = "number";
const x3::rule<per_clause_class, syntax::per_clause> per_clause = "per clause";
const x3::rule<filter_class, syntax::filter> filter = "filter";
const x3::rule<class filter_value_class, std::string> filter_value = "filter value";
const x3::rule<reference_class, syntax::reference> reference = "indicator";
const x3::rule<call_class, syntax::call> call = "function call";
const x3::rule<argument_class, syntax::argument> argument = "argument";
const x3::rule<factor_class, syntax::operand> factor = "expression";
const x3::rule<signed_class, syntax::signed_operand> signed_factor = "expression";
const x3::rule<multiplicative_class, syntax::expression> multiplicative = "expression";
const x3::rule<additive_class, syntax::expression> additive = "expression";
const x3::rule<mul_operation_class, syntax::operation> mul_operation = "expression";
const x3::rule<add_operation_class, syntax::operation> add_operation = "expression";
const x3::rule<class compare_op_class, std::string> compare_op = "comparison operator";
const x3::rule<comparison_tail_class, syntax::comparison_tail> comparison_tail = "comparison operator";
const x3::rule<interval_tail_class, syntax::interval_tail> interval_tail = "interval";
const x3::rule<predicate_tail_class, syntax::predicate_tail> predicate_tail = "comparison operator";
const x3::rule<value_predicate_class, syntax::value_predicate> value_predicate = "rule";
const x3::rule<class trend_word_class, std::string> trend_word = "trend";
const x3::rule<trend_predicate_class, syntax::trend_predicate> trend_predicate = "trend";
const x3::rule<qualitative_predicate_class, syntax::qualitative_predicate> qualitative_predicate = "qualitative";
const x3::rule<predicate_class, syntax::predicate> predicate = "rule";
const x3::rule<every_year_class, syntax::every_year_scope> every_year = "every year";
const x3::rule<every_region_class, syntax::every_region_scope> every_region = "region level";
const x3::rule<at_least_class, syntax::at_least_scope> at_least = "at least";
const x3::rule<scope_class, syntax::scope> scope = "scope";
const x3::rule<quantity_option_class, syntax::quantity_option> quantity_option = "number";
const x3::rule<option_value_class, syntax::option_value> option_value = "option value";
const x3::rule<option_class, syntax::option> option = "option";
const x3::rule<rule_label_class, syntax::rule_label> rule_label = "rule label";
const x3::rule<rule_statement_class, syntax::rule_statement> rule_statement = "rule";
const x3::rule<class block_keyword_class, std::string> block_keyword = "keyword";
const x3::rule<block_statement_class, syntax::block_statement> block_statement = "statement";
const x3::rule<class goal_keyword_class, std::string> goal_keyword = "keyword";
const x3::rule<goal_statement_class, syntax::goal_statement> goal_statement = "goal";
const x3::rule<include_statement_class, syntax::include_statement> include_statement = "include";
const x3::rule<unit_text_class, syntax::unit_text> unit_text = "unit";
const x3::rule<class string_list_class, std::vector<syntax::string_literal>> string_list = "string";
const x3::rule<class one_string_class, std::vector<syntax::string_literal>> one_string = "string";
const x3::rule<attribute_statement_class, syntax::attribute_statement> attribute_statement = "attribute";

const x3::rule<class string_literal_body_class, syntax::string_literal> string_literal_body = "string";
const x3::rule<class number_body_class, syntax::number> number_body = "number";
const x3::rule<class year_body_class, syntax::year_value> year_body = "year";
const x3::rule<class every_year_body_class, syntax::every_year_scope> every_year_body = "every year";
const x3::rule<class every_region_body_class, syntax::every_region_scope> every_region_body = "region level";
const x3::rule<class rule_label_body_class, syntax::rule_label> rule_label_body = "rule label";
const x3::rule<class include_statement_body_class, syntax::include_statement> include_statement_body = "include";
const x3::rule<class unit_text_body_class, syntax::unit_text> unit_text_body = "unit";

// Strings: "…" with \" \\ \n \t escapes. Unterminated strings are caught before parsing.
const auto escape_def = escapes;
const auto string_chars_def = lexeme['"' >> *(('\\' > escape) | ~char_("\"\\\n")) > '"'];
const auto string_literal_body_def = string_chars[([](auto& ctx) { x3::_val(ctx).text = std::move(x3::_attr(ctx)); })];
const auto string_literal_def = string_literal_body;

const auto identifier_def = (identifier_text >> x3::attr(false)) |
                            (lexeme['`' > +~char_("`\n") > '`'] >> x3::attr(true));

const auto number_body_def =
    x3::raw[lexeme[+x3::digit >> -('.' >> +x3::digit)]]
           [([](auto& ctx) { x3::_val(ctx).text.assign(x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })];
const auto number_def = number_body;

const auto year_body_def = x3::uint_parser<unsigned, 10, 4, 4>{}[([](auto& ctx) { x3::_val(ctx).value = x3::_attr(ctx); })];
const auto year_def = year_body;
const auto year_range_def = year >> ".." > year;

const auto per_clause_def = kw("per") > number >> -identifier_text;
const auto quantity_def = lexeme[number >> (unit_token | x3::attr(std::string()))] >> -per_clause;

const auto filter_value_def = string_chars | lexeme[+~char_(",] \t")];
const auto filter_def = identifier > '=' > filter_value;
const auto reference_def = identifier >> -('@' > year) >> -('[' > (filter % ',') > ']');

const auto argument_def = year_range | additive;
const auto call_def = identifier >> '(' > (argument % ',') > ')';

const auto signed_factor_def = char_("-+") > factor;
const auto factor_def = quantity | call | reference | ('(' > additive > ')') | signed_factor;
const auto mul_operation_def = char_("*/") > factor;
const auto multiplicative_def = factor >> *mul_operation;
const auto add_operation_def = char_("+-") > multiplicative;
const auto additive_def = multiplicative >> *add_operation;

const auto compare_op_def = x3::string("<=") | x3::string(">=") | x3::string("==") | x3::string("!=") |
                            x3::string("<") | x3::string(">") | x3::string("=") | x3::string("≤") |
                            x3::string("≥") | x3::string("≠");
const auto comparison_tail_def = compare_op > additive;
const auto open_bracket_def = char_("[(");
const auto close_bracket_def = char_("])");
const auto interval_tail_def = kw("in") > open_bracket > additive > ',' > additive > close_bracket;
const auto predicate_tail_def = comparison_tail | interval_tail;
const auto value_predicate_def = additive > predicate_tail;

const auto trend_word_def = (kw("non_increasing") >> x3::attr(std::string("non_increasing"))) |
                            (kw("non_decreasing") >> x3::attr(std::string("non_decreasing"))) |
                            (kw("decreasing") >> x3::attr(std::string("decreasing"))) |
                            (kw("increasing") >> x3::attr(std::string("increasing")));
const auto trend_predicate_def = trend_word >> '(' > reference > -(',' > year_range) > ')';
const auto qualitative_predicate_def = kw("qualitative") > string_literal > -(kw("on") > reference);
const auto predicate_def = trend_predicate | qualitative_predicate | value_predicate;

const auto every_year_body_def =
    (kw("every") >> kw("year") >> -year_range)[([](auto& ctx) { x3::_val(ctx).years = x3::_attr(ctx); })];
const auto every_year_def = every_year_body;
const auto every_region_body_def =
    (kw("every") > identifier)[([](auto& ctx) { x3::_val(ctx).level = x3::_attr(ctx); })];
const auto every_region_def = every_region_body;
const auto at_least_def = kw("at") > kw("least") > number > -char_('%') > kw("of") > identifier;
const auto scope_def = every_year | every_region | at_least;

const auto quantity_option_def = quantity >> -(kw("relative") >> x3::attr(std::string("relative")));
const auto option_value_def = string_literal | quantity_option | identifier;
const auto option_def = identifier >> -(':' > option_value);

const auto rule_label_body_def =
    (kw("rule") > -number > ':')[([](auto& ctx) { x3::_val(ctx).number_ = x3::_attr(ctx); })];
const auto rule_label_def = rule_label_body;
const auto rule_statement_def = -rule_label >> predicate >> -(kw("for") > (scope % ',')) >>
                                -('{' > (option % ',') > '}');

const auto block_keyword_def = (kw("plan") >> x3::attr(std::string("plan"))) |
                               (kw("indicator") >> x3::attr(std::string("indicator"))) |
                               (kw("area") >> x3::attr(std::string("area")));
const auto block_statement_def = block_keyword > identifier > -string_literal;
const auto goal_keyword_def =
    (kw("goal") >> x3::attr(std::string("goal"))) | (kw("measure") >> x3::attr(std::string("measure")));
const auto goal_statement_def = goal_keyword > number > -string_literal;
const auto include_statement_body_def =
    (kw("include") > string_literal)[([](auto& ctx) { x3::_val(ctx).path = x3::_attr(ctx); })];
const auto include_statement_def = include_statement_body;

const auto unit_text_body_def =
    lexeme[+~char_(" \t")][([](auto& ctx) { x3::_val(ctx).text = std::move(x3::_attr(ctx)); })];
const auto unit_text_def = unit_text_body;
const auto string_list_def = string_literal >> *(',' > string_literal);
const auto one_string_def =
    string_literal[([](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); })];

template <class Value>
auto attribute_of(const char* key, const Value& value) {
  return kw(key) >> x3::attr(std::string(key)) > value;
}

const auto attribute_statement_def =
    attribute_of("name", one_string) | attribute_of("en", one_string) | attribute_of("note", one_string) |
    attribute_of("source", one_string) | attribute_of("region", one_string) |
    attribute_of("definition", one_string) | attribute_of("alias", string_list) |
    attribute_of("period", year_range) | attribute_of("baseline", year) | attribute_of("level", identifier) |
    attribute_of("parent", identifier | one_string) | attribute_of("unit", unit_text) |
    attribute_of("better", identifier) | attribute_of("denominator", identifier);

const auto statement_body =
    block_statement | goal_statement | include_statement | attribute_statement | rule_statement;

BOOST_SPIRIT_DEFINE(string_literal_body, number_body, year_body, every_year_body, every_region_body, rule_label_body, include_statement_body, unit_text_body)
BOOST_SPIRIT_DEFINE(string_chars, escape, open_bracket, close_bracket, string_literal, identifier, number, year, year_range, per_clause, quantity,
                    filter_value, filter, reference, argument, call, signed_factor, factor, mul_operation,
                    multiplicative, add_operation, additive, compare_op, comparison_tail, interval_tail,
                    predicate_tail, value_predicate, trend_word, trend_predicate, qualitative_predicate,
                    predicate, every_year, every_region, at_least, scope, quantity_option, option_value,
                    option, rule_label, rule_statement, block_keyword, block_statement, goal_keyword,
                    goal_statement, include_statement, unit_text, string_list, one_string,
                    attribute_statement)

} // namespace grammar

const statement_type statement_rule = "statement";
const auto statement_rule_def = grammar::statement_body;
BOOST_SPIRIT_DEFINE(statement_rule)

PLANRULES_DECL const statement_type& statement() { return statement_rule; }

} // namespace planrules::detail::parser

#endif
