#ifndef PLANRULES_TESTING_BOOST_TEST_HPP
#define PLANRULES_TESTING_BOOST_TEST_HPP

// Boost.Test assertions for keeping a plan under test (docs/testing-plans.md):
//
//   #define BOOST_TEST_MODULE xigang_plan          // in one file, before any Boost.Test include
//   #include <boost/test/unit_test.hpp>
//   #include <planrules/testing/boost_test.hpp>
//
//   BOOST_AUTO_TEST_CASE(plan_is_consistent) { PLANRULES_CHECK_PLAN_CLEAN("xigang.rules"); }
//   BOOST_AUTO_TEST_CASE(follows_the_city_plan) { PLANRULES_CHECK_AT_LEAST_AS_STRICT("xigang.rules", "dalian.rules"); }
//
// Each assertion reads and checks the files itself and, when it fails, lists
// every finding with its code, the rule it points at and the reasoning.

#include <planrules/compare.hpp>
#include <planrules/lint.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace planrules::testing {

/// A finding a plan's tests accept after review: its code and the rule id (or
/// goal, "health.12") it points at, e.g. {"PR6005", "health.3.5"}.
struct accepted_finding {
  std::string code;
  std::string where;
};

/// The id of the rule (or "area.goal" of the goal) a diagnostic points at, or "line N".
inline std::string finding_place(const checked_plan& plan, const diagnostic& d) {
  for (const auto& rule : plan.rules)
    if (rule.location.line == d.location.line && rule.location.file == d.location.file) return rule.id;
  for (const auto& goal : plan.goals)
    if (goal.location.line == d.location.line && goal.location.file == d.location.file)
      return (goal.area ? std::string(ast::to_string(*goal.area)) + "." : std::string()) +
             (goal.tier == ast::goal_tier::measure ? "m" : "") + std::to_string(goal.number);
  return "line " + std::to_string(d.location.line);
}

namespace detail {

inline std::string describe(const checked_plan& plan, const diagnostic& d) {
  std::string out = "  " + std::string(severity_name(d.level)) + " " + code_id(d.code) + " at " +
                    finding_place(plan, d) + " (line " + std::to_string(d.location.line) + "): " + d.message + "\n";
  for (const auto& note : d.notes) out += "      " + note + "\n";
  return out;
}

inline boost::test_tools::assertion_result failure(const std::string& message) {
  boost::test_tools::assertion_result result(false);
  result.message() << "\n" << message;
  return result;
}

// Findings of at least `worst` severity (error < warning < note) not in `accepted`, and accepted ones that did not occur.
inline boost::test_tools::assertion_result lint_outcome(const std::string& path, severity worst,
                                                        const std::vector<accepted_finding>& accepted,
                                                        const load_options& load) {
  const auto result = lint_file(path, load);
  std::vector<char> used(accepted.size(), 0);
  std::string unexpected;
  std::size_t count = 0;
  for (const auto& d : result.diagnostics) {
    if (static_cast<int>(d.level) > static_cast<int>(worst)) continue;
    const auto place = finding_place(result.plan, d);
    bool ok = false;
    for (std::size_t i = 0; i < accepted.size(); ++i)
      if (accepted[i].code == code_id(d.code) && accepted[i].where == place) ok = true, used[i] = 1;
    if (ok) continue;
    ++count;
    unexpected += describe(result.plan, d);
  }
  std::string stale;
  for (std::size_t i = 0; i < accepted.size(); ++i)
    if (!used[i]) stale += "  " + accepted[i].code + " at " + accepted[i].where + "\n";
  if (count == 0 && stale.empty()) return true;
  std::string message;
  if (count) message += path + ": " + std::to_string(count) + " finding(s):\n" + unexpected;
  if (!stale.empty())
    message += path + ": accepted finding(s) that no longer occur — remove them from the list:\n" + stale;
  return failure(message);
}

inline bool accepted_rule(std::initializer_list<std::string_view> accepted, const std::string& id) {
  return std::find(accepted.begin(), accepted.end(), id) != accepted.end();
}

inline std::string describe(const compare_row& row) {
  std::string out = "  " + (row.parent_id.empty() ? std::string("-") : row.parent_id) + " " + row.indicator + ": parent `" +
                    row.parent_text + "`" + (row.parent_year ? " (" + std::to_string(*row.parent_year) + ")" : "");
  out += row.child_text.empty() ? std::string(", child: no rule")
                                : ", child `" + row.child_text + "`" +
                                      (row.child_year ? " (" + std::to_string(*row.child_year) + ")" : "");
  out += " — " + std::string(to_string(row.verdict)) + ": " + row.note + "\n";
  return out;
}

template <class Failing>
boost::test_tools::assertion_result compare_outcome(const std::string& child, const std::string& parent,
                                                    std::initializer_list<std::string_view> accepted, const load_options& load,
                                                    const char* what, Failing failing) {
  const auto result = compare_files(child, parent, load);
  if (!result) return failure(result.error().message + "\n" + render(result.error().diagnostics));
  std::string rows;
  std::size_t count = 0;
  std::vector<std::string> seen;
  for (const auto& row : result->rows) {
    if (!row.parent_rule || !failing(row.verdict)) continue;
    seen.push_back(row.parent_id);
    if (accepted_rule(accepted, row.parent_id)) continue;
    ++count;
    rows += describe(row);
  }
  std::string stale;
  for (const auto id : accepted)
    if (std::find(seen.begin(), seen.end(), std::string(id)) == seen.end()) stale += "  " + std::string(id) + "\n";
  if (count == 0 && stale.empty()) return true;
  std::string message;
  if (count) message += child + " against " + parent + ": " + std::to_string(count) + " parent rule(s) " + what + ":\n" + rows;
  if (!stale.empty())
    message += "accepted parent rule(s) that are no longer a finding — remove them from the list:\n" + stale;
  return failure(message);
}

} // namespace detail

