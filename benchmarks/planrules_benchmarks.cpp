// Google Benchmark suites on the generated workload (docs/performance.md):
// parsing and checking rules, loading CSV, evaluating (one thread and every core),
// the hand-written limit doing the same loads and checks, and the store's memory.
//   planrules_benchmarks --workdir=DIR [--benchmark_* flags]
// DIR holds plan.rules, data.csv and parse.rules (planrules_bench_generate).
#include "memory.hpp"
#include "limit.hpp"
#include "workload.hpp"

#include <planrules/planrules.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace {

using planrules_bench::status_kib;

std::filesystem::path workdir;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

std::size_t rules_in(const planrules::ast::file& f) {
  std::size_t n = f.rules.size();
  for (const auto& a : f.areas)
    for (const auto& g : a.goals) n += g.rules.size();
  return n;
}

/// The compiled plan and the loaded set, built once for the evaluation benchmarks.
struct loaded {
  planrules::program program;
  planrules::measurement_set set;
  planrules_bench::limit::dense dense;
};

const loaded& workload() {
  static const loaded w = [] {
    loaded out;
    auto plan = planrules::load_plan((workdir / "plan.rules").string());
    if (!plan) {
      std::cerr << planrules::render(plan.error().diagnostics) << plan.error().message << "\n";
      std::exit(1);
    }
    out.program = *planrules::compile(std::move(*plan));
    planrules::measurement_set_builder builder(out.program.plan().catalogue);
    if (!planrules::load_csv(builder, (workdir / "data.csv").string())) std::exit(1);
    out.set = builder.finish()->set;
    if (!planrules_bench::limit::load(slurp(workdir / "data.csv"), out.dense)) std::exit(1);
    return out;
  }();
  return w;
}

// Parsing: the syntax tree of a large rules file (source_file indexes the lines).
void parse(benchmark::State& state) {
  const auto path = workdir / "parse.rules";
  const auto text = slurp(path);
  std::size_t rules = 0;
  for (auto _ : state) {
    planrules::source_file source(path.string(), text);
    auto result = planrules::parse(source);
    if (!result.ok()) state.SkipWithError("parse.rules did not parse cleanly");
    rules = rules_in(result.file);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["rules_per_second"] =
      benchmark::Counter(static_cast<double>(rules), benchmark::Counter::kIsIterationInvariantRate);
}

// Parsing and checking (indicators, units, years, ids): what `planrules check` does.
void check(benchmark::State& state) {
  const auto path = workdir / "parse.rules";
  const auto text = slurp(path);
  std::size_t rules = 0;
  for (auto _ : state) {
    auto result = planrules::check_text(text, path.string());
    if (!result.ok()) state.SkipWithError("parse.rules did not check cleanly");
    rules = result.plan.rules.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["rules_per_second"] =
      benchmark::Counter(static_cast<double>(rules), benchmark::Counter::kIsIterationInvariantRate);
}

// Loading: load_csv (the file mapped and read) and finish() into a set.
void csv_load(benchmark::State& state) {
  const auto path = (workdir / "data.csv").string();
  const auto& program = workload().program;
  std::size_t values = 0;
  for (auto _ : state) {
    planrules::measurement_set_builder builder(program.plan().catalogue);
    auto report = planrules::load_csv(builder, path);
    auto built = builder.finish();
    if (!report || !built || !report->diagnostics.empty()) state.SkipWithError("data.csv did not load cleanly");
    values = built->set.value_count();
    benchmark::DoNotOptimize(built);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(path)));
  state.counters["values"] = static_cast<double>(values);
}

// The limit's reader: std::from_chars into dense arrays (the text already in memory).
void limit_csv_load(benchmark::State& state) {
  const auto text = slurp(workdir / "data.csv");
  for (auto _ : state) {
    planrules_bench::limit::dense d;
    if (!planrules_bench::limit::load(text, d)) state.SkipWithError("data.csv did not load");
    benchmark::DoNotOptimize(d.values.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// Evaluation as of 2030: every rule × region; Arg is evaluation_options::threads (0 = every core).
void evaluate(benchmark::State& state) {
  const auto& w = workload();
  planrules::evaluation_options options;
  options.as_of = planrules_bench::last_year;
  options.threads = static_cast<unsigned>(state.range(0));
  std::size_t outcomes = 0;
  for (auto _ : state) {
    auto result = planrules::evaluate(w.program, w.set, options);
    if (!result) state.SkipWithError("evaluation failed");
    outcomes = result->outcomes().size();
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * outcomes));
  state.counters["threads"] = options.threads ? options.threads : std::thread::hardware_concurrency();
}

// The limit: the same rule × region results over dense arrays, with the volatility
// flag (Arg 1) as planrules computes it, or the checks alone (Arg 0).
void limit_evaluate(benchmark::State& state) {
  const auto& w = workload();
  const auto rules = planrules_bench::rules();
  std::vector<planrules_bench::limit::result> results;
  std::vector<planrules_bench::limit::rule_counts> counts;
  for (auto _ : state) {
    planrules_bench::limit::evaluate(w.dense, rules, results, counts, state.range(0) != 0);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * results.size()));
}

// Memory of the store: memory_bytes() against the 8 bytes of each value, and the
// resident memory a fresh load adds (the CSV text is unmapped by then).
void store_memory(benchmark::State& state) {
  const auto path = (workdir / "data.csv").string();
  const auto& program = workload().program;
  for (auto _ : state) {
    const long before = status_kib("VmRSS:");
    planrules::measurement_set_builder builder(program.plan().catalogue);
    auto report = planrules::load_csv(builder, path);
    auto built = builder.finish();
    const long after = status_kib("VmRSS:");
    if (!report || !built) {
      state.SkipWithError("data.csv did not load");
      break;
    }
    const auto& set = built->set;
    const double value_bytes = 8.0 * static_cast<double>(set.value_count());
    state.counters["values"] = static_cast<double>(set.value_count());
    state.counters["memory_bytes"] = static_cast<double>(set.memory_bytes());
    state.counters["bytes_per_value"] = static_cast<double>(set.memory_bytes()) / static_cast<double>(set.value_count());
    state.counters["x_value_bytes"] = static_cast<double>(set.memory_bytes()) / value_bytes;
    state.counters["rss_added_bytes"] = static_cast<double>(after - before) * 1024.0;
  }
}

} // namespace

BENCHMARK(parse)->Unit(benchmark::kMillisecond);
BENCHMARK(check)->Unit(benchmark::kMillisecond);
BENCHMARK(csv_load)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(limit_csv_load)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(evaluate)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(limit_evaluate)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(store_memory)->Iterations(1)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && std::strncmp(argv[i], "--workdir=", 10) == 0) workdir = argv[i] + 10;
    else rest.push_back(argv[i]);
  }
  if (workdir.empty()) {
    std::cerr << "usage: planrules_benchmarks --workdir=DIR [--benchmark_* flags]\n";
    return 2;
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::AddCustomContext("workdir", workdir.string());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
