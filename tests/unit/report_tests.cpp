// Reports (SPEC §6): the terminal table lines up under CJK text, the JSON schema
// keeps its keys, the CSV reads back, the HTML page is self-contained and
// well-formed, English labels on request, the changes between two evaluations.
#include "support.hpp"

#include <planrules/detail/unicode.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace planrules;
using planrules::testing::shared_path;
using planrules::testing::source_path;

namespace {

/// A plan file evaluated against a CSV file.
struct evaluated {
  program compiled;
  measurement_set data;
  evaluation result;
};

evaluated evaluate_files(const std::string& plan_path, const std::string& data_path, int as_of) {
  auto plan = load_plan(plan_path);
  BOOST_TEST_REQUIRE(plan.has_value());
  auto compiled = compile(std::move(*plan));
  BOOST_TEST_REQUIRE(compiled.has_value());
  auto loaded = load_csv(data_path, compiled->plan().catalogue);
  BOOST_TEST_REQUIRE(loaded.has_value());
  evaluation_options options;
  options.as_of = as_of;
  auto result = evaluate(*compiled, loaded->set, options);
  BOOST_TEST_REQUIRE(result.has_value());
  return {std::move(*compiled), std::move(loaded->set), std::move(*result)};
}

/// The national targets against the national statistics, as of 2024.
const evaluation& national() {
  static const evaluated e = evaluate_files(source_path("rules/cn/national_children_targets.rules"),
                                            shared_path("data/cn_national_children_statistics.csv"), 2024);
  return e.result;
}

/// A city with districts and streets and a rule of every kind (tests/data/report_city.*).
const evaluation& city(int as_of = 2024) {
  static std::map<int, evaluated> cache;
  auto it = cache.find(as_of);
  if (it == cache.end())
    it = cache.emplace(as_of, evaluate_files(source_path("tests/data/report_city.rules"),
                                             source_path("tests/data/report_city.csv"), as_of))
             .first;
  return it->second.result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Every table of a terminal report: a header line, a line of dashes, rows up
/// to the next blank line; note lines ("    · …") are not rows.
std::vector<std::vector<std::string>> tables_of(const std::string& text) {
  const auto lines = lines_of(text);
  std::vector<std::vector<std::string>> tables;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& rule = lines[i];
    if (rule.find("--") == std::string::npos || rule.find_first_not_of("- ") != std::string::npos) continue;
    std::vector<std::string> table{lines[i - 1], rule};
    for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j)
      if (lines[j].find("    · ") == std::string::npos) table.push_back(lines[j]);
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string strip_ansi(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

void check_alignment(const std::string& text, std::size_t at_least) {
  const auto tables = tables_of(text);
  BOOST_TEST(tables.size() >= at_least);
  for (const auto& table : tables) {
    const auto width = detail::unicode::display_width(table[1]);
    for (const auto& line : table)
      BOOST_TEST(detail::unicode::display_width(line) == width, "misaligned: '" << line << "'");
  }
}

/// Keys of every object, by path ("outcomes[].explanation"), over the whole document.
void collect_keys(const boost::json::value& v, const std::string& path, std::map<std::string, std::set<std::string>>& out) {
  if (v.is_object()) {
    auto& keys = out[path];
    for (const auto& [k, child] : v.as_object()) {
      keys.insert(std::string(k));
      collect_keys(child, path.empty() ? std::string(k) : path + "." + std::string(k), out);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_keys(child, path + "[]", out);
  }
}

const boost::json::object* find_outcome(const boost::json::value& doc, std::string_view rule, std::string_view region) {
  for (const auto& o : doc.at("outcomes").as_array())
    if (o.at("rule").as_string() == rule && o.at("region").as_string() == region) return &o.as_object();
  return nullptr;
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      field += c;
      any = true;
    }
  }
  if (any && (!field.empty() || !row.empty())) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Start and end tags balance (void elements and self-closing SVG tags aside);
/// style contents are skipped. Returns the first problem, or "".
std::string tag_problem(const std::string& html) {
  static const std::set<std::string> void_elements{"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base", "source"};
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i);
      if (i == std::string::npos) return "unclosed comment";
      continue;
    }
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i);
      continue;
    }
    const auto end = html.find('>', i);
    if (end == std::string::npos) return "unclosed tag at " + std::to_string(i);
    std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    const bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    const bool self_closing = !tag.empty() && tag.back() == '/';
    const auto name = tag.substr(0, tag.find_first_of(" \t\n/"));
    if (name.empty()) return "empty tag name";
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes <" + (open.empty() ? std::string() : open.back()) + ">";
      open.pop_back();
    } else if (!self_closing && !void_elements.count(name)) {
      open.push_back(name);
      if (name == "style") {
        const auto close = html.find("</style>", i);
        if (close == std::string::npos) return "unclosed style";
        i = close;
      }
    }
  }
  return open.empty() ? std::string() : "<" + open.back() + "> never closed";
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto i = text.find(what); i != std::string::npos; i = text.find(what, i + what.size())) ++n;
  return n;
}