/// No error and no warning from check and lint (notes are hints and pass).
inline boost::test_tools::assertion_result plan_clean(const std::string& path, const load_options& load = {}) {
  return detail::lint_outcome(path, severity::warning, {}, load);
}

/// No error from check and lint; warnings pass.
inline boost::test_tools::assertion_result no_lint_errors(const std::string& path, const load_options& load = {}) {
  return detail::lint_outcome(path, severity::error, {}, load);
}

/// Errors and warnings are exactly the accepted ones: a new finding fails, and so
/// does an accepted one that no longer occurs (so the list stays true).
inline boost::test_tools::assertion_result lint_findings_are(const std::string& path,
                                                             std::initializer_list<accepted_finding> accepted,
                                                             const load_options& load = {}) {
  return detail::lint_outcome(path, severity::warning, std::vector<accepted_finding>(accepted), load);
}

/// Every parent rule the child covers is met at least as strictly and no later
/// by the child (missing indicators are PLANRULES_CHECK_COVERS' business).
/// `accepted` lists parent rule ids whose difference was reviewed and accepted.
inline boost::test_tools::assertion_result at_least_as_strict(const std::string& child, const std::string& parent,
                                                              std::initializer_list<std::string_view> accepted = {},
                                                              const load_options& load = {}) {
  return detail::compare_outcome(child, parent, accepted, load, "are not met at least as strictly", [](compare_verdict v) {
    return v == compare_verdict::looser || v == compare_verdict::deadline_later || v == compare_verdict::qualitative ||
           v == compare_verdict::not_comparable;
  });
}

/// The child has a rule for each listed parent indicator (ids), or for every
/// indicator of the parent when none is listed.
inline boost::test_tools::assertion_result covers(const std::string& child, const std::string& parent,
                                                  std::initializer_list<std::string_view> indicators = {},
                                                  const load_options& load = {}) {
  const auto result = compare_files(child, parent, load);
  if (!result) return detail::failure(result.error().message + "\n" + render(result.error().diagnostics));
  std::vector<std::string> wanted(indicators.begin(), indicators.end());
  if (wanted.empty()) wanted = result->coverage.parent_indicators;
  std::string message;
  for (const auto& id : wanted) {
    const auto& parents = result->coverage.parent_indicators;
    if (std::find(parents.begin(), parents.end(), id) == parents.end()) {
      message += "  " + id + ": the parent has no rule on it (check the id)\n";
      continue;
    }
    const auto& missing = result->coverage.missing;
    if (std::find(missing.begin(), missing.end(), id) == missing.end()) continue;
    message += "  " + id + ": no rule in the child; the parent requires";
    for (const auto& row : result->rows)
      if (row.indicator == id && row.parent_rule) message += " `" + row.parent_text + "` (" + row.parent_id + ")";
    message += "\n";
  }
  if (message.empty()) return true;
  return detail::failure(child + " does not cover " + parent + ":\n" + message);
}

/// Covers every parent rule and meets each at least as strictly and in time,
/// except the parent rule ids in `accepted`.
inline boost::test_tools::assertion_result complies(const std::string& child, const std::string& parent,
                                                    std::initializer_list<std::string_view> accepted = {},
                                                    const load_options& load = {}) {
  return detail::compare_outcome(child, parent, accepted, load, "are not met", [](compare_verdict v) {
    return v != compare_verdict::stricter && v != compare_verdict::equal && v != compare_verdict::child_only;
  });
}

} // namespace planrules::testing

/// The plan checks and lints without an error or a warning.
#define PLANRULES_CHECK_PLAN_CLEAN(path) BOOST_TEST(::planrules::testing::plan_clean(path))
#define PLANRULES_REQUIRE_PLAN_CLEAN(path) BOOST_TEST_REQUIRE(::planrules::testing::plan_clean(path))
/// The plan checks and lints without an error (warnings allowed).
#define PLANRULES_CHECK_NO_LINT_ERRORS(path) BOOST_TEST(::planrules::testing::no_lint_errors(path))
#define PLANRULES_REQUIRE_NO_LINT_ERRORS(path) BOOST_TEST_REQUIRE(::planrules::testing::no_lint_errors(path))
/// The plan's errors and warnings are exactly these reviewed ones: {"PR6005", "health.3.5"}, …
#define PLANRULES_CHECK_LINT_FINDINGS(path, ...) BOOST_TEST(::planrules::testing::lint_findings_are(path, {__VA_ARGS__}))
/// Each covered parent rule is met at least as strictly and in time; optional reviewed parent rule ids.
#define PLANRULES_CHECK_AT_LEAST_AS_STRICT(child, parent, ...) \
  BOOST_TEST(::planrules::testing::at_least_as_strict(child, parent, {__VA_ARGS__}))
/// The child has rules for these parent indicators (all of the parent's when none are named).
#define PLANRULES_CHECK_COVERS(child, parent, ...) BOOST_TEST(::planrules::testing::covers(child, parent, {__VA_ARGS__}))
/// Covers and meets every parent rule; optional reviewed parent rule ids.
#define PLANRULES_CHECK_COMPLIES(child, parent, ...) \
  BOOST_TEST(::planrules::testing::complies(child, parent, {__VA_ARGS__}))

#endif
