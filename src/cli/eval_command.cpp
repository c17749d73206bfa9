#include "cli.hpp"

#include <filesystem>
#include <fstream>

namespace planrules::cli {

namespace {

bool is_sqlite(const std::string& path) {
  const auto extension = std::filesystem::path(path).extension().string();
  return extension == ".db" || extension == ".sqlite" || extension == ".sqlite3";
}

// Loads every data file into one set resolved against the plan's catalogue;
// bad rows are printed and kept out, valid rows are kept.
expected<measurement_set, error> load_data(const program& compiled, const std::vector<std::string>& files,
                                           const std::string& table, bool strict, bool& had_errors) {
  measurement_set_builder builder(compiled.plan().catalogue);
  data_load_options options;
  options.bad_rows_fatal = strict;
  for (const auto& file : files) {
    auto report = is_sqlite(file) ? load_sqlite_table(builder, file, table, options) : load_csv(builder, file, options);
    if (!report) return unexpected(report.error());
    had_errors = had_errors || has_errors(report->diagnostics);
    std::cerr << render(report->diagnostics);
  }
  finish_options finish;
  finish.duplicates_fatal = strict;
  auto built = builder.finish(finish);
  if (!built) return unexpected(built.error());
  had_errors = had_errors || has_errors(built->report.diagnostics);
  std::cerr << render(built->report.diagnostics);
  return std::move(built->set);
}

} // namespace

int eval_command(const std::vector<std::string>& args) {
  po::options_description options("planrules eval");
  options.add_options()
      ("help,h", "describe the options")
      ("as-of", po::value<int>(), "evaluate as of this year (default: the latest year with data)")
      ("release", po::value<std::string>(), "ignore values from releases after this one")
      ("region", po::value<std::vector<std::string>>()->composing(), "evaluate this region and the regions below it (repeatable)")
      ("format,f", po::value<std::string>()->default_value("text"), "text, json, csv or html")
      ("lang", po::value<std::string>()->default_value("zh"), "labels: zh or en")
      ("output,o", po::value<std::string>(), "write the report here instead of standard output")
      ("brief", "leave the explanations out")
      ("table", po::value<std::string>()->default_value("measurements"), "table to read from SQLite files")
      ("strict-data", "any bad data row is an error (nothing of that file is used)")
      ("compare-with", po::value<std::vector<std::string>>()->multitoken(),
       "data of an earlier release: print what changed between the two evaluations")
      ("threads", po::value<unsigned>()->default_value(1), "worker threads (0: every core)")
      ("fail-on-not-met", "exit 1 when a binding rule is not met")
      ("inputs", po::value<std::vector<std::string>>(), "RULES DATA...");
  options.add(catalogue_options());
  po::variables_map values;
  const char* usage_line = "usage: planrules eval RULES DATA... [--as-of YEAR] [--region R] [--format text|json|csv|html]";
  if (!parse_arguments(args, options, "inputs", values, usage_line)) return values.count("help") ? success : usage;
  const auto inputs = values.count("inputs") ? values["inputs"].as<std::vector<std::string>>() : std::vector<std::string>();
  if (inputs.size() < 2) {
    std::cerr << "planrules eval: give a rules file and at least one data file\n" << usage_line << "\n";
    return usage;
  }
  report_format format{};
  if (!report_format_from_name(values["format"].as<std::string>(), format)) {
    std::cerr << "planrules eval: unknown format '" << values["format"].as<std::string>() << "'\n";
    return usage;
  }
  report_options report;
  report.language = values["lang"].as<std::string>() == "en" ? label_language::en : label_language::zh;
  report.explanations = values.count("brief") == 0;

  auto checked = check_file(inputs[0], load_options_from(values));
  std::cerr << render(checked.diagnostics);
  if (!checked.ok()) return findings;
  auto compiled = compile(std::move(checked.plan));
  if (!compiled) {
    std::cerr << "planrules eval: " << compiled.error().message << "\n";
    return usage;
  }
  const bool strict = values.count("strict-data") > 0;
  bool data_errors = false;
  const std::vector<std::string> data_files(inputs.begin() + 1, inputs.end());
  auto data = load_data(*compiled, data_files, values["table"].as<std::string>(), strict, data_errors);
  if (!data) {
    std::cerr << render(data.error().diagnostics) << "planrules eval: " << data.error().message << "\n";
    return data.error().code == errc::invalid_input ? findings : usage;
  }

  evaluation_options evaluate_options;
  if (values.count("as-of")) evaluate_options.as_of = values["as-of"].as<int>();
  if (values.count("release")) evaluate_options.as_of_release = values["release"].as<std::string>();
  if (values.count("region")) evaluate_options.regions = values["region"].as<std::vector<std::string>>();
  evaluate_options.threads = values["threads"].as<unsigned>();
  const auto result = evaluate(*compiled, *data, evaluate_options);
  if (!result) {
    std::cerr << "planrules eval: " << result.error().message << "\n";
    return usage;
  }

  std::string text;
  if (values.count("compare-with")) {
    bool earlier_errors = false;
    auto earlier_data =
        load_data(*compiled, values["compare-with"].as<std::vector<std::string>>(), values["table"].as<std::string>(),
                  strict, earlier_errors);
    if (!earlier_data) {
      std::cerr << "planrules eval: " << earlier_data.error().message << "\n";
      return usage;
    }
    const auto earlier = evaluate(*compiled, *earlier_data, evaluate_options);
    if (!earlier) {
      std::cerr << "planrules eval: " << earlier.error().message << "\n";
      return usage;
    }
    text = render_changes(changes_between(*earlier, *result), format, report);
  } else {
    text = render_report(*result, format, report);
  }
  if (values.count("output")) {
    std::ofstream out(values["output"].as<std::string>(), std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << "planrules eval: cannot write " << values["output"].as<std::string>() << "\n";
      return usage;
    }
  } else {
    std::cout << text;
  }
  if (values.count("fail-on-not-met") && result->counts().count(status::not_met) > 0) return findings;
  return (strict && data_errors) ? findings : success;
}

} // namespace planrules::cli
