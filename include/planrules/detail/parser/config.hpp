#ifndef PLANRULES_DETAIL_PARSER_CONFIG_HPP
#define PLANRULES_DETAIL_PARSER_CONFIG_HPP

#include <boost/spirit/home/x3.hpp>

namespace planrules::detail::parser {

namespace x3 = boost::spirit::x3;

// Exactly one iterator and one context type, so the grammar is instantiated once.
using iterator_type = const char*;
using skipper_type = x3::ascii::blank_type;
using context_type = x3::phrase_parse_context<skipper_type>::type;

} // namespace planrules::detail::parser

#endif
