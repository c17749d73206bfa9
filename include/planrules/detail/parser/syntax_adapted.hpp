#ifndef PLANRULES_DETAIL_PARSER_SYNTAX_ADAPTED_HPP
#define PLANRULES_DETAIL_PARSER_SYNTAX_ADAPTED_HPP

// Fusion adaptation of the multi-member syntax nodes. Single-member nodes are
// filled by semantic actions in grammar_def.hpp instead (fusion treats
// one-element sequences specially).

#include <planrules/detail/parser/syntax.hpp>

#include <boost/fusion/include/adapt_struct.hpp>

BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::identifier, name, quoted)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::per_clause, size, population)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::quantity, amount, unit, per)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::year_range, from, to)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::filter, key, value)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::reference, name, year, filters)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::signed_operand, sign, value)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::operation, op, value)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::expression, head, tail)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::call, function, arguments)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::comparison_tail, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::interval_tail, open, low, high, close)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::value_predicate, lhs, tail)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::trend_predicate, direction, subject, years)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::qualitative_predicate, reason, subject)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::at_least_scope, count, percent, level)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::quantity_option, amount, relative)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::option, key, value)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::rule_statement, label, body, scopes, options)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::block_statement, keyword, id, title)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::goal_statement, keyword, id, source)
BOOST_FUSION_ADAPT_STRUCT(planrules::detail::parser::syntax::attribute_statement, key, value)

#endif
