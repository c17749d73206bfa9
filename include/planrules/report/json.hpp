#ifndef PLANRULES_REPORT_JSON_HPP
#define PLANRULES_REPORT_JSON_HPP

// JSON documents with stable schemas (docs/json.md).

#include <planrules/check.hpp>
#include <planrules/checked_plan.hpp>
#include <planrules/diagnostics.hpp>

#include <string>

namespace planrules {

/// A checked plan: header, indicators, goals and rules ("planrules.plan/1").
PLANRULES_DECL std::string plan_to_json(const checked_plan& plan, bool pretty = true);

/// The outcome of checking several files: each file's diagnostics and, when it
/// checked, its plan ("planrules.check/1").
PLANRULES_DECL std::string check_results_to_json(const std::vector<const plan_result*>& results, bool pretty = true);

/// Diagnostics with their stable codes ("planrules.diagnostics/1").
PLANRULES_DECL std::string diagnostics_to_json(const diagnostic_list& diagnostics, bool pretty = true);

} // namespace planrules

#endif
