// Concurrency: one compiled plan shared by many threads, each evaluating its own
// measurement set, gives exactly the outcomes of serial runs. scripts/sanitize.sh
// runs this suite under ThreadSanitizer (the planrules_concurrency_tests target).
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace planrules;
using planrules::testing::source_path;

namespace {

constexpr std::size_t set_count = 24;
constexpr std::size_t thread_count = 8;

std::string read_text(const std::string& path) {
  auto text = read_file(path, std::size_t(1) << 26);
  BOOST_TEST_REQUIRE(text.has_value(), path);
  return std::move(*text);
}

/// Set `n`: the Xigang illustrative data with every value scaled by its own
/// factor and every (n % 5 + 2)-th row left out, so the sets give different outcomes.
measurement_set make_set(const checked_plan& plan, const std::string& regions, const std::string& values,
                         std::size_t n) {
  measurement_set_builder builder(plan.catalogue);
  BOOST_TEST_REQUIRE(load_csv_text(builder, regions, "regions.csv").has_value());
  std::istringstream in(values);
  std::string line;
  std::string csv;
  std::getline(in, line);
  csv += line + "\n";
  const double factor = 0.7 + 0.05 * static_cast<double>(n);
  for (std::size_t row = 0; std::getline(in, line); ++row) {
    if (row % (n % 5 + 2) == n % 3) continue;
    // indicator,region,year,value,unit,qualifier,source
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
      cells.push_back(line.substr(start, comma - start));
    cells.push_back(line.substr(start));
    BOOST_TEST_REQUIRE(cells.size() == 7u, line);
    if (!cells[3].empty()) {
      std::ostringstream scaled;
      scaled.precision(17);
      scaled << std::stod(cells[3]) * factor;
      cells[3] = scaled.str();
    }
    for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + cells[i];
    csv += "\n";
  }
  const auto loaded = load_csv_text(builder, csv, "set" + std::to_string(n) + ".csv");
  BOOST_TEST_REQUIRE(loaded.has_value());
  auto built = builder.finish();
  BOOST_TEST_REQUIRE(built.has_value());
  return std::move(built->set);
}

/// Two outcomes are the same when every field is (NaN equal to NaN).
bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool same(const outcome& a, const outcome& b) {
  return a.rule == b.rule && a.region == b.region && a.status == b.status && a.progress == b.progress &&
         a.flags == b.flags && a.year == b.year && same_number(a.actual, b.actual) &&
         same_number(a.target, b.target) && same_number(a.projected, b.projected) &&
         same_number(a.required, b.required);
}

struct shared_plan {
  program compiled;
  std::vector<measurement_set> sets;

  shared_plan() {
    auto plan = load_plan(source_path("rules/cn/xigang_children_2021_2030.rules"));
    BOOST_TEST_REQUIRE(plan.has_value());
    auto out = compile(std::move(*plan));
    BOOST_TEST_REQUIRE(out.has_value());
    compiled = std::move(*out);
    const auto regions = read_text(source_path("data/illustrative/xigang_regions.csv"));
    const auto values = read_text(source_path("data/illustrative/xigang_children_illustrative.csv"));
    for (std::size_t n = 0; n < set_count; ++n) sets.push_back(make_set(compiled.plan(), regions, values, n));
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_AUTO_TEST_CASE(one_program_from_eight_threads_gives_the_serial_outcomes) {
  const shared_plan f;
  evaluation_options options;
  options.as_of = 2024;

  std::vector<std::vector<outcome>> serial;
  std::vector<std::string> serial_reports;
  for (const auto& set : f.sets) {
    const auto result = evaluate(f.compiled, set, options);
    BOOST_TEST_REQUIRE(result.has_value());
    serial.push_back(result->outcomes());
    serial_reports.push_back(render_json(*result));
  }
  // The sets differ, so a thread reading another thread's set would show.
  std::size_t distinct = 0;
  for (std::size_t n = 1; n < serial.size(); ++n)
    if (serial_reports[n] != serial_reports[0]) ++distinct;
  BOOST_TEST(distinct > set_count / 2);

  // Every thread evaluates every set, starting at a different one, sharing the one program.
  std::vector<std::vector<std::vector<outcome>>> parallel(thread_count, std::vector<std::vector<outcome>>(set_count));
  std::vector<std::vector<std::string>> parallel_reports(thread_count, std::vector<std::string>(set_count));
  std::vector<std::string> failures(thread_count);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t k = 0; k < set_count; ++k) {
        const auto n = (t * 3 + k) % set_count;
        const auto result = evaluate(f.compiled, f.sets[n], options);
        if (!result) {
          failures[t] = result.error().message;
          return;
        }
        parallel[t][n] = result->outcomes();
        parallel_reports[t][n] = render_json(*result);
      }
    });
  for (auto& thread : threads) thread.join();

  for (std::size_t t = 0; t < thread_count; ++t) {
    BOOST_TEST(failures[t].empty(), "thread " << t << ": " << failures[t]);
    for (std::size_t n = 0; n < set_count; ++n) {
      BOOST_TEST_CONTEXT("thread " << t << ", set " << n) {
        BOOST_TEST_REQUIRE(parallel[t][n].size() == serial[n].size());
        for (std::size_t i = 0; i < serial[n].size(); ++i)
          BOOST_TEST(same(parallel[t][n][i], serial[n][i]), "outcome " << i);
        BOOST_TEST(parallel_reports[t][n] == serial_reports[n]);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(one_evaluation_on_eight_worker_threads_gives_the_serial_outcomes) {
  const shared_plan f;
  evaluation_options serial_options;
  serial_options.as_of = 2024;
  evaluation_options parallel_options = serial_options;
  parallel_options.threads = thread_count;
  for (std::size_t n = 0; n < 4; ++n) {
    const auto serial = evaluate(f.compiled, f.sets[n], serial_options);
    const auto parallel = evaluate(f.compiled, f.sets[n], parallel_options);
    BOOST_TEST_REQUIRE(serial.has_value());
    BOOST_TEST_REQUIRE(parallel.has_value());
    BOOST_TEST_REQUIRE(parallel->outcomes().size() == serial->outcomes().size());
    for (std::size_t i = 0; i < serial->outcomes().size(); ++i)
      BOOST_TEST(same(parallel->outcomes()[i], serial->outcomes()[i]), "set " << n << ", outcome " << i);
  }
}

BOOST_AUTO_TEST_CASE(explanations_and_reports_from_many_threads_agree) {
  // One evaluation shared by the threads: each explains every outcome and renders the report.
  const shared_plan f;
  evaluation_options options;
  options.as_of = 2024;
  const auto result = evaluate(f.compiled, f.sets[1], options);
  BOOST_TEST_REQUIRE(result.has_value());
  const auto expected_text = render_text(*result);
  std::vector<std::string> texts(thread_count);
  std::vector<std::size_t> notes(thread_count);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      const explainer why(*result);
      for (const auto& o : result->outcomes()) notes[t] += why.explain(o).notes.size();
      texts[t] = render_text(*result);
    });
  for (auto& thread : threads) thread.join();
  for (std::size_t t = 0; t < thread_count; ++t) {
    BOOST_TEST(texts[t] == expected_text);
    BOOST_TEST(notes[t] == notes[0]);
  }
  BOOST_TEST(notes[0] > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
