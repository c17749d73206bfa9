// The X3 grammar, instantiated once for the library's one iterator and context type.
#define PLANRULES_BUILDING_LIBRARY_GRAMMAR
#include <planrules/detail/parser/grammar_def.hpp>

namespace planrules::detail::parser {
BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)
}
