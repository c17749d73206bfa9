#ifndef PLANRULES_TESTS_FUZZ_SUPPORT_HPP
#define PLANRULES_TESTS_FUZZ_SUPPORT_HPP

// What the libFuzzer targets share: the standard catalogue, a measurement set
// to evaluate against, and a way to stop on a broken invariant (abort, so the
// fuzzer keeps the input as a crash).

#include <planrules/planrules.hpp>

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#ifndef PLANRULES_SOURCE_DIR
#  error "define PLANRULES_SOURCE_DIR"
#endif

namespace planrules::fuzzing {

/// Stops the run: the fuzzer saves the input that got here.
[[noreturn]] inline void broken(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "invariant broken: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

/// JSON the library writes must be JSON: UTF-8, no bare NaN or infinity.
inline void valid_json(std::string_view what, const std::string& json) {
  boost::system::error_code ec;
  (void)boost::json::parse(json, ec);
  if (ec) broken(what, ec.message() + "\n" + json.substr(0, 4000));
}

/// The catalogue compiled into the library, parsed once.
inline const std::shared_ptr<const catalogue>& standard_catalogue() {
  static const std::shared_ptr<const catalogue> indicators = [] {
    const auto& source = standard_catalogue_source();
    const auto parsed = parse(source);
    if (!parsed.ok()) broken("the standard catalogue does not parse", render(parsed.diagnostics));
    auto out = std::make_shared<catalogue>();
    diagnostic_list diagnostics;
    for (const auto& declared : parsed.file.indicators) out->add(declared, source, diagnostics);
    return std::shared_ptr<const catalogue>(std::move(out));
  }();
  return indicators;
}

/// The national statistics and the illustrative Xigang data in one set.
inline const measurement_set& sample_data() {
  static const measurement_set set = [] {
    measurement_set_builder builder(standard_catalogue());
    for (const char* file : {"data/illustrative/xigang_regions.csv", "data/illustrative/xigang_children_illustrative.csv",
                             "data/cn/cn_national_children_statistics.csv"}) {
      const auto loaded = load_csv(builder, std::string(PLANRULES_SOURCE_DIR) + "/" + file);
      if (!loaded) broken("sample data does not load", loaded.error().message);
    }
    auto built = builder.finish();
    if (!built) broken("sample data does not build", built.error().message);
    return built->set;
  }();
  return set;
}

/// Everything downstream of a clean checked plan: lint, compile, evaluate and
/// the reports (which explain every outcome). Nothing may throw or crash.
inline void evaluate_everything(const checked_plan& plan, const measurement_set& data) {
  valid_json("plan_to_json", plan_to_json(plan, false));
  (void)lint(plan);
  auto compiled = compile(plan);
  if (!compiled) return;
  evaluation_options options;
  options.threads = 1;
  const auto result = evaluate(*compiled, data, options);
  if (!result) return;
  // The reports explain every outcome; CSV is a subset of JSON.
  for (const auto format : {report_format::text, report_format::html}) (void)render_report(*result, format);
  valid_json("render_json", render_json(*result));
}

} // namespace planrules::fuzzing

#endif
