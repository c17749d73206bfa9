// Evaluates a plan against data files through the C++ API and prints one line
// per outcome: rule_id,region_path,status,year,actual,target (numbers %.17g,
// empty when there is none) — the canonical form the embed test compares with
// the C program and the Python script.
//
//   evaluate_xigang_cpp RULES DATA...
#include <planrules/planrules.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#if defined(PLANRULES_CONSUMER_SECOND_UNIT)
std::string second_unit_summary(const planrules::evaluation& result); // header_only_second.cpp
#endif

namespace {

std::string number(bool present, double value) {
  if (!present) return {};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: evaluate_xigang_cpp RULES DATA...\n";
    return 2;
  }
  auto plan = planrules::load_plan(argv[1]);
  if (!plan) {
    std::cerr << plan.error().message << "\n" << planrules::render(plan.error().diagnostics);
    return 1;
  }
  auto program = planrules::compile(std::move(*plan));
  if (!program) {
    std::cerr << program.error().message << "\n";
    return 1;
  }
  planrules::measurement_set_builder builder(program->plan().catalogue);
  for (int i = 2; i < argc; ++i) {
    auto loaded = planrules::load_csv(builder, argv[i]);
    if (!loaded) {
      std::cerr << loaded.error().message << "\n";
      return 1;
    }
  }
  auto data = builder.finish();
  if (!data) {
    std::cerr << data.error().message << "\n";
    return 1;
  }
  auto result = planrules::evaluate(*program, data->set);
  if (!result) {
    std::cerr << result.error().message << "\n";
    return 1;
  }
  const auto& regions = result->data().regions();
  for (const auto& o : result->outcomes()) {
    std::cout << result->rule_of(o).id << ',' << regions.path(o.region) << ',' << planrules::to_string(o.status) << ','
              << (o.year ? std::to_string(o.year) : std::string()) << ',' << number(o.year != 0, o.actual) << ','
              << number(o.is(planrules::outcome::has_target), o.target) << '\n';
  }
#if defined(PLANRULES_CONSUMER_SECOND_UNIT)
  std::cerr << second_unit_summary(*result) << "\n";
#endif
  return 0;
}
