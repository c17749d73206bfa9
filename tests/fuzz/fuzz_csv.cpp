// CSV measurement data: load_csv_text into a builder, finish, and evaluate the
// national targets against whatever was kept. The input's length picks one of
// two option sets, so both the lenient and the strict paths are fuzzed.
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

using namespace planrules;

namespace {

const program& national_targets() {
  static const program compiled = [] {
    auto plan = load_plan(std::string(PLANRULES_SOURCE_DIR) + "/rules/cn/national_children_targets.rules");
    if (!plan) fuzzing::broken("the national targets do not load", plan.error().message);
    auto out = compile(std::move(*plan));
    if (!out) fuzzing::broken("the national targets do not compile", out.error().message);
    return std::move(*out);
  }();
  return compiled;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& compiled = national_targets();
  data_load_options options;
  finish_options finishing;
  if (size % 2 == 1) {
    options.bad_rows_fatal = true;
    options.create_regions = false;
    options.keep_text = false;
    options.max_diagnostics = 3;
    finishing.duplicates_fatal = true;
    finishing.max_diagnostics = 3;
  }
  measurement_set_builder builder{fuzzing::standard_catalogue()};
  if (size % 2 == 1) (void)builder.add_region("辽宁省", "", ast::region_level::province);
  const auto loaded = load_csv_text(builder, text, "fuzz.csv", options);
  const auto& diagnostics = loaded ? loaded->diagnostics : loaded.error().diagnostics;
  (void)render(diagnostics);
  fuzzing::valid_json("diagnostics_to_json", diagnostics_to_json(diagnostics, false));
  auto built = builder.finish(finishing);
  if (!built) return 0;
  (void)render(built->report.diagnostics);
  (void)built->set.memory_bytes();
  for (const auto& s : built->set.series()) {
    const auto view = built->set.view(s);
    for (const auto point : view) (void)view.qualifier(point.year);
    (void)built->set.regions().path(s.region);
  }
  const auto result = evaluate(compiled, built->set);
  if (!result) return 0;
  fuzzing::valid_json("render_json", render_json(*result));
  return 0;
}
