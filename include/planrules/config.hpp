#ifndef PLANRULES_CONFIG_HPP
#define PLANRULES_CONFIG_HPP

#include <planrules/version.hpp>

// PLANRULES_DECL marks every out-of-line public function.
// Header-only builds make it `inline`; shared builds export the symbol.
#if defined(PLANRULES_HEADER_ONLY)
#  define PLANRULES_DECL inline
#elif defined(PLANRULES_BUILDING_LIBRARY) || defined(PLANRULES_SHARED)
#  if defined(_WIN32)
#    if defined(PLANRULES_BUILDING_LIBRARY)
#      define PLANRULES_DECL __declspec(dllexport)
#    else
#      define PLANRULES_DECL __declspec(dllimport)
#    endif
#  else
#    define PLANRULES_DECL __attribute__((visibility("default")))
#  endif
#else
#  define PLANRULES_DECL
#endif

#endif
