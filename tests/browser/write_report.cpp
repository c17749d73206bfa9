// Writes the report of a plan evaluated against a CSV file, for the browser test
// (render_html.sh): write_report RULES DATA AS_OF FORMAT LANGUAGE OUTPUT.
#include <planrules/planrules.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  using namespace planrules;
  if (argc != 7) {
    std::cerr << "usage: write_report RULES DATA AS_OF text|json|csv|html zh|en OUTPUT\n";
    return 2;
  }
  auto plan = load_plan(argv[1]);
  if (!plan) {
    std::cerr << render(plan.error().diagnostics);
    return 1;
  }
  auto compiled = compile(std::move(*plan));
  if (!compiled) {
    std::cerr << compiled.error().message << "\n";
    return 1;
  }
  auto data = load_csv(argv[2], compiled->plan().catalogue);
  if (!data) {
    std::cerr << data.error().message << "\n";
    return 1;
  }
  evaluation_options options;
  options.as_of = std::atoi(argv[3]);
  auto result = evaluate(*compiled, data->set, options);
  if (!result) {
    std::cerr << result.error().message << "\n";
    return 1;
  }
  report_format format{};
  if (!report_format_from_name(argv[4], format)) {
    std::cerr << "unknown format " << argv[4] << "\n";
    return 2;
  }
  report_options report;
  report.language = std::string(argv[5]) == "en" ? label_language::en : label_language::zh;
  const auto text = render_report(*result, format, report);
  std::ofstream out(argv[6], std::ios::binary);
  out << text;
  return out && !text.empty() ? 0 : 1;
}
