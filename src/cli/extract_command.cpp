#include "cli.hpp"

#include <fstream>

namespace planrules::cli {

namespace {

void write_uncertainties(std::ostream& out, const std::string& plan, const extraction& result) {
  for (const auto& u : result.uncertainties) {
    out << plan << ":" << u.line << ": " << u.why;
    if (!u.phrase.empty()) out << " — " << u.phrase;
    out << "\n";
  }
}

} // namespace

int extract_command(const std::vector<std::string>& args) {
  po::options_description options("planrules extract");
  options.add_options()
      ("help,h", "describe the options")
      ("catalogue", po::value<std::string>(), "read indicator names from this catalogue and include it in the output")
      ("measures", "also read the strategy measures (策略措施)")
      ("id", po::value<std::string>(), "the plan's id (default: from the region and the period)")
      ("uncertainties", po::value<std::string>(), "write where extraction guessed to FILE ('-' for standard error)")
      ("plan", po::value<std::string>(), "the plan's text (UTF-8)");
  po::variables_map values;
  const char* usage_line =
      "usage: planrules extract PLAN.txt [--catalogue FILE] [--measures] [--id ID] [--uncertainties FILE|-] > plan.rules";
  if (!parse_arguments(args, options, "plan", values, usage_line)) return values.count("help") ? success : usage;
  if (!values.count("plan")) {
    std::cerr << "planrules extract: no plan text given\n" << usage_line << "\n";
    return usage;
  }
  const auto plan_path = values["plan"].as<std::string>();
  const auto text = read_file(plan_path, std::size_t(64) << 20);
  if (!text) {
    std::cerr << "planrules extract: " << text.error().message << "\n";
    return usage;
  }
  const auto catalogue_path = values.count("catalogue") ? values["catalogue"].as<std::string>() : std::string();
  auto indicators = load_catalogue(catalogue_path.empty() ? std::vector<std::string>{} : std::vector{catalogue_path});
  if (!indicators) {
    std::cerr << render(indicators.error().diagnostics) << "planrules extract: " << indicators.error().message << "\n";
    return usage;
  }
  extract_options settings;
  settings.measures = values.count("measures") > 0;
  if (values.count("id")) settings.plan_id = values["id"].as<std::string>();
  // The include is written as given: relative paths resolve from where plan.rules is saved.
  settings.catalogue_include = catalogue_path;

  const auto result = extract(*text, *indicators, settings);
  if (!result) {
    std::cerr << "planrules extract: " << result.error().message << "\n";
    return usage;
  }
  std::cout << format(result->file);

  if (values.count("uncertainties")) {
    const auto target = values["uncertainties"].as<std::string>();
    if (target == "-") {
      write_uncertainties(std::cerr, plan_path, *result);
    } else {
      std::ofstream out(target, std::ios::binary);
      if (!out) {
        std::cerr << "planrules extract: cannot write '" << target << "'\n";
        return usage;
      }
      write_uncertainties(out, plan_path, *result);
    }
  }
  const auto& s = result->statistics;
  std::cerr << plan_path << ": " << s.goals << " goals" << (settings.measures ? ", " + std::to_string(s.measures) + " measures" : "")
            << ", " << s.measurable << " measurable rules, " << s.qualitative << " qualitative, " << s.aspirational
            << " aspirational, " << s.proposed_indicators << " proposed indicators, " << result->uncertainties.size()
            << " uncertainties\n";
  return success;
}

} // namespace planrules::cli
