#ifndef PLANRULES_EXPECTED_HPP
#define PLANRULES_EXPECTED_HPP

// The library's own name for `expected`. C++23 builds use std::expected; a build
// that defines PLANRULES_USE_TL_EXPECTED (or lacks <expected> but has tl-expected)
// uses tl::expected. Code in planrules only uses the members both provide:
// has_value, value, error, operator*, operator->, and_then, transform,
// transform_error, or_else.

#if defined(PLANRULES_USE_TL_EXPECTED)
#  define PLANRULES_EXPECTED_TL 1
#elif defined(__has_include)
#  if __has_include(<version>)
#    include <version>
#  endif
#  if !defined(__cpp_lib_expected) && __has_include(<tl/expected.hpp>)
#    define PLANRULES_EXPECTED_TL 1
#  endif
#endif

#if defined(PLANRULES_EXPECTED_TL)
#  include <tl/expected.hpp>
namespace planrules {
template <class T, class E>
using expected = tl::expected<T, E>;
using tl::unexpected;
} // namespace planrules
#else
#  include <expected>
namespace planrules {
template <class T, class E>
using expected = std::expected<T, E>;
using std::unexpected;
} // namespace planrules
#endif

#endif
