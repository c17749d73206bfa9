#ifndef PLANRULES_ERROR_HPP
#define PLANRULES_ERROR_HPP

#include <planrules/diagnostics.hpp>
#include <planrules/expected.hpp>

#include <string>

namespace planrules {

/// Why an API call failed (as opposed to diagnostics about the user's text).
enum class errc : int {
  ok = 0,
  invalid_argument = 1,
  io_error = 2,
  invalid_input = 3, ///< the text or data has errors; see diagnostics
  limit_exceeded = 4,
  not_found = 5,
  internal = 6,
};

/// An API failure: a code, a message, and the diagnostics that explain it, if any.
struct error {
  errc code = errc::internal;
  std::string message;
  diagnostic_list diagnostics;
};

PLANRULES_DECL std::string_view errc_name(errc code);

/// Shorthand for returning a failure.
inline unexpected<error> fail(errc code, std::string message, diagnostic_list diagnostics = {}) {
  return unexpected<error>(error{code, std::move(message), std::move(diagnostics)});
}

} // namespace planrules

#endif
