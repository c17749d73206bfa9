#include "cli.hpp"

namespace planrules::cli {

namespace {

std::string summary(const lint_result& result, bool zh) {
  const auto errors = result.count(severity::error);
  const auto warnings = result.count(severity::warning);
  const auto notes = result.count(severity::note);
  const auto& path = result.plan.header.path;
  if (zh) {
    if (result.diagnostics.empty()) return path + "：未发现问题";
    return path + "：错误 " + std::to_string(errors) + " 个，警告 " + std::to_string(warnings) + " 个，提示 " +
           std::to_string(notes) + " 个";
  }
  if (result.diagnostics.empty()) return path + ": clean";
  return path + ": " + std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s), " +
         std::to_string(notes) + " note(s)";
}

} // namespace

int lint_command(const std::vector<std::string>& args) {
  po::options_description options("planrules lint");
  options.add_options()
      ("help,h", "describe the options")
      ("json", "print the findings as JSON (schema planrules.lint/1); same as --format json")
      ("format", po::value<std::string>()->default_value("text"), "text or json")
      ("lang", po::value<std::string>()->default_value("zh"), "labels of the summary line: zh or en")
      ("strict", "exit 1 on warnings as well as errors")
      ("no-notes", "leave out note-level findings (style hints)")
      ("files", po::value<std::vector<std::string>>(), "rules files");
  options.add(catalogue_options());
  po::variables_map values;
  const char* usage_line = "usage: planrules lint [--json | --format text|json] [--lang zh|en] [--strict] FILE...";
  if (!parse_arguments(args, options, "files", values, usage_line)) return values.count("help") ? success : usage;
  const auto format = values.count("json") ? std::string("json") : values["format"].as<std::string>();
  const auto lang = values["lang"].as<std::string>();
  if ((format != "text" && format != "json") || (lang != "zh" && lang != "en")) {
    std::cerr << "planrules lint: --format takes text or json, --lang zh or en\n" << usage_line << "\n";
    return usage;
  }
  if (!values.count("files")) {
    std::cerr << "planrules lint: no files given\n" << usage_line << "\n";
    return usage;
  }
  lint_options lint;
  lint.notes = values.count("no-notes") == 0;
  const auto load = load_options_from(values);
  std::vector<lint_result> results;
  for (const auto& path : values["files"].as<std::vector<std::string>>()) {
    results.push_back(lint_file(path, load, lint));
    // An unreadable file is a usage problem, not a finding about a plan.
    for (const auto& d : results.back().diagnostics)
      if (d.code == diagnostic_code::cannot_read_file && d.location.line == 0) {
        std::cerr << render(d);
        return usage;
      }
  }
  bool failed = false;
  for (const auto& r : results)
    failed = failed || !r.ok() || (values.count("strict") && r.count(severity::warning) > 0);
  if (format == "json") {
    std::vector<const lint_result*> pointers;
    for (const auto& r : results) pointers.push_back(&r);
    std::cout << lint_results_to_json(pointers);
  } else {
    for (const auto& r : results) std::cout << render(r.diagnostics);
    for (const auto& r : results) std::cout << summary(r, lang == "zh") << "\n";
  }
  return failed ? findings : success;
}

} // namespace planrules::cli
