// planrules on the benchmark workload through the public API, printing what the
// driver (run.py) compares with the peers: per rule, the outcomes met, not met, no
// data, insufficient data and any other status (none expected), and the outcomes
// flagged volatile; with the time and memory of each step.
//   planrules_bench_counts RULES DATA [--threads N]
// Statuses map one to one (docs/performance.md): met → met, not_met → not met,
// no_data → no data, insufficient_data → insufficient data (a trend with one value).
#include "memory.hpp"
#include "workload.hpp"

#include <planrules/planrules.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace {

using planrules_bench::status_kib;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const char* kind_of(const planrules::compiled_rule& r) {
  using planrules::rule_kind;
  if (r.kind == rule_kind::bound && r.deadline == 2025) return "bound_2025";
  if (r.kind == rule_kind::bound && r.deadline == 2030) return "bound_2030";
  if (r.kind == rule_kind::baseline_relative) return "baseline";
  if (r.kind == rule_kind::trend) return "decreasing";
  return "unexpected";
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: planrules_bench_counts RULES DATA [--threads N]\n";
    return 2;
  }
  unsigned threads = 1;
  for (int i = 3; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));

  const auto t0 = std::chrono::steady_clock::now();
  auto plan = planrules::load_plan(argv[1]);
  if (!plan) {
    std::cerr << planrules::render(plan.error().diagnostics) << plan.error().message << "\n";
    return 1;
  }
  auto compiled = planrules::compile(std::move(*plan));
  if (!compiled) return 1;
  const double check_s = seconds_since(t0);

  const long rss_before = status_kib("VmRSS:");
  const auto t1 = std::chrono::steady_clock::now();
  planrules::measurement_set_builder builder(compiled->plan().catalogue);
  auto report = planrules::load_csv(builder, argv[2]);
  if (!report || !report->diagnostics.empty()) {
    std::cerr << "planrules_bench_counts: the data did not load cleanly\n";
    return 1;
  }
  auto built = builder.finish();
  if (!built) return 1;
  const double load_s = seconds_since(t1);
  const long rss_after_load = status_kib("VmRSS:");
  const auto& set = built->set;

  planrules::evaluation_options options;
  options.as_of = planrules_bench::last_year;
  options.threads = threads;
  const auto t2 = std::chrono::steady_clock::now();
  const auto result = planrules::evaluate(*compiled, set, options);
  const double evaluate_s = seconds_since(t2);
  if (!result) {
    std::cerr << result.error().message << "\n";
    return 1;
  }

  const auto& rules = compiled->rules();
  const auto expected = planrules_bench::rules();
  struct tally {
    std::size_t met = 0, not_met = 0, no_data = 0, insufficient = 0, other = 0, flagged = 0;
  };
  std::vector<tally> per_rule(rules.size());
  for (const auto& o : result->outcomes()) {
    auto& t = per_rule[o.rule];
    switch (o.status) {
    case planrules::status::met: ++t.met; break;
    case planrules::status::not_met: ++t.not_met; break;
    case planrules::status::no_data: ++t.no_data; break;
    case planrules::status::insufficient_data: ++t.insufficient; break;
    default: ++t.other; break;
    }
    if (o.is(planrules::outcome::volatile_series)) ++t.flagged;
  }

  std::printf("{\"implementation\": \"planrules\", \"threads\": %u, \"check_s\": %.6f, \"load_s\": %.6f, \"evaluate_s\": %.6f,\n",
              threads, check_s, load_s, evaluate_s);
  std::printf(" \"values\": %zu, \"slots\": %zu, \"series\": %zu, \"memory_bytes\": %zu, \"rss_store_kib\": %ld, \"peak_rss_kib\": %ld,\n",
              set.value_count(), set.slot_count(), set.series_count(), set.memory_bytes(), rss_after_load - rss_before,
              status_kib("VmHWM:"));
  std::printf(" \"outcomes\": %zu, \"rules\": [\n", result->outcomes().size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& info = compiled->plan().catalogue[rules[i].indicator];
    const bool matches = i < expected.size() &&
                         info.id == planrules_bench::indicator_name(expected[i].indicator) &&
                         std::strcmp(kind_of(rules[i]), planrules_bench::kind_names[static_cast<int>(expected[i].kind)]) == 0;
    const auto& t = per_rule[i];
    std::printf("  {\"index\": %zu, \"id\": \"%s\", \"indicator\": \"%s\", \"kind\": \"%s\", \"matches_workload\": %s, "
                "\"met\": %zu, \"not_met\": %zu, \"no_data\": %zu, \"insufficient_data\": %zu, \"other\": %zu, \"volatile\": %zu}%s\n",
                i, compiled->plan().rules[rules[i].rule].id.c_str(), info.id.c_str(), kind_of(rules[i]),
                matches ? "true" : "false", t.met, t.not_met, t.no_data, t.insufficient, t.other, t.flagged,
                i + 1 < rules.size() ? "," : "");
  }
  std::printf("]}\n");
  return 0;
}