/// The report's own count of series with two values or more, for the trend charts.
std::size_t series_with_two_values(const evaluation& result) {
  std::set<std::tuple<std::size_t, std::string, region_id>> seen;
  std::size_t n = 0;
  for (const auto& o : result.outcomes()) {
    const auto& rule = result.program().rules()[o.rule];
    if (rule.indicator == catalogue::npos || rule.quantifier || rule.kind == rule_kind::general) continue;
    if (!seen.insert({rule.indicator, rule.slice, o.region}).second) continue;
    std::set<int> years;
    for (const auto& v : explain(result, o).values) years.insert(v.year);
    const auto& info = result.program().plan().catalogue[rule.indicator];
    for (const auto p : result.data().find(info.id, result.data().regions().path(o.region)))
      if (p.year <= result.as_of()) years.insert(p.year);
    if (years.size() >= 2) ++n;
  }
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(format_and_progress_names) {
  for (const auto f : {report_format::text, report_format::json, report_format::csv, report_format::html}) {
    report_format back = report_format::text;
    BOOST_TEST(report_format_from_name(to_string(f), back));
    BOOST_TEST((back == f));
  }
  report_format unchanged = report_format::csv;
  BOOST_TEST(!report_format_from_name("pdf", unchanged));
  BOOST_TEST((unchanged == report_format::csv));
  using progress::progress_class;
  BOOST_TEST(chinese_name(progress_class::achieved) == "已实现");
  BOOST_TEST(chinese_name(progress_class::on_track) == "进展顺利");
  BOOST_TEST(chinese_name(progress_class::needs_acceleration) == "需加快");
  BOOST_TEST(chinese_name(progress_class::limited_progress) == "进展有限");
  BOOST_TEST(chinese_name(progress_class::moving_away) == "背离目标");
  BOOST_TEST(chinese_name(progress_class::insufficient_data) == "数据不足");
  BOOST_TEST(chinese_name(progress_class::not_assessable) == "无法评估");
}

BOOST_AUTO_TEST_CASE(text_tables_align_under_cjk) {
  for (const auto* result : {&national(), &city()}) {
    for (const auto language : {label_language::zh, label_language::en}) {
      report_options options;
      options.language = language;
      const auto text = render_text(*result, options);
      BOOST_TEST_CONTEXT(text) {
        // An area table, the summary and the warnings at least.
        check_alignment(text, 3);
        options.explanations = false;
        check_alignment(render_text(*result, options), 3);
        // Colours change no width.
        options.color = true;
        const auto coloured = render_text(*result, options);
        BOOST_TEST(coloured.find("\x1b[") != std::string::npos);
        options.color = false;
        BOOST_TEST(strip_ansi(coloured) == render_text(*result, options));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(text_report_shows_header_areas_rollups_and_warnings) {
  const auto text = render_text(city());
  BOOST_TEST(text.find("测试市儿童发展规划（2021—2030年）") == 0u);
  BOOST_TEST(text.find("截至：2024年") != std::string::npos);
  BOOST_TEST(text.find("数据来源：6") != std::string::npos);
  for (const auto* heading : {"【健康】儿童与健康", "【安全】", "【教育】", "【福利】", "汇总", "各地区", "预警"})
    BOOST_TEST(text.find(heading) != std::string::npos, heading);
  // Values used: lower and upper bounds, roll-ups; marks; progress classes.
  BOOST_TEST(text.find("≥97% (2023)") != std::string::npos);
  BOOST_TEST(text.find("≤1.8‰ (2024)") != std::string::npos);
  BOOST_TEST(text.find("Σ3名 (2024)") != std::string::npos);
  for (const auto* word : {"力争", "波动较大", "提前达标", "背离目标", "进展有限", "需加快", "预计达标困难", "不可测量"})
    BOOST_TEST(text.find(word) != std::string::npos, word);
  // The qualitative goal is listed with its reason, once.
  BOOST_TEST(count(text, "上升趋势得到有效控制: no measurable target") == 1u);
  // Explanations: the values behind a verdict and their source.
  BOOST_TEST(text.find("数据：2020 6‰，2021 5.9‰") != std::string::npos);
  BOOST_TEST(text.find("    · 来源：测试市卫生健康委") != std::string::npos);
  report_options terse;
  terse.explanations = false;
  BOOST_TEST(render_text(city(), terse).find("    · ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_key_set_is_stable) {
  // The schema of "planrules.evaluation/1" (docs/json.md): the keys of every
  // object, whatever the values. A change here is a change of the schema.
  const std::map<std::string, std::string> golden{
      {"", "as_of data generator language outcomes plan regions rollups schema title warnings"},
      {"data", "series sources values"},
      {"generator", "name version"},
      {"outcomes[]", "actual area area_name aspirational bound bound_only deadline derived early explanation gap goal indicator "
                     "indicator_english indicator_name indicator_unit kind operator progress progress_label projected reason "
                     "region region_path required_per_year rule rule_text slice source status status_label target "
                     "target_label target_text tier unit volatile year"},
      {"outcomes[].explanation", "actual baseline change gap growth growth_ratio notes notes_zh projection required sub_regions target "
                                 "values volatility"},
      {"outcomes[].explanation.baseline", "value year"},
      {"outcomes[].explanation.growth_ratio", "base_value base_year cagr_observed cagr_required class issue latest_value "
                                              "latest_year points ratio reason score target_value target_year zero_replaced"},
      {"outcomes[].explanation.projection", "base_value base_year cagr class issue latest_value latest_year moving_away points "
                                            "projected ratio reason target_value target_year zero_replaced"},
      {"outcomes[].explanation.required", "already_met issue latest_value latest_year model observed_per_year observed_rate "
                                          "per_year projected projected_meets rate_per_year reason target_value target_year "
                                          "years_left"},
      {"outcomes[].explanation.sub_regions", "judged met"},
      {"outcomes[].explanation.values[]", "derived qualifier source value year"},
      {"outcomes[].explanation.volatility", "changes dispersion flagged mean_change mean_level points reversals sd_change"},
      {"plan", "baseline english id level name parent path period region rules"},
      {"plan.period", "first last"},
      {"regions[]", "level name parent path"},
      {"rollups", "areas plan regions"},
      {"rollups.areas[]", "area aspirational binding binding_total judged met name share_met"},
      {"rollups.areas[].aspirational", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"rollups.areas[].binding", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"rollups.plan", "aspirational binding binding_total judged met share_met"},
      {"rollups.plan.aspirational", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"rollups.plan.binding", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"rollups.regions[]", "aspirational binding binding_total judged met path region share_met"},
      {"rollups.regions[].aspirational", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"rollups.regions[].binding", "error insufficient_data met no_data not_measurable not_met not_yet_due"},
      {"warnings[]", "actual deadline indicator indicator_name message progress projected region required_per_year rule "
                     "status target type unit year"},
  };
  const auto doc = boost::json::parse(render_json(city()));
  std::map<std::string, std::set<std::string>> keys;
  collect_keys(doc, "", keys);
  std::map<std::string, std::string> found;
  for (const auto& [path, names] : keys) {
    std::string joined;
    for (const auto& n : names) joined += (joined.empty() ? "" : " ") + n;
    found[path] = joined;
  }
  BOOST_TEST(found.size() == golden.size());
  for (const auto& [path, names] : golden) {
    BOOST_TEST_CONTEXT("object " << (path.empty() ? "(root)" : path)) {
      BOOST_TEST_REQUIRE(found.count(path) == 1u);
      BOOST_TEST(found.at(path) == names);
    }
  }
  // Every outcome carries every key, even when explanations are left out.
  report_options terse;
  terse.explanations = false;
  const auto short_doc = boost::json::parse(render_json(city(), terse));
  std::istringstream outcome_keys(golden.at("outcomes[]"));
  const auto outcome_key_count = static_cast<std::size_t>(
      std::distance(std::istream_iterator<std::string>(outcome_keys), std::istream_iterator<std::string>()));
  for (const auto& o : short_doc.at("outcomes").as_array()) {
    BOOST_TEST(o.as_object().size() == outcome_key_count);
    BOOST_TEST(o.at("explanation").is_null());
  }
}

BOOST_AUTO_TEST_CASE(json_values_for_the_national_data) {
  const auto& result = national();
  const auto doc = boost::json::parse(render_json(result));
  BOOST_TEST(doc.at("schema").as_string() == "planrules.evaluation/1");
  BOOST_TEST(doc.at("as_of").as_int64() == 2024);
  BOOST_TEST(doc.at("plan").at("id").as_string() == "national_children_targets");
  BOOST_TEST(doc.at("regions").as_array().size() == 1u);
  BOOST_TEST(doc.at("regions").at(0).at("name").as_string() == "全国");
  BOOST_TEST(doc.at("outcomes").as_array().size() == result.outcomes().size());

  // 新生儿死亡率 2025 ≤ 3.1‰: 2.5‰ in 2024, met before its deadline.
  const auto* neonatal = find_outcome(doc, "health.1.1", "全国");
  BOOST_TEST_REQUIRE(neonatal != nullptr);
  BOOST_TEST(neonatal->at("status").as_string() == "met");
  BOOST_TEST(neonatal->at("status_label").as_string() == "达标");
  BOOST_TEST(neonatal->at("actual").to_number<double>() == 2.5);
  BOOST_TEST(neonatal->at("target").to_number<double>() == 3.1);
  BOOST_TEST(neonatal->at("year").as_int64() == 2024);
  BOOST_TEST(neonatal->at("deadline").as_int64() == 2025);
  BOOST_TEST(neonatal->at("early").as_bool());
  BOOST_TEST(neonatal->at("progress").as_string() == "achieved");
  BOOST_TEST(neonatal->at("unit").as_string() == "‰");
  BOOST_TEST(neonatal->at("indicator").as_string() == "neonatal_mortality");
  BOOST_TEST(neonatal->at("indicator_name").as_string() == "新生儿死亡率");
  BOOST_TEST(neonatal->at("target_text").as_string() == "3.1‰");
  BOOST_TEST(neonatal->at("operator").as_string() == "<=");
  BOOST_CHECK_SMALL(neonatal->at("gap").to_number<double>() - (-0.6), 1e-12);
  const auto& cited = neonatal->at("explanation").at("values").at(0);
  BOOST_TEST(cited.at("year").as_int64() == 2024);
  BOOST_TEST(cited.at("value").to_number<double>() == 2.5);
  BOOST_TEST(cited.at("qualifier").as_string() == "exact");
  BOOST_TEST(std::string(cited.at("source").as_string()).find("NBS") != std::string::npos);

  // 托位数 4.08 in 2024 against 4.5 by 2025: not yet due, 0.42 a year still needed.
  const auto* childcare = find_outcome(doc, "welfare.1.1", "全国");
  BOOST_TEST_REQUIRE(childcare != nullptr);
  BOOST_TEST(childcare->at("status").as_string() == "not_yet_due");
  BOOST_CHECK_SMALL(childcare->at("required_per_year").to_number<double>() - 0.42, 1e-9);
  BOOST_TEST(childcare->at("progress").as_string() == "insufficient_data");

  // The roll-ups are the evaluation's counts.
  const auto counts = result.counts();
  const auto& plan = doc.at("rollups").at("plan");
  BOOST_TEST(plan.at("binding").at("met").as_int64() == static_cast<std::int64_t>(counts.count(status::met)));
  BOOST_TEST(plan.at("binding").at("no_data").as_int64() == static_cast<std::int64_t>(counts.count(status::no_data)));
  BOOST_TEST(plan.at("share_met").to_number<double>() == *counts.share_met());
  BOOST_TEST(doc.at("rollups").at("areas").as_array().size() == 2u); // health and welfare
}

BOOST_AUTO_TEST_CASE(json_values_for_the_city) {
  const auto doc = boost::json::parse(render_json(city()));
  // An upper bound that settles the target; a rolled-up count; a growth rate.
  const auto* neonatal = find_outcome(doc, "health.2.1", "测试市");
  BOOST_TEST_REQUIRE(neonatal != nullptr);
  BOOST_TEST(neonatal->at("bound_only").as_bool());
  BOOST_TEST(neonatal->at("bound").as_string() == "upper_bound");
  const auto* workers = find_outcome(doc, "welfare.4.1", "测试市");
  BOOST_TEST_REQUIRE(workers != nullptr);
  BOOST_TEST(workers->at("derived").as_bool());
  BOOST_TEST(workers->at("actual").to_number<double>() == 3.0);
  const auto* allowance = find_outcome(doc, "welfare.1.1", "测试市");
  BOOST_TEST_REQUIRE(allowance != nullptr);
  BOOST_TEST(allowance->at("unit").as_string() == "fraction");
  BOOST_TEST(allowance->at("indicator_unit").as_string() == "元");
  const auto* injury = find_outcome(doc, "safety.1.1", "测试市");
  BOOST_TEST_REQUIRE(injury != nullptr);
  BOOST_TEST(injury->at("explanation").at("baseline").at("year").as_int64() == 2020);
  BOOST_TEST(injury->at("explanation").at("baseline").at("value").to_number<double>() == 1.5);
  const auto* vaccination = find_outcome(doc, "health.3.1", "测试市");
  BOOST_TEST_REQUIRE(vaccination != nullptr);
  BOOST_TEST(vaccination->at("status").as_string() == "not_met");
  BOOST_TEST(vaccination->at("explanation").at("sub_regions").at("judged").as_int64() == 3);
  BOOST_TEST(vaccination->at("unit").as_string() == "sub-regions");
  const auto* qualitative = find_outcome(doc, "health.5.1", "测试市");
  BOOST_TEST_REQUIRE(qualitative != nullptr);
  BOOST_TEST(qualitative->at("status").as_string() == "not_measurable");
  BOOST_TEST(qualitative->at("reason").as_string() == "上升趋势得到有效控制: no measurable target");

  // Early warnings: off-track goals not yet due, and volatile series.
  std::set<std::string> progress_warnings, volatile_warnings;
  for (const auto& w : doc.at("warnings").as_array()) {
    const std::string key = std::string(w.at("rule").as_string()) + "@" + std::string(w.at("region").as_string());
    (w.at("type").as_string() == "volatility" ? volatile_warnings : progress_warnings).insert(key);
    if (w.at("type").as_string() == "progress")
      BOOST_TEST((w.at("progress").as_string() == "needs_acceleration" || w.at("progress").as_string() == "limited_progress" ||
                  w.at("progress").as_string() == "moving_away"));
  }
  BOOST_TEST(progress_warnings.count("health.1.1@乙区") == 1u);
  BOOST_TEST(progress_warnings.count("health.1.1@测试市") == 1u);
  BOOST_TEST(progress_warnings.count("health.1.1@甲区") == 0u); // met early
  BOOST_TEST(volatile_warnings.count("health.1.1@乙区") == 1u);
  BOOST_TEST(volatile_warnings.count("health.1.2@乙区") == 0u); // one warning per series
  BOOST_TEST(volatile_warnings.count("safety.2.1@测试市") == 1u);
  BOOST_TEST(doc.at("rollups").at("regions").as_array().size() == 6u);
}

BOOST_AUTO_TEST_CASE(csv_reads_back) {
  for (const auto* result : {&national(), &city()}) {
    const auto csv = render_csv(*result);
    const auto rows = read_csv(csv);
    BOOST_TEST_REQUIRE(rows.size() == result->outcomes().size() + 1);
    const std::vector<std::string> header{"rule_id", "area", "goal", "tier", "indicator", "region", "status", "aspirational", "year",
                                          "actual", "target", "gap", "unit", "progress", "projected", "required_per_year", "early",
                                          "volatile", "derived", "bound_only", "rule", "source", "indicator_name", "region_path",
                                          "deadline", "target_text", "status_label"};
    BOOST_TEST(rows[0] == header, boost::test_tools::per_element());
    for (std::size_t i = 0; i < result->outcomes().size(); ++i) {
      const auto& o = result->outcomes()[i];
      const auto& row = rows[i + 1];
      BOOST_TEST_REQUIRE(row.size() == header.size());
      BOOST_TEST(row[0] == result->rule_of(o).id);
      BOOST_TEST(row[5] == result->region_name(o));
      BOOST_TEST(row[6] == to_string(o.status));
      // Rule texts carry quotes and commas: quoted, doubled, read back intact.
      BOOST_TEST(row[20] == result->rule_of(o).text);
      BOOST_TEST(row[21] == result->rule_of(o).source);
      if (o.year == 0) {
        BOOST_TEST(row[9].empty());
        continue;
      }
      // Numbers read back exactly, with from_chars (no locale).
      double actual = 0;
      const auto parsed = std::from_chars(row[9].data(), row[9].data() + row[9].size(), actual);
      BOOST_TEST((parsed.ec == std::errc()));
      BOOST_TEST(actual == o.actual);
    }
  }
  BOOST_TEST(render_csv(city()).find("\"neonatal_mortality_2030 <= 2‰\"") == std::string::npos); // no needless quotes
  BOOST_TEST(render_csv(national()).find("\"\"phrase") == std::string::npos);
  BOOST_TEST(render_csv(national()).find("\"\"新生儿…死亡率分别控制在3.1‰…以下\"\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(html_is_self_contained_and_well_formed) {
  for (const auto* result : {&national(), &city()}) {
    const auto html = render_html(*result);
    BOOST_TEST_CONTEXT(html.substr(0, 200)) {
      BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0u);
      BOOST_TEST(html.find("<html lang=\"zh-CN\">") != std::string::npos);
      BOOST_TEST(html.find("<meta charset=\"utf-8\">") != std::string::npos);
      BOOST_TEST(tag_problem(html) == "");
      // Nothing is fetched: no scripts, no external style sheets, images or fonts.
      for (const auto* reference : {"<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"})
        BOOST_TEST(html.find(reference) == std::string::npos, reference);
      // One chart of the areas, one trend chart per series with two values or more.
      const auto trends = series_with_two_values(*result);
      BOOST_TEST(trends >= 3u);
      BOOST_TEST(count(html, "<svg ") == 1 + trends);
      BOOST_TEST(count(html, "class=\"chart area-chart\"") == 1u);
      BOOST_TEST(count(html, "class=\"chart trend-chart\"") == trends);
      BOOST_TEST(count(html, "<svg ") == count(html, "</svg>"));
    }
  }
  const auto html = render_html(city());
  // Trend charts mark the target and the projection, and label the years and the unit.
  BOOST_TEST(html.find("stroke-dasharray=\"6 4\"") != std::string::npos);
  BOOST_TEST(html.find(">2030</text>") != std::string::npos);
  BOOST_TEST(html.find("单位：‰") != std::string::npos);
  BOOST_TEST(html.find("预计达标困难") != std::string::npos);
  // Every text is escaped.
  report_options options;
  options.title = "<script>alert(\"x\")</script> & 'more'";
  const auto escaped = render_html(city(), options);
  BOOST_TEST(escaped.find("<script>") == std::string::npos);
  BOOST_TEST(escaped.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;") != std::string::npos);
  BOOST_TEST(tag_problem(escaped) == "");
  options = {};
  options.trend_charts = false;
  BOOST_TEST(count(render_html(city(), options), "<svg ") == 1u);
  options = {};
  options.explanations = false;
  const auto brief = render_html(city(), options);
  BOOST_TEST(brief.find("<details>") == std::string::npos);
  BOOST_TEST(html.find("<details>") != std::string::npos);
  BOOST_TEST(count(brief, "<svg ") == count(html, "<svg "));
  BOOST_TEST(tag_problem(brief) == "");
}

BOOST_AUTO_TEST_CASE(english_labels_on_request) {
  report_options options;
  options.language = label_language::en;
  const auto text = render_text(city(), options);
  BOOST_TEST(text.rfind("Children's development plan of Test City (2021-2030)", 0) == 0u);
  for (const auto* word : {"[Health]", "indicator", "not yet due", "moving away", "Early warning", "Summary", "volatile",
                           "aspirational", "target at risk", "Infant mortality rate"})
    BOOST_TEST(text.find(word) != std::string::npos, word);
  for (const auto* word : {"达标", "未到期", "预警", "力争", "【"}) BOOST_TEST(text.find(word) == std::string::npos, word);

  const auto doc = boost::json::parse(render_json(city(), options));
  BOOST_TEST(doc.at("language").as_string() == "en");
  BOOST_TEST(find_outcome(doc, "health.1.1", "甲区")->at("status_label").as_string() == "met");
  BOOST_TEST(find_outcome(doc, "health.1.1", "甲区")->at("area_name").as_string() == "Health");

  const auto html = render_html(city(), options);
  BOOST_TEST(html.find("<html lang=\"en\">") != std::string::npos);
  BOOST_TEST(html.find("Status of the goals by area") != std::string::npos);
  BOOST_TEST(html.find("未达标") == std::string::npos);
  BOOST_TEST(tag_problem(html) == "");

  // The CSV keeps its stable codes; only the last column, the label, follows the language.
  const auto csv = read_csv(render_csv(city(), options));
  for (std::size_t i = 1; i < csv.size(); ++i) {
    auto label = csv[i].at(6);
    std::replace(label.begin(), label.end(), '_', ' ');
    BOOST_TEST(csv[i].back() == label);
  }
}

BOOST_AUTO_TEST_CASE(changes_between_two_evaluations) {
  const auto changes = changes_between(city(2023), city(2024));
  BOOST_TEST_REQUIRE(!changes.empty());
  const auto text = render_changes(changes, report_format::text);
  BOOST_TEST(text.find("两次评估之间的变化") == 0u);
  check_alignment(text, 1);
  BOOST_TEST(tables_of(text).at(0).size() == changes.size() + 2);

  const auto doc = boost::json::parse(render_changes(changes, report_format::json));
  BOOST_TEST(doc.at("schema").as_string() == "planrules.changes/1");
  BOOST_TEST(doc.at("count").as_int64() == static_cast<std::int64_t>(changes.size()));
  const auto& first = doc.at("changes").at(0);
  BOOST_TEST(first.at("rule").as_string() == changes[0].rule_id);
  std::set<std::string> keys;
  for (const auto& [k, v] : first.as_object()) keys.insert(std::string(k));
  BOOST_TEST((keys == std::set<std::string>{"rule", "region", "before", "after", "actual_before", "actual_after"}));

  const auto rows = read_csv(render_changes(changes, report_format::csv));
  BOOST_TEST(rows.size() == changes.size() + 1);
  BOOST_TEST(rows[0].at(0) == "rule_id");
  BOOST_TEST(tag_problem(render_changes(changes, report_format::html)) == "");
  // The 2024 values move the city's infant mortality forward.
  bool infant = false;
  for (const auto& c : changes) infant |= c.rule_id == "health.1.1" && c.region == "测试市" && c.actual_after == 5.8;
  BOOST_TEST(infant);

  const auto none = render_changes({}, report_format::text);
  BOOST_TEST(none.find("没有变化") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_empty_evaluation_still_reports) {
  auto checked = testing::check_string(testing::plan_header + "qualitative \"nothing to measure\"\n");
  BOOST_TEST_REQUIRE(checked.ok());
  auto compiled = compile(std::move(checked.plan));
  BOOST_TEST_REQUIRE(compiled.has_value());
  const measurement_set empty;
  auto result = evaluate(*compiled, empty);
  BOOST_TEST_REQUIRE(result.has_value());
  for (const auto f : {report_format::text, report_format::json, report_format::csv, report_format::html}) {
    const auto out = render_report(*result, f);
    BOOST_TEST(!out.empty(), to_string(f));
  }
  BOOST_TEST(tag_problem(render_html(*result)) == "");
  BOOST_TEST(read_csv(render_csv(*result)).size() == result->outcomes().size() + 1);
}

BOOST_AUTO_TEST_SUITE_END()
