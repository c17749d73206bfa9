// The hand-written program (limit.hpp) as a whole process: read the CSV, check the
// 160 rules in every region, print the counts as JSON; with -o, also write one CSV
// row per rule × region with the columns planrules' CSV report has, so that
// `planrules eval --format csv -o FILE` is timed against a program doing the same.
//   planrules_bench_limit DATA [-o REPORT.csv] [--no-volatility]
#include "limit.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using namespace planrules_bench;

void append_shortest(std::string& out, double v) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, v);
  out.append(text, r.ptr);
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// The report planrules writes, column for column (docs/json.md, report_csv.ipp).
void write_report(const limit::dense& d, const std::vector<rule>& rules, const std::vector<limit::result>& results,
                  std::FILE* out) {
  static constexpr const char* labels[] = {"达标", "未达标", "无数据", "数据不足"};
  std::fputs("rule_id,area,goal,tier,indicator,region,status,aspirational,year,actual,target,gap,unit,progress,"
             "projected,required_per_year,early,volatile,derived,bound_only,rule,source,indicator_name,region_path,"
             "deadline,target_text,status_label\r\n",
             out);
  // Per rule, the text before the region and the text after the status label's
  // neighbours, built once; per row only the region, status and numbers.
  std::vector<std::string> heads, tails;
  int number = 0, previous = -1;
  for (const auto& r : rules) {
    number = r.indicator == previous ? number + 1 : 1;
    previous = r.indicator;
    const auto ind = indicator_name(r.indicator);
    std::string text, target, deadline;
    switch (r.kind) {
    case rule_kind::bound_2025:
    case rule_kind::bound_2030:
      text = ind + "_" + std::to_string(r.year) + (r.at_most ? " <= " : " >= ") + number_text(r.target) + "%";
      target = number_text(r.target) + "%";
      deadline = std::to_string(r.year);
      break;
    case rule_kind::baseline:
      text = ind + "_2030 <= 0.8 * " + ind + "_2020";
      target = "0.8 * " + ind + "_2020";
      deadline = "2030";
      break;
    case rule_kind::decreasing:
      text = "\"decreasing(" + ind + ", 2021..2030)\"";
      deadline = "2030";
      break;
    }
    heads.push_back("health." + std::to_string(r.indicator + 1) + "." + std::to_string(number) + ",health," +
                    std::to_string(r.indicator + 1) + ",goal," + ind + ",");
    tails.push_back(",false,false," + text + "," + ind + "的目标,指标" + std::to_string(r.indicator) + ",");
    tails.back() += "\x1f" + deadline + "," + target + ","; // \x1f: where the region path goes
  }
  std::string line;
  for (const auto& o : results) {
    const auto& r = rules[o.rule];
    const auto& region = d.region_names[o.region];
    line.clear();
    line += heads[o.rule];
    line += region;
    line += ',';
    line += limit::status_names[static_cast<int>(o.state)];
    line += ",false,";
    if (o.year) {
      char year[8];
      line.append(year, std::to_chars(year, year + sizeof year, o.year).ptr);
    }
    line += ',';
    if (o.year) append_shortest(line, o.actual);
    line += ',';
    if (o.has_target) append_shortest(line, o.target);
    line += ',';
    if (o.year && o.has_target) append_shortest(line, o.actual - o.target);
    line += r.kind == rule_kind::decreasing ? ",pp,,,,false," : ",%,,,,false,";
    line += o.volatile_series ? "true" : "false";
    const auto& tail = tails[o.rule];
    const auto gap = tail.find('\x1f');
    line.append(tail, 0, gap);
    line += region;
    line += ',';
    line.append(tail, gap + 1);
    line += labels[static_cast<int>(o.state)];
    line += "\r\n";
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: planrules_bench_limit DATA [-o REPORT.csv] [--no-volatility]\n";
    return 2;
  }
  const char* output = nullptr;
  bool volatility = true;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "-o") && i + 1 < argc) output = argv[++i];
    else if (!std::strcmp(argv[i], "--no-volatility")) volatility = false;
  }
  const int fd = ::open(argv[1], O_RDONLY);
  struct stat info {};
  if (fd < 0 || ::fstat(fd, &info) != 0) {
    std::cerr << "planrules_bench_limit: cannot read " << argv[1] << "\n";
    return 1;
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) return 1;
  limit::dense d;
  if (!limit::load(std::string_view(static_cast<const char*>(map), size), d)) {
    std::cerr << "planrules_bench_limit: a row could not be read\n";
    return 1;
  }
  ::munmap(map, size);
  ::close(fd);

  const auto rules = planrules_bench::rules();
  std::vector<limit::result> results;
  std::vector<limit::rule_counts> counts;
  limit::evaluate(d, rules, results, counts, volatility);

  if (output) {
    std::FILE* out = std::fopen(output, "wb");
    if (!out) return 1;
    write_report(d, rules, results, out);
    if (std::fclose(out) != 0) return 1;
  }

  std::printf("{\"implementation\": \"hand-written C++\", \"rows\": %zu, \"regions\": %d, \"outcomes\": %zu, \"rules\": [\n",
              d.rows, d.regions, results.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& c = counts[i];
    std::printf("  {\"index\": %zu, \"indicator\": \"%s\", \"kind\": \"%s\", \"met\": %zu, \"not_met\": %zu, \"no_data\": %zu, "
                "\"insufficient_data\": %zu, \"other\": 0, \"volatile\": %zu}%s\n",
                i, indicator_name(rules[i].indicator).c_str(), kind_names[static_cast<int>(rules[i].kind)], c.n[0], c.n[1],
                c.n[2], c.n[3], volatility ? c.flagged : 0, i + 1 < rules.size() ? "," : "");
  }
  std::printf("]}\n");
  return 0;
}
