#include "cli.hpp"

#include <fstream>

namespace planrules::cli {

int compare_command(const std::vector<std::string>& args) {
  po::options_description options("planrules compare");
  options.add_options()
      ("help,h", "describe the options")
      ("json", "print the comparison as JSON (schema planrules.compare/1); same as --format json")
      ("html", po::value<std::string>(), "also write a self-contained HTML table to this file")
      ("format", po::value<std::string>()->default_value("text"), "text, json or html (printed on standard output)")
      ("lang", po::value<std::string>()->default_value("zh"), "labels of the table: zh or en")
      ("width", po::value<std::size_t>()->default_value(160), "terminal width the text table wraps to")
      ("findings", "print the findings (PR7xxx) after the table")
      ("plans", po::value<std::vector<std::string>>(), "CHILD PARENT");
  options.add(catalogue_options());
  po::variables_map values;
  const char* usage_line =
      "usage: planrules compare [--json | --format text|json|html] [--html FILE] [--lang zh|en] CHILD PARENT";
  if (!parse_arguments(args, options, "plans", values, usage_line)) return values.count("help") ? success : usage;
  const auto format = values.count("json") ? std::string("json") : values["format"].as<std::string>();
  const auto lang = values["lang"].as<std::string>();
  if ((format != "text" && format != "json" && format != "html") || (lang != "zh" && lang != "en")) {
    std::cerr << "planrules compare: --format takes text, json or html, --lang zh or en\n" << usage_line << "\n";
    return usage;
  }
  const auto plans = values.count("plans") ? values["plans"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (plans.size() != 2) {
    std::cerr << "planrules compare: give the child plan and then the parent plan\n" << usage_line << "\n";
    return usage;
  }
  const auto language = lang == "zh" ? label_language::zh : label_language::en;
  const auto load = load_options_from(values);
  const auto child = check_file(plans[0], load);
  const auto parent = check_file(plans[1], load);
  for (const auto* r : {&child, &parent})
    for (const auto& d : r->diagnostics)
      if (d.code == diagnostic_code::cannot_read_file && d.location.line == 0) {
        std::cerr << render(d);
        return usage;
      }
  if (!child.ok() || !parent.ok()) {
    std::cerr << render(child.diagnostics) << render(parent.diagnostics)
              << "planrules compare: fix the errors above before comparing\n";
    return findings;
  }
  const auto result = compare(child.plan, parent.plan);
  if (values.count("html")) {
    const auto& path = values["html"].as<std::string>();
    std::ofstream out(path, std::ios::binary);
    out << compare_to_html(result, language);
    if (!out) {
      std::cerr << "planrules compare: cannot write '" << path << "'\n";
      return usage;
    }
  }
  if (format == "json") std::cout << compare_to_json(result);
  else if (format == "html") std::cout << compare_to_html(result, language);
  else {
    std::cout << compare_to_text(result, language, values["width"].as<std::size_t>());
    if (values.count("findings")) std::cout << "\n" << render(result.diagnostics);
  }
  return result.ok() ? success : findings;
}

} // namespace planrules::cli
