#include "cli.hpp"

namespace planrules::cli {

namespace {

std::string summary(const plan_result& result) {
  std::size_t goals = 0, measures = 0, measurable = 0, qualitative = 0;
  for (const auto& goal : result.plan.goals) (goal.tier == ast::goal_tier::main ? goals : measures)++;
  for (const auto& rule : result.plan.rules) (rule.kind == rule_kind::qualitative ? qualitative : measurable)++;
  const auto errors = error_count(result.diagnostics);
  const auto warnings = result.diagnostics.size() - errors;
  std::string out = result.plan.header.path + ": " + (errors ? std::to_string(errors) + " error(s)" : "ok");
  out += " — " + std::to_string(goals) + " goals, " + std::to_string(measures) + " measures, " +
         std::to_string(measurable) + " measurable rules, " + std::to_string(qualitative) + " qualitative";
  if (warnings) out += ", " + std::to_string(warnings) + " warning(s)";
  return out;
}

} // namespace

int check_command(const std::vector<std::string>& args) {
  po::options_description options("planrules check");
  options.add_options()
      ("help,h", "describe the options")
      ("json", "print the checked plans and diagnostics as JSON (schema planrules.check/1)")
      ("files", po::value<std::vector<std::string>>(), "rules files");
  options.add(catalogue_options());
  po::variables_map values;
  if (!parse_arguments(args, options, "files", values, "usage: planrules check [--json] FILE..."))
    return values.count("help") ? success : usage;
  if (!values.count("files")) {
    std::cerr << "planrules check: no files given\n";
    return usage;
  }
  const auto load = load_options_from(values);
  std::vector<plan_result> results;
  for (const auto& path : values["files"].as<std::vector<std::string>>()) results.push_back(check_file(path, load));

  bool clean = true;
  for (const auto& result : results) {
    clean = clean && result.ok();
    std::cerr << render(result.diagnostics);
  }
  if (values.count("json")) {
    std::vector<const plan_result*> pointers;
    for (const auto& result : results) pointers.push_back(&result);
    std::cout << check_results_to_json(pointers);
  } else {
    for (const auto& result : results) std::cout << summary(result) << "\n";
  }
  return clean ? success : findings;
}

} // namespace planrules::cli
