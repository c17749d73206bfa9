#ifndef PLANRULES_SRC_HPP
#define PLANRULES_SRC_HPP

// Every out-of-line body of the library. The compiled library includes this
// from src/*.cpp; a header-only build (PLANRULES_HEADER_ONLY, the
// planrules::header_only target) gets it through <planrules/planrules.hpp>.

#include <planrules/impl/library.ipp>
#include <planrules/impl/unicode.ipp>
#include <planrules/detail/parser/grammar_def.hpp>

#endif
